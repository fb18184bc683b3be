package ai.horde.ingress.views;

import ai.horde.events.ImageCriteria;
import ai.horde.events.RequestStatus;
import ai.horde.events.TextCriteria;
import ai.horde.events.WorkerState;
import ai.horde.image.ImageJobShape;
import ai.horde.image.ImageKudos;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The horde's load: what {@code /status/performance} and the landing page show. The workers and the queues
 * (text, image and alchemy) come from the views; the work of the last minute from the {@code text_jobs} and {@code image_jobs} read models
 * ({@code max_length} summed over the text jobs delivered in the last 60 s, as the reference counts "tokens",
 * its quirk Q23; the images' pixel-steps).
 */
@Singleton
public final class HordeLoad {
  private static final Logger LOG = LoggerFactory.getLogger(HordeLoad.class);

  private final HordeViews views;
  private final ReadModels readModels;
  private final Clock clock;

  HordeLoad(HordeViews views, ReadModels readModels, Clock clock) {
    this.views = views;
    this.readModels = readModels;
    this.clock = clock;
  }

  /**
   * The load now.
   *
   * @param workers text workers that checked in within 5 minutes
   * @param threads their threads
   * @param waitingRequests text requests with jobs waiting for a worker
   * @param queuedJobs jobs of queued requests, waiting or in flight (the reference's queued_text_requests)
   * @param queuedTokens {@code max_length} times those jobs
   */
  public record Text(int workers, int threads, int waitingRequests, long queuedJobs, long queuedTokens) {}

  public Text now() {
    long now = clock.millis();
    int workers = 0;
    for (WorkerState worker : views.workers().all()) {
      if (WorkKind.TEXT.workerType().equals(worker.getKind()) && Workers.online(worker, now)) {
        workers++;
      }
    }
    long queuedTokens = 0;
    List<RequestStatus> queued = views.statuses(WorkKind.TEXT).queued();
    for (RequestStatus status : queued) {
      queuedTokens += (long) ((TextCriteria) status.getCriteria()).getMaxLength()
          * (status.getProgress().getN() + status.getProgress().getProcessing());
    }
    return new Text(workers, views.onlineThreads(WorkKind.TEXT, now), queued.size(), views.statuses(WorkKind.TEXT).queuedJobs(),
        queuedTokens);
  }

  /**
   * The image load now.
   *
   * @param workers dreamers that checked in within 5 minutes
   * @param threads their threads
   * @param waitingRequests image requests with jobs waiting for a dreamer
   * @param queuedMegapixelsteps the megapixel-steps of the jobs of queued requests, waiting or in flight
   */
  public record Image(int workers, int threads, int waitingRequests, double queuedMegapixelsteps) {}

  public Image image() {
    long now = clock.millis();
    int workers = (int) views.workers().all().stream()
        .filter(worker -> WorkKind.IMAGE.workerType().equals(worker.getKind()) && Workers.online(worker, now)).count();
    long pixelsteps = 0;
    List<RequestStatus> queued = views.statuses(WorkKind.IMAGE).queued();
    for (RequestStatus status : queued) {
      ImageCriteria criteria = (ImageCriteria) status.getCriteria();
      pixelsteps += (long) criteria.getWidth() * criteria.getHeight()
          * ImageKudos.accurateSteps(ImageJobShape.of(criteria))
          * (status.getProgress().getN() + status.getProgress().getProcessing());
    }
    return new Image(workers, views.onlineThreads(WorkKind.IMAGE, now), queued.size(), pixelsteps / 1_000_000.0);
  }

  /**
   * The alchemy load now.
   *
   * @param workers alchemists that checked in within 5 minutes
   * @param threads their threads
   * @param queuedForms forms waiting for an alchemist or being worked on (each form is a request of one job)
   */
  public record Alchemy(int workers, int threads, long queuedForms) {}

  public Alchemy alchemy() {
    long now = clock.millis();
    int workers = (int) views.workers().all().stream()
        .filter(worker -> WorkKind.ALCHEMY.workerType().equals(worker.getKind()) && Workers.online(worker, now))
        .count();
    return new Alchemy(workers, views.onlineThreads(WorkKind.ALCHEMY, now),
        views.statuses(WorkKind.ALCHEMY).waitingOrProcessing());
  }

  /**
   * Tokens of the text jobs delivered in the last minute. When PostgreSQL cannot be read it is 0 (and logged)
   * rather than a failure: frontends read the horde's load to decide whether it is up.
   */
  public CompletableFuture<Long> pastMinuteTokens() {
    return pastMinute("text_jobs", "max_length", "text statistics");
  }

  /** Pixel-steps of the image jobs delivered in the last minute; 0 (logged) when PostgreSQL cannot be read. */
  public CompletableFuture<Long> pastMinutePixelsteps() {
    return pastMinute("image_jobs", "things", "image statistics");
  }

  private CompletableFuture<Long> pastMinute(String table, String work, String statistics) {
    SqlQuery pastMinute = SqlQuery.of("SELECT coalesce(sum(" + work + "), 0) FROM " + table
            + " WHERE kind = 'DELIVERED' AND occurred_at >= ?",
        Instant.ofEpochMilli(clock.millis() - 60_000).atOffset(ZoneOffset.UTC));
    return readModels.list(statistics, pastMinute, row -> row.getLong(1)).handle((rows, error) -> {
      if (error != null) {
        LOG.warn("the work of the last minute is reported as 0: the {} cannot be read", statistics);
        return 0L;
      }
      return rows.get(0);
    });
  }
}
