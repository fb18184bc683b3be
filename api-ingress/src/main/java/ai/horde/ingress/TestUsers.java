package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.RegisterUser;
import ai.horde.runtime.HordeEnv;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/v2/dev/test-user} (spec §0.12): mints or refreshes a user with kudos, for tests and
 * harnesses. It exists only when {@code HORDE_TEST_APIKEYS} is on, and only for callers on this machine.
 * It answers once the new key and balance are visible to this instance, so the key works at once.
 */
@Singleton
final class TestUsers {
  private static final Set<String> ON = Set.of("1", "true", "yes", "on");
  private static final JsonShape BODY = JsonShape.object()
      .field("username", JsonShape.string())
      .field("oauth_id", JsonShape.string())
      .field("moderator", JsonShape.bool())
      .field("trusted", JsonShape.bool())
      .field("kudos", JsonShape.integer(0, Long.MAX_VALUE / 100));

  private final AccountCommands accountCommands;
  private final HordeViews views;
  private final ViewWaits waits;
  private final boolean enabled = ON.contains(HordeEnv.system().get("HORDE_TEST_APIKEYS", "").toLowerCase());

  TestUsers(AccountCommands accountCommands, HordeViews views, ViewWaits waits) {
    this.accountCommands = accountCommands;
    this.views = views;
    this.waits = waits;
  }

  CompletableFuture<MutableHttpResponse<String>> create(String body, InetSocketAddress peer) {
    if (!enabled) {
      throw new HordeError(404, "NotFound", "Not Found");
    }
    if (peer == null || !peer.getAddress().isLoopbackAddress()) {
      throw new HordeError(403, "Forbidden", "This route is only available from the local machine.");
    }
    JsonNode json = body == null || body.isBlank() ? Responses.JSON.createObjectNode() : Bodies.parse(body, BODY);
    String username = Bodies.text(json, "username", "test_user");
    boolean moderator = Bodies.flag(json, "moderator", true);
    boolean trusted = Bodies.flag(json, "trusted", true);
    Long kudos = json.has("kudos") ? (json.get("kudos").isNull() ? null : json.get("kudos").asLong()) : Long.valueOf(10_000);
    String apiKey = ApiKeys.generate();
    RegisterUser register = RegisterUser.newBuilder().setUsername(username)
        .setOauthId(Bodies.text(json, "oauth_id", "ci_test_user")).setApiKeyHash(ApiKeys.hash(apiKey))
        .setModerator(moderator).setTrusted(trusted).setKudosCenti(kudos == null ? null : kudos * 100).build();
    return accountCommands.register(register).thenCompose(answer -> {
      return visible(answer.getUserId(), apiKey, kudos).thenApply(balanceCenti -> {
        var response = Responses.JSON.createObjectNode()
            .put("api_key", apiKey).put("user_id", answer.getUserId()).put("username", username)
            .put("alias", answer.getUsername()).put("kudos", balanceCenti / 100.0).put("trusted", trusted)
            .put("moderator", moderator).put("created", answer.getCreated());
        return Responses.json(answer.getCreated() ? 201 : 200, response);
      });
    });
  }

  /** Waits until this instance resolves the new key and shows the requested balance; completes with the balance. */
  private CompletableFuture<Long> visible(long userId, String apiKey, Long kudos) {
    String hash = ApiKeys.hash(apiKey);
    String account = Accounts.user(userId);
    return waits.until(() -> {
      boolean keyKnown = views.users.byKeyHash(hash).isPresent();
      boolean balanceSet = kudos == null || views.balanceCenti(account) == kudos * 100;
      return keyKnown && balanceSet ? Optional.of(views.balanceCenti(account)) : Optional.empty();
    });
  }
}
