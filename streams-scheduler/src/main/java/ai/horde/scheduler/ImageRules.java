package ai.horde.scheduler;

import ai.horde.events.GenMetadata;
import ai.horde.events.ImageCapabilities;
import ai.horde.events.ImageCriteria;
import ai.horde.events.ImageGeneration;
import ai.horde.events.Job;
import ai.horde.events.PopRequested;
import ai.horde.events.RequestAccepted;
import ai.horde.events.SubmitRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.image.ImageEligibility;
import ai.horde.image.ImageJobShape;
import ai.horde.image.ImageKudos;
import ai.horde.image.ImageModelReference;
import ai.horde.image.ImageWorkerProfile;
import ai.horde.work.WorkKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The image kind's rules (spec §2.4–§2.7, §1.4 of kudos-and-scheduling): dreamers are matched by
 * {@link ImageEligibility}; a pop takes as many jobs of one request as its pixels allow
 * ({@link ImageKudos#safeAmount}, one when batching is off); a job's TTL grows with its pixel-steps; a delivery
 * is worth the request's price times its model's baseline multiplier and the bridge's, and costs the requester
 * the price's burn (the censored generation's burn is that of nothing). Pure.
 *
 * <p>Known gap: the reference pays dreamers of obsolete or unofficial bridges less (0.9, 0.75); here every
 * bridge is paid in full.
 */
final class ImageRules implements KindRules {
  static final double UNREASONABLE_MEGAPIXELSTEPS_PER_SECOND = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageModelReference models;

  ImageRules(ImageModelReference models) {
    this.models = models;
  }

  @Override
  public WorkKind kind() {
    return WorkKind.IMAGE;
  }

  @Override
  public long activationTaxCenti(RequestAccepted request) {
    return ImageKudos.activationTaxCenti(criteria(request).getExtraSourceImages());
  }

  @Override
  public String skipReason(QueueEntry entry, PopRequested pop, WorkerState worker, SchedulerView state) {
    ImageCapabilities capabilities = (ImageCapabilities) pop.getCapabilities();
    String prompt = capabilities.getBlacklist().isEmpty() ? null : promptOf(state.payload(entry.requestId()));
    return ImageEligibility.check((ImageCriteria) entry.criteria(), new ImageWorkerProfile(worker.getWorkerId(),
        pop.getModels(), capabilities, pop.getUserTrusted(), pop.getNsfw(),
        ImageWorkerProfile.speedOf(worker.getSpeedSamples())), models, prompt);
  }

  /** The prompt of an image job's stored payload (the blacklist is matched against it). */
  private static String promptOf(String payloadJson) {
    if (payloadJson == null) {
      return "";
    }
    try {
      return JSON.readTree(payloadJson).path("payload").path("prompt").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public int jobsPerPop(WaitingRequest request, PopRequested pop, int available) {
    ImageCriteria c = criteria(request);
    return ImageKudos.safeAmount(pop.getAmount(), ((ImageCapabilities) pop.getCapabilities()).getMaxPixels(),
        ImageJobShape.of(c), models, available, c.getDisableBatching());
  }

  @Override
  public Duration jobTtl(WaitingRequest request, WorkerState worker) {
    boolean extraSlow = worker.getImage() != null && worker.getImage().getExtraSlowWorker();
    return Duration.ofSeconds(ImageKudos.jobTtlSeconds(ImageJobShape.of(criteria(request)), models, extraSlow));
  }

  @Override
  public long expectedMs(WaitingRequest request, WorkerState worker) {
    double speed = Math.max(ImageWorkerProfile.speedOf(worker.getSpeedSamples()), Scheduler.MIN_SPEED);
    return (long) (things(criteria(request)) / speed * 1000);
  }

  @Override
  public void recordCheckIn(WorkerState.Builder worker, PopRequested pop) {
    worker.setImage((ImageCapabilities) pop.getCapabilities());
  }

  @Override
  public long uptimeRewardCenti(WorkerState worker) {
    return ImageKudos.uptimeRewardCenti(worker.getModels().size(),
        worker.getImage() != null && worker.getImage().getAllowLora());
  }

  @Override
  public Delivery deliver(Job job, WaitingRequest request, WorkerState worker, SubmitRequested submit, String state,
      List<GenMetadata> metadata) {
    ImageCriteria c = criteria(request);
    ImageJobShape shape = ImageJobShape.of(c);
    long price = c.getPriceCenti();
    long reward = ImageKudos.rewardCenti(price, models, job.getModel(), shape);
    // A censored image (its worker says so in its state or in a censorship entry, as the reference reads it) still
    // pays the worker; the requester pays only the burn of nothing.
    boolean censored = !"ok".equals(state) || metadata.stream().anyMatch(m -> "censorship".equals(m.getType()));
    long charge = ImageKudos.burnCenti(censored ? 0 : price, shape);
    ImageGeneration generation = new ImageGeneration(job.getJobId(), worker.getWorkerId(), worker.getName(),
        job.getModel(), state, Long.toString(submit.getSeed()), metadata);
    return new Delivery(null, generation, things(c), reward, charge, 0);
  }

  /** An image worker faster than 20 megapixel-steps a second is suspected (spec R1.35, the reference's vars). */
  @Override
  public int speedSuspicions(Job job, WorkerState worker, long things, double seconds) {
    return seconds > 0 && things / seconds / 1_000_000 > UNREASONABLE_MEGAPIXELSTEPS_PER_SECOND ? 1 : 0;
  }

  /** A job's pixel-steps: width × height × the steps it really runs. */
  private static long things(ImageCriteria c) {
    return (long) c.getWidth() * c.getHeight() * ImageKudos.accurateSteps(ImageJobShape.of(c));
  }

  private static ImageCriteria criteria(WaitingRequest request) {
    return (ImageCriteria) request.getRequest().getCriteria();
  }

  private static ImageCriteria criteria(RequestAccepted request) {
    return (ImageCriteria) request.getCriteria();
  }
}
