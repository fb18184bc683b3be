package ai.horde.ingress.status;

import ai.horde.events.TextRequestStatus;
import ai.horde.events.WorkerState;
import ai.horde.ingress.status.StatusBodies.ActiveModel;
import ai.horde.ingress.status.StatusBodies.HordePerformance;
import ai.horde.ingress.status.StatusBodies.ProjectionStatus;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.ReadModels;
import ai.horde.ingress.views.SqlQuery;
import ai.horde.ingress.views.Workers;
import ai.horde.text.ModelReference;
import jakarta.inject.Singleton;
import java.time.Clock;
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
 *   <li>{@code /status/models} and {@code /status/models/{name}} come from the live views only (workers and the
 *       queue; see {@link ModelStats}), so KoboldAI Lite's model list does not depend on PostgreSQL. There are
 *       no image workers: {@code type=image} (the default) lists nothing. {@code model_state=known} means known
 *       to the text model reference ({@link ModelReference}); by name, as in the reference, only known models
 *       are looked up.</li>
 *   <li>{@code /status/performance}: worker, thread and queue numbers from the live views; only
 *       {@code past_minute_tokens} comes from {@code text_jobs} ({@code max_length} summed over the jobs
 *       delivered in the last 60 s, as the reference counts "tokens", quirk Q23). When PostgreSQL cannot be
 *       read it is reported as 0 (and logged) rather than failing the whole body, which Lite reads to decide
 *       whether the horde is up.</li>
 *   <li>{@code /status/projections} (not the reference's): each read model's projection lag.</li>
 * </ul>
 *
 * <p>Known gap: a model's {@code performance} is the mean speed of its online workers: {@code text_jobs} does
 * not keep when a job was handed out, so a per-model tokens/s over the last hour cannot be computed from it.
 */
@Singleton
final class HordeStatusReads {
  private static final Logger LOG = LoggerFactory.getLogger(HordeStatusReads.class);
  static final String TEXT = "text";

  private final HordeViews views;
  private final ReadModels readModels;
  private final Clock clock;
  private final ModelReference reference = ModelReference.load();

  HordeStatusReads(HordeViews views, ReadModels readModels, Clock clock) {
    this.views = views;
    this.readModels = readModels;
    this.clock = clock;
  }

  List<ActiveModel> models(ModelsQuery query) {
    if (!TEXT.equals(query.type())) {
      return List.of();
    }
    return ModelStats.text(views.workers().all(), views.statuses().queued(), Map.of(), null, clock.millis())
        .stream()
        .filter(entry -> query.countFits(entry.count()) && query.stateFits(reference.isKnown(entry.name())))
        .map(entry -> ModelStats.render(entry, TEXT)).toList();
  }

  List<ActiveModel> model(String name) {
    // As the reference, only known models (and specials) are looked up by name, so that arbitrary names cost nothing.
    if (!reference.isKnown(name) && !name.contains("horde_special")) {
      return List.of();
    }
    return ModelStats.text(views.workers().all(), views.statuses().queued(), Map.of(), name, clock.millis())
        .stream().map(entry -> ModelStats.render(entry, TEXT)).toList();
  }

  /** The online text workers, their threads, and what waits. */
  Load load() {
    long now = clock.millis();
    int workers = 0;
    for (WorkerState worker : views.workers().all()) {
      if (TEXT.equals(worker.getKind()) && Workers.online(worker, now)) {
        workers++;
      }
    }
    long queuedTokens = 0;
    List<TextRequestStatus> queued = views.statuses().queued();
    for (TextRequestStatus status : queued) {
      queuedTokens += (long) status.getCriteria().getMaxLength()
          * (status.getProgress().getN() + status.getProgress().getProcessing());
    }
    return new Load(workers, views.onlineTextThreads(now), queued.size(), views.statuses().queuedJobs(),
        queuedTokens);
  }

  /** The horde's text load now: the landing page and {@code /status/performance} show it. */
  record Load(int workers, int threads, int waitingRequests, long queuedJobs, long queuedTokens) {}

  /** {@code max_length} summed over the text jobs delivered in the last minute; 0 when it cannot be read. */
  CompletableFuture<Long> pastMinuteTokens() {
    SqlQuery pastMinute = SqlQuery.of(
        "SELECT coalesce(sum(max_length), 0) FROM text_jobs WHERE kind = 'DELIVERED' AND occurred_at >= ?",
        Instant.ofEpochMilli(clock.millis() - 60_000).atOffset(ZoneOffset.UTC));
    return readModels.list("text statistics", pastMinute, row -> row.getLong(1)).handle((rows, error) -> {
      if (error != null) {
        LOG.warn("past_minute_tokens reported as 0: the text statistics cannot be read");
        return 0L;
      }
      return rows.get(0);
    });
  }

  CompletableFuture<HordePerformance> performance() {
    Load load = load();
    return pastMinuteTokens().thenApply(tokens -> new HordePerformance(0, load.queuedJobs(), 0, load.workers(), 0,
        load.threads(), 0.0, 0.0, 0.0, 0, 0, (double) load.queuedTokens(), (double) tokens));
  }

  CompletableFuture<List<ProjectionStatus>> projections() {
    SqlQuery query = SqlQuery.of("SELECT projection, lag, checked_at FROM projection_status ORDER BY projection");
    return readModels.list("projection status", query, row -> new ProjectionStatus(row.getString(1), row.getLong(2),
        row.getObject(3, OffsetDateTime.class).toInstant().toString()));
  }
}
