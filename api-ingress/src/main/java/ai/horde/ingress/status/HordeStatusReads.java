package ai.horde.ingress.status;

import ai.horde.image.ImageModelReference;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The horde's status reads (spec §1.9 M1, M2, M3, and our projection lag):
 *
 * <ul>
 *   <li>{@code /status/models} and {@code /status/models/{name}} come from the live views only (workers and the
 *       queue; see {@link ModelStats}), so KoboldAI Lite's model list does not depend on PostgreSQL;
 *       {@code type=image} is the default. {@code model_state=known} means known to the kind's model reference
 *       ({@link ModelReference}, {@link ImageModelReference}); by name, as in the reference, only known models
 *       are looked up.</li>
 *   <li>{@code /status/performance}: the horde's load ({@link HordeLoad}).</li>
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
  private final ImageModelReference imageModels;

  HordeStatusReads(HordeViews views, HordeLoad load, ReadModels readModels, ImageModelReference imageModels,
      Clock clock) {
    this.views = views;
    this.imageModels = imageModels;
    this.load = load;
    this.readModels = readModels;
    this.clock = clock;
  }

  List<ActiveModel> models(ModelsQuery query) {
    WorkKind kind = TEXT.equals(query.type()) ? WorkKind.TEXT : WorkKind.IMAGE;
    return ModelStats.of(kind, views.workers().all(), views.statuses(kind).queued(), Map.of(), null, clock.millis())
        .stream()
        .filter(entry -> query.countFits(entry.count()) && query.stateFits(known(kind, entry.name())))
        .map(entry -> ModelStats.render(entry, kind.workerType())).toList();
  }

  List<ActiveModel> model(String name) {
    // As the reference, only known models (and specials) are looked up by name, so that arbitrary names cost nothing.
    List<ActiveModel> found = new ArrayList<>();
    // Models are text and image models: an alchemist's forms are not looked up here.
    for (WorkKind kind : List.of(WorkKind.TEXT, WorkKind.IMAGE)) {
      if (known(kind, name) || name.contains("horde_special")) {
        ModelStats.of(kind, views.workers().all(), views.statuses(kind).queued(), Map.of(), name, clock.millis())
            .forEach(entry -> found.add(ModelStats.render(entry, kind.workerType())));
      }
    }
    return found;
  }

  private boolean known(WorkKind kind, String model) {
    return kind == WorkKind.TEXT ? reference.isKnown(model) : imageModels.isKnown(model);
  }

  CompletableFuture<HordePerformance> performance() {
    HordeLoad.Text text = this.load.now();
    HordeLoad.Image image = this.load.image();
    return this.load.pastMinuteTokens().thenCombine(this.load.pastMinutePixelsteps(), (tokens, pixelsteps) ->
        new HordePerformance(image.waitingRequests(), text.queuedJobs(), image.workers(), text.workers(),
            image.threads(), text.threads(), image.queuedMegapixelsteps(), pixelsteps / 1_000_000.0, 0.0, 0, 0,
            (double) text.queuedTokens(), (double) tokens));
  }

  CompletableFuture<List<ProjectionStatus>> projections() {
    SqlQuery query = SqlQuery.of("SELECT projection, lag, checked_at FROM projection_status ORDER BY projection");
    return readModels.list("projection status", query, row -> new ProjectionStatus(row.getString(1), row.getLong(2),
        row.getObject(3, OffsetDateTime.class).toInstant().toString()));
  }
}
