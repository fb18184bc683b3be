package ai.horde.scheduler;

import ai.horde.accounts.Suspicion;
import ai.horde.events.CancelRequested;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.Job;
import ai.horde.events.KudosCommand;
import ai.horde.events.PopRequested;
import ai.horde.events.RatingRequested;
import ai.horde.events.RequestOutcome;
import ai.horde.events.SubmitRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerCommand;
import ai.horde.events.WorkerState;
import java.util.List;
import java.util.Map;

/**
 * What a decision changed. Each event carries the new state of what it touched, so applying it is a plain
 * write and publishing it is a pure mapping ({@link Outputs}).
 */
sealed interface SchedulerEvent {
  /**
   * A request accepted, with where its queue priority starts; its job payload (with the prompt) is kept apart,
   * written once.
   */
  record RequestQueued(WaitingRequest request, String payloadJson) implements SchedulerEvent {}

  record WorkerRegistered(WorkerState worker) implements SchedulerEvent {}

  record WorkerCheckedIn(WorkerState worker) implements SchedulerEvent {}

  /**
   * A pop that only said "still here" inside the check-in window: kept (the latest replacing an earlier one)
   * and published as of {@code seenAt} at {@code publishAt}; see {@link WorkerCheckIns}.
   */
  record CheckInDeferred(String workerId, PopRequested pop, long seenAt, long publishAt)
      implements SchedulerEvent {}

  /**
   * Jobs handed to a worker, answering its pop (one answer) with the job payload: those of one request, and,
   * for a kind that pops across requests (an alchemist's forms), those of further requests.
   *
   * @param alsoAssigned the further requests' jobs, in the order they were taken (empty for text and images)
   */
  record JobsAssigned(PopRequested pop, WorkerState worker, WaitingRequest request, List<Job> jobs,
      String payloadJson, int ttlSeconds, List<Assignment> alsoAssigned) implements SchedulerEvent {}

  /** A request's jobs taken by a pop, with the request as it is after, and its job payload. */
  record Assignment(WaitingRequest request, List<Job> jobs, String payloadJson) {}

  /** No job now: the pop waits for one until its hold runs out. */
  record PopParked(PopRequested pop) implements SchedulerEvent {}

  /** The pop is answered with no job. */
  record PopAnswered(PopRequested pop, String workerId, Map<String, Integer> skipped)
      implements SchedulerEvent {}

  record PopRejected(PopRequested pop, ErrorAnswer error) implements SchedulerEvent {}

  /**
   * A job's generation accepted and settled.
   *
   * @param state ok, censored or csam
   * @param things the work done: tokens, pixel-steps, one form
   * @param chargeCenti what the requester pays for the generation as its kind decides; the job tax comes on top
   *     of it
   */
  record JobDelivered(SubmitRequested submit, Job job, WaitingRequest request, WorkerState worker,
      String state, long things, long rewardCenti, long chargeCenti) implements SchedulerEvent {}

  /**
   * A job aborted, by its worker ({@code submit} set) or by its TTL ({@code submit} null). {@code worker} is
   * null when the worker was deleted while the job was in flight.
   */
  record JobFaulted(Job job, WaitingRequest request, WorkerState worker, SubmitRequested submit)
      implements SchedulerEvent {}

  /** A submit answered without changing anything. */
  record SubmitAnswered(SubmitRequested submit, long rewardCenti) implements SchedulerEvent {}

  record SubmitRejected(SubmitRequested submit, ErrorAnswer error) implements SchedulerEvent {}

  record RequestCancelled(WaitingRequest request) implements SchedulerEvent {}

  /**
   * A cancel for a request not seen yet (the scheduler reads requests and cancels from two topics): kept
   * until the request arrives, which is then cancelled at once.
   */
  record CancelKeptForLater(CancelRequested cancel) implements SchedulerEvent {}

  record EarlyCancelForgotten(String requestId) implements SchedulerEvent {}

  /** The request (already stored with its finished_at) reached its end. */
  record RequestEnded(WaitingRequest request, RequestOutcome outcome) implements SchedulerEvent {}

  /** The request and its jobs are dropped. */
  record RequestExpired(WaitingRequest request, List<String> jobIds) implements SchedulerEvent {}

  /** A request's images rated, once: the requester is awarded {@code rewardCenti}. */
  record RequestRated(RatingRequested rating, WaitingRequest request, long rewardCenti) implements SchedulerEvent {}

  record RatingRejected(RatingRequested rating, ErrorAnswer error) implements SchedulerEvent {}

  /** A worker changed by its owner or a moderator; {@code before} tells which name it gives up. */
  record WorkerModified(WorkerCommand command, WorkerState before, WorkerState after) implements SchedulerEvent {}

  /** A worker deleted: gone from the stores, its name free again. */
  record WorkerDeleted(WorkerCommand command, WorkerState worker) implements SchedulerEvent {}

  record WorkerCommandRejected(WorkerCommand command, ErrorAnswer error) implements SchedulerEvent {}

  /**
   * A paused worker's fake job submitted (spec R1.21): the worker is answered the reward the generation would
   * have earned, and nothing else happens (no kudos, no statistics, nothing shown to the requester).
   */
  record FakeJobSubmitted(SubmitRequested submit, Job job, WaitingRequest request, WorkerState worker,
      long rewardCenti) implements SchedulerEvent {}

  /**
   * A suspicion reason recorded on a worker (spec R3.11.6), carried in the worker state of the event it comes
   * with; this event asks the account registry to record it on the worker's owner too.
   *
   * @param count the worker's suspicions with this one, which makes the registry's command id unique
   */
  record SuspicionRaised(WorkerState worker, Suspicion reason, int count, long at) implements SchedulerEvent {}

  /** A worker changed by a change of its owner's account (trusted, suspicion reset). */
  record WorkerUpdated(WorkerState worker) implements SchedulerEvent {}

  /**
   * A command for the kudos ledger: a tax, a settlement or an uptime reward to apply, or a hold to release.
   * It changes nothing here; the ledger applies it, at most once per command id.
   */
  record KudosIssued(KudosCommand command) implements SchedulerEvent {}
}
