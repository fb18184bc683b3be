package ai.horde.scheduler;

import ai.horde.events.CancelRequested;
import ai.horde.events.Job;
import ai.horde.events.PopRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.work.WorkKind;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/** What the deciders may read of the scheduler's state. */
interface SchedulerView {
  WaitingRequest request(String requestId);

  /** The job payload (params and prompt) of a live request. */
  String payload(String requestId);

  /** A cancel that arrived before its request, or null. */
  CancelRequested earlyCancel(String requestId);

  Job job(String jobId);

  WorkerState worker(String workerId);

  /** The worker with this exact name, or null. */
  WorkerState workerNamed(String name);

  /** The check-in this worker's last pop deferred, or null. */
  SchedulerEvent.CheckInDeferred deferredCheckIn(String workerId);

  /** The workers (of any kind) this user owns. */
  List<WorkerState> workersOf(long userId);

  /** How many workers (of any kind) this user owns. */
  default int workersOwnedBy(long userId) {
    return workersOf(userId).size();
  }

  /** Whether the horde is in raid mode (spec R3.17.3), as the registry last published its modes. */
  boolean raid();

  /** Requests of a kind waiting for a worker, highest priority first (the whole queue: a copy). */
  List<QueueEntry> queue(WorkKind kind);

  /**
   * The requests of a kind waiting for a worker that name one of these models (or forms) or none, highest
   * priority first: those a worker serving these models may take, read without the rest of the queue.
   */
  Iterator<QueueEntry> queueNaming(WorkKind kind, Collection<String> models);

  /** The same, of these requesters only. */
  Iterator<QueueEntry> queueNaming(WorkKind kind, Collection<String> models, Collection<Long> userIds);

  /** Parked pops, oldest first. */
  Collection<PopRequested> parkedPops();

  PopRequested parkedPop(String popId);

  /** The parked pop of the worker with this name, or null. */
  PopRequested parkedPopOfWorker(String workerName);

  /** Ids of every job of a request, delivered or not. */
  List<String> jobsOf(String requestId);
}
