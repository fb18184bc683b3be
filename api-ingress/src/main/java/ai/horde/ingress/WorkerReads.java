package ai.horde.ingress;

import ai.horde.events.UserAccount;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The worker reads (spec §1.4): {@code GET /workers} (online workers only), {@code GET /workers/{id}} and
 * {@code GET /workers/name/{name}} (offline ones too). Workers come from the {@code workers} read model, so
 * a worker that popped for the first time a moment ago may be missing until the projection has folded it.
 *
 * <p>An {@code apikey} only matters when it is a moderator's (privileged details); an unknown one is ignored,
 * as in the reference.
 */
@Singleton
final class WorkerReads {
  private static final String WHAT = "workers";

  private final Identities identities;
  private final HordeViews views;
  private final ReadModels readModels;

  WorkerReads(Identities identities, HordeViews views, ReadModels readModels) {
    this.identities = identities;
    this.views = views;
    this.readModels = readModels;
  }

  CompletableFuture<MutableHttpResponse<String>> list(String apiKey, String type, String name) {
    long now = System.currentTimeMillis();
    SqlQuery query = WorkerQueries.online(type, name, Instant.ofEpochMilli(now - Workers.ONLINE_MS));
    return moderator(apiKey).thenCombine(readModels.list(WHAT, query, WorkerRow::read), (moderator, rows) -> {
      ArrayNode body = Responses.JSON.createArrayNode();
      // The clock moved while the query ran: the filter is the database's, "online" is rendered at now.
      rows.forEach(row -> body.add(render(row, moderator, now)));
      return Responses.ok(body);
    });
  }

  CompletableFuture<MutableHttpResponse<String>> byId(String apiKey, String id) {
    return WorkerQueries.byId(id)
        .map(query -> one(apiKey, query, id))
        .orElseGet(() -> CompletableFuture.failedFuture(notFound(id)));
  }

  CompletableFuture<MutableHttpResponse<String>> byName(String apiKey, String name) {
    return one(apiKey, WorkerQueries.byName(name), name);
  }

  static HordeError notFound(String id) {
    return new HordeError(404, "WorkerNotFound", "Worker with ID '" + id + "' not found.");
  }

  private CompletableFuture<MutableHttpResponse<String>> one(String apiKey, SqlQuery query, String asked) {
    return readModels.list(WHAT, query, WorkerRow::read).thenCompose((List<WorkerRow> rows) -> {
      if (rows.isEmpty()) {
        throw notFound(asked);
      }
      return moderator(apiKey).thenApply(moderator ->
          Responses.ok(render(rows.get(0), moderator, System.currentTimeMillis())));
    });
  }

  private ObjectNode render(WorkerRow row, boolean moderator, long now) {
    Optional<UserAccount> owner = views.users.byId(row.ownerId());
    return WorkerDetailsBody.render(row, owner, moderator, now);
  }

  /** Whether the key is a moderator's; no key, or a key nobody has, is not. */
  private CompletableFuture<Boolean> moderator(String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    return identities.find(apiKey).thenApply(user -> user.map(UserAccount::getModerator).orElse(false));
  }
}
