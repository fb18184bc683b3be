package ai.horde.ingress.storage;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes every object older than the retention ({@code HORDE_IMAGE_RETENTION}, two hours as the reference's
 * pruner), every {@code HORDE_IMAGE_SWEEP_INTERVAL}. Age, not the request's life, decides, as in the reference:
 * no request, status or worker has to remember what it stored, and a request that outlives the retention loses
 * its images (the reference's requests expire after 20 minutes without a worker, so that takes a restarted job).
 *
 * <p>Known gap: every instance sweeps; with a shared store that is redundant work, not a conflict.
 */
@Singleton
final class ObjectSweep {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectSweep.class);

  private final ObjectStore store;
  private final StorageSettings settings;
  private final Clock clock;
  private volatile Outcome last;

  ObjectSweep(ObjectStore store, StorageSettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * How the last sweep went.
   *
   * @param deleted how many objects it deleted
   * @param failure why it failed, or {@code null}
   */
  record Outcome(Instant at, int deleted, String failure) {}

  @Scheduled(fixedDelay = "${horde.storage.sweep-interval:1m}", initialDelay = "${horde.storage.sweep-interval:1m}")
  void scheduled() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("the sweep of image objects in {} failed; the next one tries again", store.location(), e);
    }
  }

  /** Deletes the objects stored before now minus the retention, and returns how many. */
  int sweep() {
    Instant now = clock.instant();
    try {
      int deleted = store.expireOlderThan(now.minus(settings.retention()));
      last = new Outcome(now, deleted, null);
      if (deleted > 0) {
        LOG.info("deleted {} image objects older than {}", deleted, settings.retention());
      }
      return deleted;
    } catch (RuntimeException e) {
      last = new Outcome(now, 0, String.valueOf(e));
      throw e;
    }
  }

  /** The last sweep's outcome, or {@code null} before the first. */
  Outcome last() {
    return last;
  }
}
