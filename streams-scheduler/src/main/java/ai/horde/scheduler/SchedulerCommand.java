package ai.horde.scheduler;

import ai.horde.events.AccountBalance;
import ai.horde.events.CancelRequested;
import ai.horde.events.PopRequested;
import ai.horde.events.RatingRequested;
import ai.horde.events.RequestAccepted;
import ai.horde.events.SubmitRequested;
import ai.horde.events.UserEvent;
import ai.horde.events.WorkerCommand;

/**
 * What the scheduler is asked to decide: the inputs from ingress, the account history's changes, and the
 * follow-ups that the clock and earlier decisions raise.
 */
sealed interface SchedulerCommand {
  /**
   * A request to queue.
   *
   * @param requesterBalance the requester's account as the ledger last published it (null when it has not),
   *     looked up by the adapter, so that the decision itself reads nothing outside the scheduler's state
   */
  record AcceptRequest(RequestAccepted request, AccountBalance requesterBalance) implements SchedulerCommand {}

  record Pop(PopRequested pop) implements SchedulerCommand {}

  record Submit(SubmitRequested submit) implements SchedulerCommand {}

  record Cancel(CancelRequested cancel) implements SchedulerCommand {}

  /** Aesthetic ratings of an image request; see {@link Ratings}. */
  record Rate(RatingRequested rating) implements SchedulerCommand {}

  /** A worker to modify or delete (PUT or DELETE /workers/{id}); see {@link WorkerManagement}. */
  record ManageWorker(WorkerCommand command) implements SchedulerCommand {}

  /** A change of an account (its owner's trust or suspicion may change workers); see {@link OwnerChanges}. */
  record OwnerChanged(UserEvent event) implements SchedulerCommand {}

  /** A parked pop's hold ran out. */
  record ExpirePop(String popId) implements SchedulerCommand {}

  /** A job's TTL ran out. */
  record TimeOutJob(String jobId) implements SchedulerCommand {}

  /** A request's expiry passed. */
  record ExpireRequest(String requestId) implements SchedulerCommand {}

  /** A worker's deferred check-in is due. */
  record FlushCheckIn(String workerId) implements SchedulerCommand {}

  /** A cancel that came before its request is no longer worth keeping. */
  record ForgetEarlyCancel(String requestId) implements SchedulerCommand {}

  /** A request has jobs to hand out again: offer them to the workers whose pops are parked. */
  record OfferToParkedPops(String requestId) implements SchedulerCommand {}
}
