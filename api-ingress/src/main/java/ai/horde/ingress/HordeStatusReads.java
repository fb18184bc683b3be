package ai.horde.ingress;

import ai.horde.events.TextRequestStatus;
import ai.horde.events.WorkerState;
import ai.horde.text.ModelReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The horde's status reads (spec §1.9 M1, M2, M3, and our projection lag):
 *
 * <ul>
 *   <li>{@code /status/models} and {@code /status/models/{name}} come from the live views only (workers and
 *       the queue; see {@link ModelStats}), so KoboldAI Lite's model list does not depend on PostgreSQL.
 *       {@code performance} is the mean speed of the model's online workers: the {@code text_jobs} read
 *       model records when a job ended but not when it was handed out, so a per-model tokens/s over the
 *       last hour cannot be computed from it. There are no image workers: {@code type=image} (the default)
 *       lists nothing. {@code model_state=known} means known to the text model reference
 *       ({@link ModelReference}); by name, as in the reference, only known models are looked up.</li>
 *   <li>{@code /status/performance}: worker, thread and queue numbers from the live views; only
 *       {@code past_minute_tokens} comes from {@code text_jobs} ({@code max_length} summed over the jobs
 *       delivered in the last 60 s, as the reference counts "tokens", quirk Q23). When PostgreSQL cannot be
 *       read it is reported as 0 (and logged) rather than failing the whole body, which Lite reads to decide
 *       whether the horde is up. Image and interrogation numbers are 0.</li>
 *   <li>{@code /status/projections} (not the reference's): each read model's projection lag, in records not
 *       yet folded, and when that was measured.</li>
 * </ul>
 */
@Singleton
final class HordeStatusReads {
  private static final Logger LOG = LoggerFactory.getLogger(HordeStatusReads.class);
  static final String TEXT = "text";

  private final HordeViews views;
  private final ReadModels readModels;
  private final ModelReference reference = ModelReference.load();

  HordeStatusReads(HordeViews views, ReadModels readModels) {
    this.views = views;
    this.readModels = readModels;
  }

  MutableHttpResponse<String> models(ModelsQuery query) {
    if (!TEXT.equals(query.type())) {
      return Responses.ok(Responses.JSON.createArrayNode());
    }
    List<ModelStats.Entry> entries = ModelStats.text(views.workers.all(), views.statuses.queued(), Map.of(), null,
        System.currentTimeMillis()).stream()
        .filter(entry -> query.countFits(entry.count()) && query.stateFits(reference.isKnown(entry.name())))
        .toList();
    return Responses.ok(ModelStats.render(entries, TEXT));
  }

  MutableHttpResponse<String> model(String name) {
    // As the reference, only known models (and specials) are looked up by name, so that arbitrary names cost nothing.
    if (!reference.isKnown(name) && !name.contains("horde_special")) {
      return Responses.ok(Responses.JSON.createArrayNode());
    }
    return Responses.ok(ModelStats.render(ModelStats.text(views.workers.all(), views.statuses.queued(), Map.of(),
        name, System.currentTimeMillis()), TEXT));
  }

  CompletableFuture<MutableHttpResponse<String>> performance() {
    long now = System.currentTimeMillis();
    int workers = 0;
    for (WorkerState worker : views.workers.all()) {
      if (TEXT.equals(worker.getKind()) && Workers.online(worker, now)) {
        workers++;
      }
    }
    long queuedTokens = 0;
    for (TextRequestStatus status : views.statuses.queued()) {
      queuedTokens += (long) status.getCriteria().getMaxLength()
          * (status.getProgress().getN() + status.getProgress().getProcessing());
    }
    ObjectNode body = Responses.JSON.createObjectNode()
        .put("queued_requests", 0)
        .put("queued_text_requests", views.queuedTextJobs())
        .put("worker_count", 0)
        .put("text_worker_count", workers)
        .put("thread_count", 0)
        .put("text_thread_count", views.onlineTextThreads(now))
        .put("queued_megapixelsteps", 0.0)
        .put("past_minute_megapixelsteps", 0.0)
        .put("queued_forms", 0.0)
        .put("interrogator_count", 0)
        .put("interrogator_thread_count", 0)
        .put("queued_tokens", (double) queuedTokens);
    SqlQuery pastMinute = SqlQuery.of(
        "SELECT coalesce(sum(max_length), 0) FROM text_jobs WHERE kind = 'DELIVERED' AND occurred_at >= ?",
        Instant.ofEpochMilli(now - 60_000).atOffset(ZoneOffset.UTC));
    return readModels.list("text statistics", pastMinute, row -> row.getLong(1))
        .handle((rows, error) -> {
          if (error != null) {
            LOG.warn("past_minute_tokens reported as 0: the text statistics cannot be read");
          }
          return Responses.ok(body.put("past_minute_tokens", error == null ? (double) rows.get(0) : 0.0));
        });
  }

  CompletableFuture<MutableHttpResponse<String>> projections() {
    SqlQuery query = SqlQuery.of("SELECT projection, lag, checked_at FROM projection_status ORDER BY projection");
    return readModels.list("projection status", query, row -> Responses.JSON.createObjectNode()
            .put("name", row.getString(1))
            .put("lag", row.getLong(2))
            .put("checked_at", row.getObject(3, OffsetDateTime.class).toInstant().toString()))
        .thenApply(rows -> {
          ArrayNode body = Responses.JSON.createArrayNode();
          rows.forEach(body::add);
          return Responses.ok(body);
        });
  }
}
