package ai.horde.ingress.intake;

import ai.horde.events.AlchemyCapabilities;
import ai.horde.events.AlchemyCriteria;
import ai.horde.events.ImageCriteria;
import ai.horde.events.TextCriteria;
import ai.horde.events.UserAccount;
import ai.horde.events.WorkerState;
import ai.horde.image.ImageEligibility;
import ai.horde.image.ImageModelReference;
import ai.horde.image.ImageWorkerProfile;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Workers;
import ai.horde.text.TextEligibility;
import ai.horde.text.TextWorkerProfile;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether any online worker of its kind could serve a request (spec R3.8.5): drives a status's {@code is_possible} and
 * the 202's "no available workers" warning. A verdict is kept per request, as status polls are frequent
 * and the answer changes only as workers come and go: 10 s when some worker fits, 2 s when none does, so a
 * worker that comes online is noticed quickly (the reference keeps either 60 s).
 */
@Singleton
public final class WorkerAvailability {
  private static final long POSSIBLE_MS = 10_000;
  private static final long IMPOSSIBLE_MS = 2_000;
  private static final long SWEEP_MS = 1_000;
  /** Here a text worker is slow below 2 tokens/s, not a pop's 3–5 (spec R3.8.5). */
  private static final double POSSIBLE_SPEED = 2;

  private record Verdict(boolean possible, long until) {}

  private final HordeViews views;
  private final Map<String, Verdict> memo = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep = new AtomicLong();

  private final ImageModelReference imageModels;

  WorkerAvailability(HordeViews views, ImageModelReference imageModels) {
    this.views = views;
    this.imageModels = imageModels;
  }

  /** Whether an online worker of the request's kind could serve it. */
  public boolean anyCanServe(String requestId, long requesterId, Object criteria, long now) {
    Verdict verdict = memo.get(requestId);
    if (verdict == null || verdict.until() < now) {
      forgetExpired(now);
      boolean possible = compute(requesterId, criteria, now);
      verdict = new Verdict(possible, now + (possible ? POSSIBLE_MS : IMPOSSIBLE_MS));
      memo.put(requestId, verdict);
    }
    return verdict.possible();
  }

  /**
   * Drops expired verdicts, at most once a second: every new request misses, and a sweep at each miss read the
   * whole map, about 20,000 verdicts at 2,000 requests a second.
   */
  private void forgetExpired(long now) {
    long due = nextSweep.get();
    if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_MS)) {
      memo.values().removeIf(verdict -> verdict.until() < now);
    }
  }

  /**
   * Whether a 202 warns that no worker can serve the request: never in raid mode (spec R3.17.3), so that a raider
   * learns nothing of which workers the horde has.
   */
  public boolean warnsNoneCanServe(String requestId, long requesterId, Object criteria, long now) {
    return !views.modes().getRaid() && !anyCanServe(requestId, requesterId, criteria, now);
  }

  private boolean compute(long requesterId, Object criteria, long now) {
    String type = WorkKind.ofCriteria(criteria).workerType();
    for (WorkerState worker : views.workers().all()) {
      // A paused worker (whose jobs of others are fake) or one in maintenance serves only its owner (spec R3.8.5).
      boolean available = !(worker.getPaused() || worker.getMaintenance()) || worker.getOwnerUserId() == requesterId;
      if (available && type.equals(worker.getKind()) && Workers.online(worker, now) && fits(criteria, worker)) {
        return true;
      }
    }
    return false;
  }

  private boolean fits(Object criteria, WorkerState worker) {
    boolean ownerTrusted = views.users().byId(worker.getOwnerUserId()).map(UserAccount::getTrusted)
        .orElse(worker.getOwnerTrusted());
    if (criteria instanceof TextCriteria text) {
      return TextEligibility.check(text, new TextWorkerProfile(worker.getWorkerId(), worker.getModels(),
          worker.getMaxLength(), worker.getMaxContextLength(), ownerTrusted, worker.getBridgeAgent(),
          TextWorkerProfile.speedOf(worker.getSpeedSamples())), POSSIBLE_SPEED) == null;
    }
    if (criteria instanceof AlchemyCriteria form) {
      // An alchemist that offers the form, takes the image's tiles and is trusted if the form asks for trusted
      // workers (reference can_interrogate; the unsafe-IP and speed checks are the scheduler's).
      AlchemyCapabilities offered = worker.getAlchemy();
      return offered != null && offered.getForms().contains(form.getForm())
          && form.getImageTiles() <= offered.getMaxTiles() && (!form.getTrustedWorkers() || ownerTrusted);
    }
    // A dreamer's blacklist is not checked here: it needs the prompt, which is not kept with the status.
    return worker.getImage() != null && ImageEligibility.check((ImageCriteria) criteria, new ImageWorkerProfile(
        worker.getWorkerId(), worker.getModels(), worker.getImage(), ownerTrusted, worker.getNsfw(),
        ImageWorkerProfile.speedOf(worker.getSpeedSamples())), imageModels, null) == null;
  }
}
