package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The team reads (spec §1.6): {@code GET /teams} and {@code GET /teams/{id}}, from the {@code teams} and
 * {@code workers} read models (see {@link TeamDetailsBody} for the numbers). The single read checks, in this
 * order: the team (404 {@code TeamNotFound}; a non-UUID id is not found), then an {@code apikey} if one is
 * given, which must be a moderator's (401 {@code InvalidAPIKey}, 403 {@code NotModerator}); the list takes
 * no key.
 */
@Singleton
final class TeamReads {
  private static final String WHAT = "teams";
  private static final String TEAM_COLUMNS = "SELECT id, name, info, owner_id FROM teams";

  private final Identities identities;
  private final HordeViews views;
  private final ReadModels readModels;

  TeamReads(Identities identities, HordeViews views, ReadModels readModels) {
    this.identities = identities;
    this.views = views;
    this.readModels = readModels;
  }

  CompletableFuture<MutableHttpResponse<String>> list() {
    CompletableFuture<List<TeamDetailsBody.Team>> teams =
        readModels.list(WHAT, SqlQuery.of(TEAM_COLUMNS + " ORDER BY created_at, id"), TeamReads::team);
    CompletableFuture<List<WorkerRow>> workers = readModels.list(WHAT, WorkerQueries.inTeams(null), WorkerRow::read);
    return teams.thenCombine(workers, (all, members) -> {
      Map<String, List<WorkerRow>> byTeam = new HashMap<>();
      members.forEach(worker -> byTeam.computeIfAbsent(worker.teamId(), id -> new ArrayList<>()).add(worker));
      long now = System.currentTimeMillis();
      ArrayNode body = Responses.JSON.createArrayNode();
      for (TeamDetailsBody.Team team : all) {
        body.add(TeamDetailsBody.render(team, creator(team), byTeam.getOrDefault(team.id(), List.of()), now));
      }
      return Responses.ok(body);
    });
  }

  CompletableFuture<MutableHttpResponse<String>> byId(String apiKey, String teamId) {
    UUID id = WorkerQueries.uuid(teamId).orElseThrow(() -> notFound(teamId));
    CompletableFuture<List<TeamDetailsBody.Team>> team =
        readModels.list(WHAT, SqlQuery.of(TEAM_COLUMNS + " WHERE id = ?", id), TeamReads::team);
    CompletableFuture<List<WorkerRow>> workers = readModels.list(WHAT, WorkerQueries.inTeams(id), WorkerRow::read);
    return team.thenCompose(found -> {
      if (found.isEmpty()) {
        throw notFound(teamId);
      }
      return requireModeratorIfGiven(apiKey).thenCombine(workers, (ok, members) -> Responses.ok(
          TeamDetailsBody.render(found.get(0), creator(found.get(0)), members, System.currentTimeMillis())));
    });
  }

  static HordeError notFound(String teamId) {
    return new HordeError(404, "TeamNotFound", "Team with ID '" + teamId + "' not found.");
  }

  private CompletableFuture<Void> requireModeratorIfGiven(String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return identities.require(apiKey).thenAccept(user -> {
      if (!user.getModerator()) {
        throw new HordeError(403, "NotModerator", "You're not a mod. BTFO!");
      }
    });
  }

  private String creator(TeamDetailsBody.Team team) {
    return views.users.byId(team.ownerId()).map(Accounts::alias).orElse(null);
  }

  private static TeamDetailsBody.Team team(ResultSet row) throws SQLException {
    return new TeamDetailsBody.Team(row.getObject(1).toString(), row.getString(2), row.getString(3), row.getLong(4));
  }
}
