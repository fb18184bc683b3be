package ai.horde.ingress.status;

import ai.horde.ingress.status.StatusBodies.ActiveModel;
import ai.horde.ingress.status.StatusBodies.HordePerformance;
import ai.horde.ingress.status.StatusBodies.ProjectionStatus;
import ai.horde.ingress.views.HordeLoad;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.ReadModels;
import ai.horde.ingress.views.SqlQuery;
import ai.horde.text.ModelReference;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The horde's status reads (spec §1.9 M1, M2, M3, and our projection lag):
 *
 * <ul>
 *   <li>{@code /status/models} and {@code /status/models/{name}} come from the live views only (workers and the
 *       queue; see {@link ModelStats}), so KoboldAI Lite's model list does not depend on PostgreSQL. There are
 *       no image workers: {@code type=image} (the default) lists nothing. {@code model_state=known} means known
 *       to the text model reference ({@link ModelReference}); by name, as in the reference, only known models
 *       are looked up.</li>
 *   <li>{@code /status/performance}: the horde's text load ({@link HordeLoad}).</li>
 *   <li>{@code /status/projections} (not the reference's): each read model's projection lag.</li>
 * </ul>
 *
 * <p>Known gap: a model's {@code performance} is the mean speed of its online workers: {@code text_jobs} does
 * not keep when a job was handed out, so a per-model tokens/s over the last hour cannot be computed from it.
 */
@Singleton
final class HordeStatusReads {
  static final String TEXT = "text";

  private final HordeViews views;
  private final HordeLoad load;
  private final ReadModels readModels;
  private final Clock clock;
  private final ModelReference reference = ModelReference.load();

  HordeStatusReads(HordeViews views, HordeLoad load, ReadModels readModels, Clock clock) {
    this.views = views;
    this.load = load;
    this.readModels = readModels;
    this.clock = clock;
  }

  List<ActiveModel> models(ModelsQuery query) {
    if (!TEXT.equals(query.type())) {
      return List.of();
    }
    return ModelStats.text(views.workers().all(), views.statuses(WorkKind.TEXT).queued(), Map.of(), null, clock.millis())
        .stream()
        .filter(entry -> query.countFits(entry.count()) && query.stateFits(reference.isKnown(entry.name())))
        .map(entry -> ModelStats.render(entry, TEXT)).toList();
  }

  List<ActiveModel> model(String name) {
    // As the reference, only known models (and specials) are looked up by name, so that arbitrary names cost nothing.
    if (!reference.isKnown(name) && !name.contains("horde_special")) {
      return List.of();
    }
    return ModelStats.text(views.workers().all(), views.statuses(WorkKind.TEXT).queued(), Map.of(), name, clock.millis())
        .stream().map(entry -> ModelStats.render(entry, TEXT)).toList();
  }

  CompletableFuture<HordePerformance> performance() {
    HordeLoad.Text load = this.load.now();
    return this.load.pastMinuteTokens().thenApply(tokens -> new HordePerformance(0, load.queuedJobs(), 0,
        load.workers(), 0, load.threads(), 0.0, 0.0, 0.0, 0, 0, (double) load.queuedTokens(), (double) tokens));
  }

  CompletableFuture<List<ProjectionStatus>> projections() {
    SqlQuery query = SqlQuery.of("SELECT projection, lag, checked_at FROM projection_status ORDER BY projection");
    return readModels.list("projection status", query, row -> new ProjectionStatus(row.getString(1), row.getLong(2),
        row.getObject(3, OffsetDateTime.class).toInstant().toString()));
  }
}
