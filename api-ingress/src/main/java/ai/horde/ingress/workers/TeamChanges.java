package ai.horde.ingress.workers;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountAnswer;
import ai.horde.events.ChangeTeam;
import ai.horde.events.CreateTeam;
import ai.horde.events.DeleteTeam;
import ai.horde.events.TeamState;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.Profanity;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.Visibility;
import ai.horde.ingress.workers.WorkerBodies.CreateTeamInput;
import ai.horde.ingress.workers.WorkerBodies.DeletedTeam;
import ai.horde.ingress.workers.WorkerBodies.ModifyTeam;
import ai.horde.ingress.workers.WorkerBodies.ModifyTeamInput;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Creating, changing and deleting teams (spec §1.6 TM2, TM4, TM5): ingress checks that the team exists; the
 * registry decides trust, ownership and the uniqueness of names. Answered once this instance shows the change.
 *
 * <p>Names and info are checked for profanity here (a change only when the requester may make it).
 *
 * <p>Known gap: names and info are not sanitised.
 */
@Singleton
final class TeamChanges {
  static final String API_KEY_HELP = "A User API key.";

  private final Decisions decisions;
  private final Identities identities;
  private final HordeViews views;
  private final Visibility visibility;

  TeamChanges(Decisions decisions, Identities identities, HordeViews views, Visibility visibility) {
    this.decisions = decisions;
    this.identities = identities;
    this.views = views;
    this.visibility = visibility;
  }

  CompletableFuture<ModifyTeam> create(CreateTeamInput input, String apiKey) {
    String teamId = UUID.randomUUID().toString();
    return identities.require(apiKey).thenCompose(user -> {
      if (user.getUserId() == Accounts.ANONYMOUS_ID) {
        throw ApiError.anonForbidden();
      }
      refuseProfanity(input.name(), input.info());
      return decisions.registry(user, new CreateTeam(teamId, input.name(), input.info()), AccountAnswer.class);
    }).thenApply(answer -> {
      Optional<TeamState> team = views.teams().get(teamId);
      return new ModifyTeam(teamId, team.map(TeamState::getName).orElse(answer.getSubjectName()),
          team.map(TeamState::getInfo).orElse(null));
    });
  }

  CompletableFuture<ModifyTeam> change(String teamId, ModifyTeamInput input, String apiKey) {
    return team(teamId).thenCompose(team -> identities.require(apiKey).thenCompose(user -> {
      if (input.name() == null && input.info() == null && mayChange(user, team)) {
        // Nothing asked of a team the requester may change; a stranger is refused by the registry first.
        throw ApiError.badRequest("NoTeamModSelected", "No team modification selected!");
      }
      if (mayChange(user, team)) {
        refuseProfanity(input.name(), input.info());
      }
      return decisions.registry(user, new ChangeTeam(teamId, input.name(), input.info()), AccountAnswer.class);
    })).thenApply(answer -> {
      Optional<TeamState> after = views.teams().get(teamId);
      return new ModifyTeam(teamId, input.name() == null ? null : after.map(TeamState::getName).orElse(input.name()),
          input.info() == null ? null : after.map(TeamState::getInfo).orElse(input.info()));
    });
  }

  CompletableFuture<DeletedTeam> delete(String teamId, String apiKey) {
    return team(teamId).thenCompose(team -> identities.require(apiKey)
        .thenCompose(user -> decisions.registry(user, new DeleteTeam(teamId), AccountAnswer.class))
        .thenApply(answer -> new DeletedTeam(teamId,
            answer.getSubjectName() == null ? team.getName() : answer.getSubjectName())));
  }

  private static void refuseProfanity(String name, String info) {
    Profanity.refuse(name, "team name", "ProfaneTeamName");
    Profanity.refuse(info, "team info", "ProfaneTeamInfo");
  }

  private static boolean mayChange(UserAccount user, TeamState team) {
    return user.getModerator() || user.getUserId() == team.getOwnerId();
  }

  /** The team of an id, after catching up when this instance does not know it yet; else 404. */
  private CompletableFuture<TeamState> team(String teamId) {
    return visibility.find(() -> views.teams().get(teamId), List.of(Topics.TEAMS))
        .thenApply(team -> team.orElseThrow(() -> notFound(teamId)));
  }

  static ApiError notFound(String teamId) {
    return new ApiError(404, "TeamNotFound", "Team with ID '" + teamId + "' not found.");
  }
}
