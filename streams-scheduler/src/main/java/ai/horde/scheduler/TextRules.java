package ai.horde.scheduler;

import ai.horde.events.GenMetadata;
import ai.horde.events.Job;
import ai.horde.events.PopRequested;
import ai.horde.events.RequestAccepted;
import ai.horde.events.SubmitRequested;
import ai.horde.events.TextCapabilities;
import ai.horde.events.TextCriteria;
import ai.horde.events.TextGeneration;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.text.ModelReference;
import ai.horde.text.TextEligibility;
import ai.horde.text.TextKudos;
import ai.horde.text.TextWorkerProfile;
import ai.horde.text.Utf8;
import ai.horde.topics.TopicSpec;
import ai.horde.work.WorkKind;
import java.time.Duration;
import java.util.List;

/**
 * The text kind's rules (spec §3.2, §4.1, §4.5): eligibility by model, lengths, trust, bridge and speed
 * ({@link TextEligibility}); a pop takes up to {@code amount} jobs; one TTL for every job; rewards from the
 * generated tokens ({@link TextKudos}), the requester charged the reward (nothing for a censored generation)
 * plus the job tax. Pure.
 */
final class TextRules implements KindRules {
  /** What a request's generations may add up to: its status and its stored progress are one record each. */
  static final long GENERATIONS_BUDGET_BYTES = TopicSpec.LARGE_RECORD_BYTES - 1024 * 1024;

  static final double UNREASONABLE_TOKENS_PER_SECOND = 150;

  private final SchedulerSettings settings;
  private final ModelReference models;

  TextRules(SchedulerSettings settings, ModelReference models) {
    this.settings = settings;
    this.models = models;
  }

  @Override
  public WorkKind kind() {
    return WorkKind.TEXT;
  }

  @Override
  public long activationTaxCenti(RequestAccepted request) {
    return TextKudos.ACTIVATION_TAX_CENTI;
  }

  @Override
  public String skipReason(QueueEntry entry, PopRequested pop, WorkerState worker, SchedulerView state) {
    TextEligibility.Skip skip = TextEligibility.check((TextCriteria) entry.criteria(), profile(pop, worker), models);
    return skip == null ? null : skip.key();
  }

  /**
   * Matching uses what the pop says the worker serves right now, which is also what the worker's check-in
   * records; the reference keeps debounced limits for up to 30 s but uses the pop's models.
   */
  private static TextWorkerProfile profile(PopRequested pop, WorkerState worker) {
    TextCapabilities limits = (TextCapabilities) pop.getCapabilities();
    return new TextWorkerProfile(worker.getWorkerId(), pop.getModels(), limits.getMaxLength(),
        limits.getMaxContextLength(), pop.getUserTrusted(), pop.getBridgeAgent(),
        TextWorkerProfile.speedOf(worker.getSpeedSamples()));
  }

  @Override
  public int jobsPerPop(WaitingRequest request, PopRequested pop, int available) {
    return Math.min(pop.getAmount(), available);
  }

  @Override
  public Duration jobTtl(WaitingRequest request, WorkerState worker) {
    return settings.jobTtl();
  }

  @Override
  public long expectedMs(WaitingRequest request, WorkerState worker) {
    double speed = Math.max(TextWorkerProfile.speedOf(worker.getSpeedSamples()), Scheduler.MIN_SPEED);
    return (long) (criteria(request).getMaxLength() / speed * 1000);
  }

  @Override
  public void recordCheckIn(WorkerState.Builder worker, PopRequested pop) {
    TextCapabilities limits = (TextCapabilities) pop.getCapabilities();
    worker.setMaxLength(limits.getMaxLength()).setMaxContextLength(limits.getMaxContextLength())
        .setSoftprompts(limits.getSoftprompts());
  }

  @Override
  public long uptimeRewardCenti(WorkerState worker) {
    return TextKudos.uptimeRewardCenti(models, worker.getModels(), worker.getMaxContextLength(),
        worker.getBridgeAgent());
  }

  @Override
  public Delivery deliver(Job job, WaitingRequest request, WorkerState worker, SubmitRequested submit,
      String state, List<GenMetadata> metadata) {
    String text = submit.getGeneration().replace('\u0000', '\uFFFD');
    long size = Utf8.length(text);
    for (Object earlier : request.getProgress().getGenerations()) {
      size += Utf8.length(((TextGeneration) earlier).getText());
    }
    if (size > GENERATIONS_BUDGET_BYTES) {
      return Delivery.refused(Scheduler.error(400, "BadRequest", "This generation would take the request's texts past "
          + GENERATIONS_BUDGET_BYTES / (1024 * 1024) + " MiB."));
    }
    RequestAccepted accepted = request.getRequest();
    int maxLength = criteria(request).getMaxLength();
    long reward = TextKudos.rewardCenti(models, job.getModel(), maxLength, accepted.getPromptChars(), text,
        submit.getUserTrusted(), worker.getBridgeAgent());
    TextGeneration generation = new TextGeneration(job.getJobId(), worker.getWorkerId(), worker.getName(),
        job.getModel(), state, text, submit.getSeed(), metadata);
    // A censored generation still pays the worker, but the requester is not charged for it (spec R1.32).
    long charge = "ok".equals(state) ? reward : 0;
    return new Delivery(null, generation, TextKudos.tokens(text, maxLength), reward, charge, TextKudos.JOB_TAX_CENTI);
  }

  /**
   * Spec R1.35, as the reference checks it: one suspicion for any text worker over 150 tokens a second, and
   * one more for an untrusted owner's worker over its known model's limit (30 tokens a second from 70 billion
   * parameters, 100 from 14, 150 from 8; three times that for a mixture-of-experts "8x" model).
   */
  @Override
  public int speedSuspicions(Job job, WorkerState worker, long things, double seconds) {
    if (seconds <= 0) {
      return 0;
    }
    double tokensPerSecond = things / seconds;
    int suspicions = tokensPerSecond > UNREASONABLE_TOKENS_PER_SECOND ? 1 : 0;
    if (models.isKnown(job.getModel()) && !worker.getOwnerTrusted()) {
      double billions = models.billions(job.getModel());
      double limit = billions >= 70 ? 30 : billions >= 14 ? 100 : UNREASONABLE_TOKENS_PER_SECOND;
      if (job.getModel().contains("8x")) {
        limit *= 3;
      }
      if (tokensPerSecond > limit) {
        suspicions++;
      }
    }
    return suspicions;
  }

  private static TextCriteria criteria(WaitingRequest request) {
    return (TextCriteria) request.getRequest().getCriteria();
  }
}
