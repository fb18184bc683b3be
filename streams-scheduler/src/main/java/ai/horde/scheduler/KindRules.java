package ai.horde.scheduler;

import ai.horde.events.ErrorAnswer;
import ai.horde.events.GenMetadata;
import ai.horde.events.Job;
import ai.horde.events.PopRequested;
import ai.horde.events.RequestAccepted;
import ai.horde.events.SubmitRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.work.WorkKind;
import java.time.Duration;
import java.util.List;

/**
 * The parts of scheduling that differ by kind of work: which worker may take a request (and why not), how
 * many jobs one pop takes and how long they may run, what a check-in records, and what a delivered job is
 * worth. The queue itself (priority, matching order, parking, restarts, expiry, settlement legs) is the same
 * for every kind and lives in {@link Scheduler}; the defaults below are how text and images use it. The kinds:
 * {@link TextRules}, {@link ImageRules}, {@link AlchemyRules}. Implementations are pure.
 */
interface KindRules {
  /**
   * A skip reason a pop counts but never reports in its {@code skipped} answer: the reference keeps quiet about
   * "secret" reasons (countermeasures, and what an alchemist's query filters out before it counts).
   */
  String UNREPORTED = "secret";

  WorkKind kind();

  /** The horde tax a request pays when it is accepted (kept even if it is cancelled). */
  long activationTaxCenti(RequestAccepted request);

  /**
   * Why this pop may not take this waiting request (the pop's {@code skipped} key, or {@link #UNREPORTED}), or
   * null when it may. The queue's own gates (maintenance, expiry) are checked before.
   */
  String skipReason(QueueEntry entry, PopRequested pop, WorkerState worker, SchedulerView state);

  /**
   * The models (alchemy: forms) a pop serves, as requests name them: {@link #skipReason} skips a request that
   * names models, none of them among these, so matching reads only the requests naming one of these or none.
   */
  default List<String> servedModels(PopRequested pop) {
    return pop.getModels();
  }

  /** How many of the {@code available} jobs of a request one pop takes (at least 1). */
  int jobsPerPop(WaitingRequest request, PopRequested pop, int available);

  /**
   * Whether a pop that took fewer jobs than its {@code amount} of its first request goes on down the queue,
   * taking jobs of further requests (an alchemist's pop takes one form of each of several interrogations).
   */
  default boolean popsAcrossRequests() {
    return false;
  }

  /** The model recorded for the jobs this pop takes of this request. */
  default String jobModel(WaitingRequest request, PopRequested pop) {
    return Matching.chooseModel(QueueEntry.models(request.getRequest().getCriteria()), pop.getModels(),
        pop.getPopId());
  }

  /** How long a job of this request may run on this worker before it is faulted. */
  Duration jobTtl(WaitingRequest request, WorkerState worker);

  /** How long a job of this request is expected to run on this worker (for wait_time). */
  long expectedMs(WaitingRequest request, WorkerState worker);

  /** The aborts (faults and timeouts) of a request's jobs after which the request is faulted. */
  default int abortsToFault(SchedulerSettings settings) {
    return settings.faultsToFaultRequest();
  }

  /**
   * The speed sample a delivery adds to its worker's last 20 (what {@code expectedMs} and the eligibility rules
   * read back): things per second, to a tenth.
   *
   * @param seconds from assignment to delivery
   */
  default double speedSample(long things, double seconds) {
    return seconds <= 0 ? 1 : Math.max(Math.round(things / seconds * 10) / 10.0, Scheduler.MIN_SPEED);
  }

  /**
   * How many {@code UNREASONABLY_FAST} suspicions a delivery raises (spec R1.35): none by default (alchemy
   * has no speed limit in the reference).
   *
   * @param things the work the delivery did
   * @param seconds from assignment to delivery
   */
  default int speedSuspicions(Job job, WorkerState worker, long things, double seconds) {
    return 0;
  }

  /**
   * The aborted jobs in an hour past which a worker is put into maintenance (spec R3.9.3): 20, or 10 in raid
   * mode.
   */
  default int abortedJobsThreshold(boolean raid) {
    return raid ? 10 : 20;
  }

  /** What a check-in records of the pop besides what every kind records. */
  void recordCheckIn(WorkerState.Builder worker, PopRequested pop);

  /** A worker's reward for 10 minutes of uptime. */
  long uptimeRewardCenti(WorkerState worker);

  /**
   * What a delivered job gives the requester and is worth, or why it is refused.
   *
   * @param state ok, censored or csam
   * @param metadata the submit's, with a csam verdict added when its state said so
   */
  Delivery deliver(Job job, WaitingRequest request, WorkerState worker, SubmitRequested submit, String state,
      List<GenMetadata> metadata);

  /**
   * A delivery as a kind decides it.
   *
   * @param generation the requester's view of it (a {@code TextGeneration}, {@code ImageGeneration} or
   *     {@code AlchemyResult})
   * @param things the work done, for the worker's speed and statistics (tokens, pixel-steps, forms)
   * @param chargeCenti what the requester pays for it, besides {@code taxCenti}, which is burnt
   */
  record Delivery(ErrorAnswer refusal, Object generation, long things, long rewardCenti, long chargeCenti,
      long taxCenti) {

    static Delivery refused(ErrorAnswer refusal) {
      return new Delivery(refusal, null, 0, 0, 0, 0);
    }
  }
}
