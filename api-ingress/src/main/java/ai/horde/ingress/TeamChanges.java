package ai.horde.ingress;

import static ai.horde.ingress.JsonShape.object;
import static ai.horde.ingress.JsonShape.string;

import ai.horde.accounts.Accounts;
import ai.horde.events.ChangeTeam;
import ai.horde.events.CreateTeam;
import ai.horde.events.DeleteTeam;
import ai.horde.events.TeamState;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Creating, changing and deleting teams (spec §1.6 TM2, TM4, TM5): ingress checks the body's shape and that
 * the team exists; the registry decides trust, ownership and the uniqueness of names. Answers once this
 * instance shows the change.
 *
 * <p>Known gap: names and info are not checked for profanity, nor sanitised.
 */
@Singleton
final class TeamChanges {
  private static final String API_KEY_HELP = "A User API key.";
  static final JsonShape CREATE = object().requiredField("name", string(3, 100)).field("info", string(3, 1000));
  static final JsonShape MODIFY = object().field("name", string(3, 100)).field("info", string(3, 1000));

  private final AccountCommands registry;
  private final Identities identities;
  private final HordeViews views;

  TeamChanges(AccountCommands registry, Identities identities, HordeViews views) {
    this.registry = registry;
    this.identities = identities;
    this.views = views;
  }

  CompletableFuture<MutableHttpResponse<String>> create(String body, String apiKey) {
    JsonNode json = Bodies.parse(body, CREATE);
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
    }
    String teamId = UUID.randomUUID().toString();
    return identities.require(apiKey).thenCompose(user -> {
      if (user.getUserId() == Accounts.ANONYMOUS_ID) {
        throw HordeError.anonForbidden();
      }
      return registry.ask(user, new CreateTeam(teamId, json.get("name").asText(), Bodies.text(json, "info", null)));
    }).thenApply(answer -> {
      TeamState team = views.teams.byId(teamId).orElse(null);
      ObjectNode response = Responses.JSON.createObjectNode().put("id", teamId)
          .put("name", team == null ? answer.getSubjectName() : team.getName());
      if (team != null && team.getInfo() != null) {
        response.put("info", team.getInfo());
      }
      return Responses.ok(response);
    });
  }

  CompletableFuture<MutableHttpResponse<String>> change(String teamId, String body, String apiKey) {
    JsonNode json = Bodies.parse(body, MODIFY);
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
    }
    String name = Bodies.text(json, "name", null);
    String info = Bodies.text(json, "info", null);
    return team(teamId).thenCompose(team -> identities.require(apiKey).thenCompose(user -> {
      if (name == null && info == null && mayChange(user, team)) {
        // Nothing asked of a team the requester may change; a stranger is refused by the registry first.
        throw HordeError.badRequest("NoTeamModSelected", "No team modification selected!");
      }
      return registry.ask(user, new ChangeTeam(teamId, name, info));
    })).thenApply(answer -> {
      ObjectNode response = Responses.JSON.createObjectNode().put("id", teamId);
      Optional<TeamState> after = views.teams.byId(teamId);
      if (name != null) {
        response.put("name", after.map(TeamState::getName).orElse(name));
      }
      if (info != null) {
        response.put("info", after.map(TeamState::getInfo).orElse(info));
      }
      return Responses.ok(response);
    });
  }

  CompletableFuture<MutableHttpResponse<String>> delete(String teamId, String apiKey) {
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
    }
    return team(teamId).thenCompose(team -> identities.require(apiKey)
        .thenCompose(user -> registry.ask(user, new DeleteTeam(teamId)))
        .thenApply(answer -> Responses.ok(Responses.JSON.createObjectNode().put("deleted_id", teamId)
            .put("deleted_name", answer.getSubjectName() == null ? team.getName() : answer.getSubjectName()))));
  }

  private static boolean mayChange(UserAccount user, TeamState team) {
    return user.getModerator() || user.getUserId() == team.getOwnerId();
  }

  /** The team of an id, after catching up when this instance does not know it yet; else 404. */
  private CompletableFuture<TeamState> team(String teamId) {
    return views.find(() -> views.teams.byId(teamId), List.of(Topics.TEAMS))
        .thenApply(team -> team.orElseThrow(() -> notFound(teamId)));
  }

  static HordeError notFound(String teamId) {
    return new HordeError(404, "TeamNotFound", "Team with ID '" + teamId + "' not found.");
  }
}
