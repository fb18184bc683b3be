package ai.horde.ingress.image;

import ai.horde.events.GenMetadata;
import ai.horde.events.ImageCriteria;
import ai.horde.events.ImageGeneration;
import ai.horde.events.ImageRating;
import ai.horde.events.RatingRequested;
import ai.horde.events.RequestStatus;
import ai.horde.ingress.image.ImageBodies.AestheticsPayload;
import ai.horde.ingress.image.ImageBodies.GenerationMetadataStable;
import ai.horde.ingress.image.ImageBodies.GenerationStable;
import ai.horde.ingress.image.ImageBodies.RequestStatusCheck;
import ai.horde.ingress.image.ImageBodies.RequestStatusStable;
import ai.horde.ingress.intake.IntakeBodies.GenerationSubmitted;
import ai.horde.ingress.intake.RequestStatuses;
import ai.horde.ingress.intake.RequestStatuses.Progressed;
import ai.horde.ingress.storage.ObjectKeys;
import ai.horde.ingress.storage.ObjectStore;
import ai.horde.ingress.views.Decisions;
import ai.horde.work.WorkKind;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * An image request's progress ({@code GET /generate/check/{id}}), its status with its images
 * ({@code GET /generate/status/{id}}), its cancel ({@code DELETE}, which answers the status as it was) and the
 * aesthetic ratings of its images ({@code POST /generate/rate/{id}}). An
 * image is a fresh download link at every status (30 minutes), or, for a request that asked {@code r2: false},
 * the image itself as base64 webp ({@code N/A} once it is gone), read off the event loop.
 */
@Singleton
public final class ImageStatuses {
  private final RequestStatuses statuses;
  private final Decisions decisions;
  private final ObjectStore store;
  private final ExecutorService blocking;
  private final Clock clock;

  ImageStatuses(RequestStatuses statuses, Decisions decisions, ObjectStore store,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Clock clock) {
    this.statuses = statuses;
    this.decisions = decisions;
    this.store = store;
    this.blocking = blocking;
    this.clock = clock;
  }

  CompletableFuture<RequestStatusCheck> check(String requestId) {
    return statuses.find(WorkKind.IMAGE, requestId, "Check").thenApply(status -> {
      Progressed p = statuses.progress(WorkKind.IMAGE, status);
      return new RequestStatusCheck(p.finished(), p.processing(), p.restarted(), p.waiting(), p.done(), p.faulted(),
          p.waitTime(), p.queuePosition(), p.kudos(), p.isPossible());
    });
  }

  CompletableFuture<RequestStatusStable> status(String requestId, URI base) {
    return statuses.find(WorkKind.IMAGE, requestId, "Status").thenCompose(status -> render(status, base));
  }

  CompletableFuture<RequestStatusStable> cancel(String requestId, URI base) {
    return statuses.find(WorkKind.IMAGE, requestId, "Delete").thenCompose(status -> render(status, base))
        .thenCompose(before -> statuses.cancel(WorkKind.IMAGE, requestId).thenApply(sent -> before));
  }

  /**
   * Aesthetic ratings of a shared, completed request (I5): the scheduler checks them against the request and
   * awards the requester; anyone with the id may rate, as in the reference.
   */
  CompletableFuture<GenerationSubmitted> rate(String requestId, AestheticsPayload payload, String clientAgent) {
    return decisions.rate(RatingRequested.newBuilder().setRequestId(requestId).setBest(payload.best())
            .setRatings(payload.ratings().stream()
                .map(r -> new ImageRating(r.id(), r.rating(), r.artifacts())).toList())
            .setClientAgent(clientAgent).setRequestedAt(clock.instant()))
        .thenApply(answer -> new GenerationSubmitted(answer.getRewardCenti() / 100.0));
  }

  private CompletableFuture<RequestStatusStable> render(RequestStatus status, URI base) {
    Progressed p = statuses.progress(WorkKind.IMAGE, status);
    ImageCriteria criteria = (ImageCriteria) status.getCriteria();
    List<ImageGeneration> images = status.getProgress().getGenerations().stream().map(ImageGeneration.class::cast)
        .toList();
    CompletableFuture<List<GenerationStable>> generations = criteria.getR2()
        ? CompletableFuture.completedFuture(images.stream().map(g -> generation(g,
            store.downloadUrl(ObjectKeys.generation(UUID.fromString(g.getJobId())), base).toString())).toList())
        : CompletableFuture.supplyAsync(() -> images.stream().map(g -> generation(g, inline(g))).toList(), blocking);
    return generations.thenApply(list -> new RequestStatusStable(p.finished(), p.processing(), p.restarted(),
        p.waiting(), p.done(), p.faulted(), p.waitTime(), p.queuePosition(), p.kudos(), p.isPossible(), list,
        criteria.getShared()));
  }

  private String inline(ImageGeneration generation) {
    return store.get(ObjectKeys.generation(UUID.fromString(generation.getJobId())))
        .map(image -> Base64.getEncoder().encodeToString(image.bytes())).orElse("N/A");
  }

  /** Whether a delivered image counts as censored: not {@code ok}, or a censorship entry in its metadata. */
  public static boolean censored(ImageGeneration g) {
    return !"ok".equals(g.getState()) || g.getGenMetadata().stream().anyMatch(m -> "censorship".equals(m.getType()));
  }

  private static GenerationStable generation(ImageGeneration g, String img) {
    List<GenMetadata> metadata = g.getGenMetadata();
    return new GenerationStable(g.getWorkerId(), g.getWorkerName(), g.getModel(), "ok", img, g.getSeed(),
        g.getJobId(), censored(g),
        metadata.stream().map(m -> new GenerationMetadataStable(m.getType(), m.getValue(), m.getRef())).toList());
  }
}
