package ai.horde.ingress.workers;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.ReadModels;
import ai.horde.ingress.views.SqlQuery;
import ai.horde.ingress.views.Workers;
import ai.horde.ingress.workers.WorkerBodies.WorkerDetails;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The worker reads (spec §1.4): {@code GET /workers} (online workers only), {@code GET /workers/{id}} and
 * {@code GET /workers/name/{name}} (offline ones too). Workers come from the {@code workers} read model, so a
 * worker that popped for the first time a moment ago may be missing until the projection has folded it.
 *
 * <p>An {@code apikey} only matters when it is a moderator's (privileged details); an unknown one is ignored, as
 * in the reference.
 */
@Singleton
final class WorkerReads {
  private static final String WHAT = "workers";

  private final Identities identities;
  private final HordeViews views;
  private final ReadModels readModels;
  private final Clock clock;

  WorkerReads(Identities identities, HordeViews views, ReadModels readModels, Clock clock) {
    this.identities = identities;
    this.views = views;
    this.readModels = readModels;
    this.clock = clock;
  }

  CompletableFuture<List<WorkerDetails>> list(String apiKey, String type, String name) {
    long now = clock.millis();
    SqlQuery query = WorkerQueries.online(type, name, Instant.ofEpochMilli(now - Workers.ONLINE_MS));
    // The clock moved while the query ran: the filter is the database's, "online" is rendered at now.
    return identities.isModerator(apiKey).thenCombine(readModels.list(WHAT, query, WorkerRow::read),
        (moderator, rows) -> rows.stream().map(row -> render(row, moderator, now)).toList());
  }

  CompletableFuture<WorkerDetails> byId(String apiKey, String id) {
    return WorkerQueries.byId(id).map(query -> one(apiKey, query, id))
        .orElseGet(() -> CompletableFuture.failedFuture(notFound(id)));
  }

  CompletableFuture<WorkerDetails> byName(String apiKey, String name) {
    return one(apiKey, WorkerQueries.byName(name), name);
  }

  static ApiError notFound(String id) {
    return ApiError.workerNotFound(id);
  }

  private CompletableFuture<WorkerDetails> one(String apiKey, SqlQuery query, String asked) {
    return readModels.list(WHAT, query, WorkerRow::read).thenCompose(rows -> {
      if (rows.isEmpty()) {
        throw notFound(asked);
      }
      return identities.isModerator(apiKey).thenApply(moderator -> render(rows.get(0), moderator, clock.millis()));
    });
  }

  private WorkerDetails render(WorkerRow row, boolean moderator, long now) {
    return WorkerDetailsView.render(row, views.users().byId(row.ownerId()), moderator,
        views.workerMessages().activeFor(row.id(), now), now);
  }
}
