package ai.horde.ingress.workers;

import ai.horde.accounts.Accounts;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.ReadModels;
import ai.horde.ingress.views.SqlQuery;
import ai.horde.ingress.workers.WorkerBodies.ActiveModelLite;
import ai.horde.ingress.workers.WorkerBodies.TeamDetails;
import ai.horde.ingress.workers.WorkerBodies.WorkerDetailsLite;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The team reads (spec §1.6): {@code GET /teams} and {@code GET /teams/{id}}, from the {@code teams} and
 * {@code workers} read models. The single read checks, in this order: the team (404 {@code TeamNotFound}; a
 * non-UUID id is not found), then an {@code apikey} if one is given, which must be a moderator's (401, 403
 * {@code NotModerator}); the list takes no key.
 *
 * <p>The numbers are summed over the team's current workers. Per spec R3.16.2 only image workers add to
 * {@code requests_fulfilled} and {@code kudos}; text workers and alchemists (whose forms the reference gives no
 * team) add their uptime only. {@code models} counts the team's workers (online or not) that serve each model;
 * an alchemist serves forms, not models (the reference fails on a team with one: its alchemists have no model
 * names), so it adds none. Known gap: the
 * reference accrues a team's uptime while a worker is in it; here a worker brings its whole uptime when it joins
 * and takes it along when it leaves.
 */
@Singleton
final class TeamReads {
  private static final String WHAT = "teams";
  private static final String TEAM_COLUMNS = "SELECT id, name, info, owner_id FROM teams";

  /** One team of the {@code teams} read model. */
  record Team(String id, String name, String info, long ownerId) {}

  private final Identities identities;
  private final HordeViews views;
  private final ReadModels readModels;
  private final Clock clock;

  TeamReads(Identities identities, HordeViews views, ReadModels readModels, Clock clock) {
    this.identities = identities;
    this.views = views;
    this.readModels = readModels;
    this.clock = clock;
  }

  CompletableFuture<List<TeamDetails>> list() {
    CompletableFuture<List<Team>> teams =
        readModels.list(WHAT, SqlQuery.of(TEAM_COLUMNS + " ORDER BY created_at, id"), TeamReads::team);
    CompletableFuture<List<WorkerRow>> workers = readModels.list(WHAT, WorkerQueries.inTeams(null), WorkerRow::read);
    return teams.thenCombine(workers, (all, members) -> {
      Map<String, List<WorkerRow>> byTeam = new HashMap<>();
      members.forEach(worker -> byTeam.computeIfAbsent(worker.teamId(), id -> new ArrayList<>()).add(worker));
      long now = clock.millis();
      return all.stream().map(team -> render(team, creator(team), byTeam.getOrDefault(team.id(), List.of()), now))
          .toList();
    });
  }

  CompletableFuture<TeamDetails> byId(String apiKey, String teamId) {
    UUID id = WorkerQueries.uuid(teamId).orElseThrow(() -> TeamChanges.notFound(teamId));
    CompletableFuture<List<Team>> team =
        readModels.list(WHAT, SqlQuery.of(TEAM_COLUMNS + " WHERE id = ?", id), TeamReads::team);
    CompletableFuture<List<WorkerRow>> workers = readModels.list(WHAT, WorkerQueries.inTeams(id), WorkerRow::read);
    return team.thenCompose(found -> {
      if (found.isEmpty()) {
        throw TeamChanges.notFound(teamId);
      }
      return identities.requireModeratorIfGiven(apiKey).thenCombine(workers,
          (ok, members) -> render(found.get(0), creator(found.get(0)), members, clock.millis()));
    });
  }

  /** The owner's alias, null while the views do not know the owner. */
  private String creator(Team team) {
    return views.users().byId(team.ownerId()).map(Accounts::alias).orElse(null);
  }

  /** A team's details, summed over its workers as the read models have them. Pure. */
  static TeamDetails render(Team team, String creator, List<WorkerRow> workers, long now) {
    long requests = 0;
    BigDecimal kudos = BigDecimal.ZERO;
    long uptime = 0;
    Map<String, Integer> models = new TreeMap<>();
    for (WorkerRow worker : workers) {
      uptime += worker.uptimeSeconds();
      if (WorkKind.IMAGE.workerType().equals(worker.kind())) {
        requests += worker.requestsFulfilled();
        kudos = kudos.add(worker.kudosGenerated());
      }
      if (WorkKind.ALCHEMY.workerType().equals(worker.kind())) {
        continue;
      }
      for (String model : new LinkedHashSet<>(worker.models())) {
        models.merge(model, 1, Integer::sum);
      }
    }
    return new TeamDetails(team.name(), team.id(), team.info(), requests, kudos.doubleValue(), uptime, creator,
        workers.size(),
        workers.stream().map(w -> new WorkerDetailsLite(w.kind(), w.name(), w.id(), w.online(now))).toList(),
        models.entrySet().stream().map(m -> new ActiveModelLite(m.getKey(), m.getValue())).toList());
  }

  private static Team team(ResultSet row) throws SQLException {
    return new Team(row.getObject(1).toString(), row.getString(2), row.getString(3), row.getLong(4));
  }
}
