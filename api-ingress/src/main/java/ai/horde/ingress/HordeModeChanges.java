package ai.horde.ingress;

import static ai.horde.ingress.JsonShape.bool;
import static ai.horde.ingress.JsonShape.object;

import ai.horde.events.HordeModes;
import ai.horde.events.SetHordeModes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/**
 * The horde's modes (spec §1.9 M4, M5, §3.17): read from this instance's view; changed by the registry,
 * which checks that maintenance is an admin's and invite-only and raid a moderator's.
 *
 * <p>The reference's body keys are {@code maintenance}, {@code invite_only} and {@code raid} (its Swagger);
 * the response keys, {@code maintenance_mode}, {@code invite_only_mode}, {@code raid_mode}, are accepted in
 * the body as well. Known gap: {@code shutdown} is not supported.
 */
@Singleton
final class HordeModeChanges {
  private static final String API_KEY_HELP = "The Admin API key.";
  static final JsonShape BODY = object().field("maintenance", bool()).field("invite_only", bool())
      .field("raid", bool()).field("maintenance_mode", bool()).field("invite_only_mode", bool())
      .field("raid_mode", bool());

  private final AccountCommands registry;
  private final Identities identities;
  private final HordeViews views;

  HordeModeChanges(AccountCommands registry, Identities identities, HordeViews views) {
    this.registry = registry;
    this.identities = identities;
    this.views = views;
  }

  /** M4: raid mode only for a moderator's key; another key is 403, an invalid one 401. */
  CompletableFuture<MutableHttpResponse<String>> get(String apiKey) {
    HordeModes modes = views.modes();
    ObjectNode body = Responses.JSON.createObjectNode().put("maintenance_mode", modes.getMaintenance())
        .put("invite_only_mode", modes.getInviteOnly());
    if (apiKey == null || apiKey.isEmpty()) {
      return CompletableFuture.completedFuture(Responses.ok(body));
    }
    return identities.require(apiKey).thenApply(user -> {
      if (!user.getModerator()) {
        throw new HordeError(403, "NotModerator", "You're not a mod. BTFO!");
      }
      return Responses.ok(body.put("raid_mode", views.modes().getRaid()));
    });
  }

  /** M5: the modes asked for, as they are after the change. */
  CompletableFuture<MutableHttpResponse<String>> set(String body, String apiKey) {
    JsonNode json = Bodies.parse(body, BODY);
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
    }
    SetHordeModes command = new SetHordeModes(mode(json, "maintenance"), mode(json, "invite_only"),
        mode(json, "raid"));
    return identities.require(apiKey).thenCompose(user -> registry.ask(user, command)).thenApply(answer -> {
      HordeModes after = views.modes();
      ObjectNode response = Responses.JSON.createObjectNode();
      if (command.getMaintenance() != null) {
        response.put("maintenance_mode", after.getMaintenance());
      }
      if (command.getInviteOnly() != null) {
        response.put("invite_only_mode", after.getInviteOnly());
      }
      if (command.getRaid() != null) {
        response.put("raid_mode", after.getRaid());
      }
      return Responses.ok(response);
    });
  }

  private static Boolean mode(JsonNode json, String name) {
    Boolean mode = Bodies.optionalFlag(json, name);
    return mode != null ? mode : Bodies.optionalFlag(json, name + "_mode");
  }
}
