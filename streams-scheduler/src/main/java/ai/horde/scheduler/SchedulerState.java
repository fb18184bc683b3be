package ai.horde.scheduler;

import ai.horde.events.CancelRequested;
import ai.horde.events.HordeModes;
import ai.horde.events.Job;
import ai.horde.events.JobStatus;
import ai.horde.events.PopRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerEvent.CancelKeptForLater;
import ai.horde.scheduler.SchedulerEvent.CheckInDeferred;
import ai.horde.scheduler.SchedulerEvent.EarlyCancelForgotten;
import ai.horde.scheduler.SchedulerEvent.FakeJobSubmitted;
import ai.horde.scheduler.SchedulerEvent.JobDelivered;
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.PopParked;
import ai.horde.scheduler.SchedulerEvent.PopRejected;
import ai.horde.scheduler.SchedulerEvent.RequestCancelled;
import ai.horde.scheduler.SchedulerEvent.RequestExpired;
import ai.horde.scheduler.SchedulerEvent.RequestQueued;
import ai.horde.scheduler.SchedulerEvent.WorkerCheckedIn;
import ai.horde.scheduler.SchedulerEvent.WorkerDeleted;
import ai.horde.scheduler.SchedulerEvent.WorkerModified;
import ai.horde.scheduler.SchedulerEvent.WorkerRegistered;
import ai.horde.scheduler.SchedulerEvent.WorkerUpdated;
import ai.horde.text.TextProgressRules;
import ai.horde.topics.Topics;
import ai.horde.work.SharedCopies;
import ai.horde.work.WorkKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduler's state: seven tables, which are the durable truth (persistent stores, restored from their
 * changelogs), the horde's modes (a read-only global copy of the registry's), and in-memory indexes derived from
 * the tables: the queue in priority order, the deadlines the clock watches, the jobs of each request and the
 * parked pops in arrival order.
 *
 * <p>The indexes are rebuilt from the tables by {@link #rebuildIndexes()} whenever the stream task
 * (re)initialises, including after an aborted transaction, so they can never drift from what was
 * committed. Prompts are in the payloads table, written once per request and deleted when it expires; the
 * queue index ({@link QueueIndex}) holds only what matching needs, each distinct criteria once
 * ({@link SharedCopies}), and is indexed by model and requester so that a pop reads only the requests
 * it could serve ({@code QueueScaleBenchmark} measures their heap and a pop's cost at depth).
 */
final class SchedulerState implements SchedulerView {
  private final Table<String, WaitingRequest> requests;
  private final Table<String, String> payloads;
  private final Table<String, Job> jobs;
  private final Table<String, WorkerState> workers;
  private final Table<String, String> workerNames;
  private final Table<String, PopRequested> parkedPops;
  private final Table<String, CancelRequested> earlyCancels;
  private final Table<String, HordeModes> modes;

  private final Map<WorkKind, QueueIndex> queues = new EnumMap<>(WorkKind.class);
  private final Map<String, QueueEntry> queued = new HashMap<>();
  private final SharedCopies<Object> criteria = new SharedCopies<>();
  private final Deadlines requestExpiries = new Deadlines();
  private final Deadlines jobDeadlines = new Deadlines();
  private final Map<String, List<String>> jobsOfRequest = new HashMap<>();
  private final Map<String, PopRequested> parked = new LinkedHashMap<>();
  private final Map<String, String> parkedPopByWorkerName = new HashMap<>();
  private final Deadlines earlyCancelExpiries = new Deadlines();
  /** Not derived from the tables: lost on a restart, which costs a worker at most one window of its last check-in. */
  private final Map<String, CheckInDeferred> deferredCheckIns = new HashMap<>();
  private final Deadlines checkInFlushes = new Deadlines();
  private final long earlyCancelKeepMs;

  SchedulerState(Tables tables, Duration keepEarlyCancels) {
    this.requests = tables.requests();
    this.payloads = tables.payloads();
    this.jobs = tables.jobs();
    this.workers = tables.workers();
    this.workerNames = tables.workerNames();
    this.parkedPops = tables.parkedPops();
    this.earlyCancels = tables.earlyCancels();
    this.modes = tables.modes();
    this.earlyCancelKeepMs = keepEarlyCancels.toMillis();
    for (WorkKind kind : WorkKind.values()) {
      queues.put(kind, new QueueIndex());
    }
  }

  /**
   * The scheduler's stores, and the horde's modes as the registry last published them (read only).
   */
  record Tables(Table<String, WaitingRequest> requests, Table<String, String> payloads, Table<String, Job> jobs,
      Table<String, WorkerState> workers, Table<String, String> workerNames,
      Table<String, PopRequested> parkedPops, Table<String, CancelRequested> earlyCancels,
      Table<String, HordeModes> modes) {}

  void rebuildIndexes() {
    queues.values().forEach(QueueIndex::clear);
    queued.clear();
    criteria.clear();
    requestExpiries.clear();
    jobDeadlines.clear();
    jobsOfRequest.clear();
    parked.clear();
    parkedPopByWorkerName.clear();
    earlyCancelExpiries.clear();
    deferredCheckIns.clear();
    checkInFlushes.clear();
    requests.forEach((id, request) -> indexRequest(request));
    earlyCancels.forEach((id, cancel) -> earlyCancelExpiries.set(id, cancel.getRequestedAt().toEpochMilli() + earlyCancelKeepMs));
    jobs.forEach((id, job) -> indexJob(job));
    List<PopRequested> pops = new ArrayList<>();
    parkedPops.forEach((id, pop) -> pops.add(pop));
    pops.sort(Comparator.comparing(PopRequested::getRequestedAt).thenComparing(PopRequested::getPopId));
    pops.forEach(this::indexParked);
  }

  // Reads

  @Override
  public WaitingRequest request(String requestId) {
    return requests.get(requestId);
  }

  @Override
  public String payload(String requestId) {
    return payloads.get(requestId);
  }

  @Override
  public CancelRequested earlyCancel(String requestId) {
    return earlyCancels.get(requestId);
  }

  @Override
  public Job job(String jobId) {
    return jobs.get(jobId);
  }

  @Override
  public WorkerState worker(String workerId) {
    return workers.get(workerId);
  }

  @Override
  public WorkerState workerNamed(String name) {
    String id = workerNames.get(name);
    return id == null ? null : workers.get(id);
  }

  @Override
  public CheckInDeferred deferredCheckIn(String workerId) {
    return deferredCheckIns.get(workerId);
  }

  @Override
  public List<WorkerState> workersOf(long userId) {
    List<WorkerState> owned = new ArrayList<>();
    workers.forEach((id, worker) -> {
      if (worker.getOwnerUserId() == userId) {
        owned.add(worker);
      }
    });
    return owned;
  }

  @Override
  public boolean raid() {
    HordeModes current = modes.get(Topics.MODES_KEY);
    return current != null && current.getRaid();
  }

  @Override
  public List<QueueEntry> queue(WorkKind kind) {
    return queues.get(kind).all();
  }

  @Override
  public Iterator<QueueEntry> queueNaming(WorkKind kind, Collection<String> models) {
    return queues.get(kind).naming(models);
  }

  @Override
  public Iterator<QueueEntry> queueNaming(WorkKind kind, Collection<String> models, Collection<Long> userIds) {
    return queues.get(kind).naming(models, userIds);
  }

  @Override
  public Collection<PopRequested> parkedPops() {
    return List.copyOf(parked.values());
  }

  @Override
  public PopRequested parkedPop(String popId) {
    return parked.get(popId);
  }

  @Override
  public PopRequested parkedPopOfWorker(String workerName) {
    String popId = parkedPopByWorkerName.get(workerName);
    return popId == null ? null : parked.get(popId);
  }

  @Override
  public List<String> jobsOf(String requestId) {
    return List.copyOf(jobsOfRequest.getOrDefault(requestId, List.of()));
  }

  /**
   * What the clock has to decide now: parked pops whose hold ran out, jobs past their TTL, requests past their
   * expiry, early cancels no longer worth keeping, deferred check-ins whose window ended. Each decision checks
   * again that its thing is still due. Of each kind with a deadline at most {@code perKind}, the earliest: the
   * rest are due at the next tick still (a restart after a long stop finds the whole queue expired; expired in
   * one tick, it would hold every pop behind one long punctuation). Parked pops are all answered: their
   * workers wait for them, and there are no more of them than workers.
   */
  List<SchedulerCommand> dueAt(long now, int perKind) {
    List<SchedulerCommand> due = new ArrayList<>();
    parked.values().stream().filter(pop -> pop.getHoldUntil().toEpochMilli() <= now)
        .forEach(pop -> due.add(new SchedulerCommand.ExpirePop(pop.getPopId())));
    jobDeadlines.dueAt(now, perKind).forEach(id -> due.add(new SchedulerCommand.TimeOutJob(id)));
    requestExpiries.dueAt(now, perKind).forEach(id -> due.add(new SchedulerCommand.ExpireRequest(id)));
    earlyCancelExpiries.dueAt(now, perKind).forEach(id -> due.add(new SchedulerCommand.ForgetEarlyCancel(id)));
    checkInFlushes.dueAt(now, perKind).forEach(id -> due.add(new SchedulerCommand.FlushCheckIn(id)));
    return due;
  }

  /** Whether a kind with a deadline still has something due at {@code now}: a tick left it to the next. */
  boolean moreDueAt(long now) {
    return jobDeadlines.anyDueAt(now) || requestExpiries.anyDueAt(now) || earlyCancelExpiries.anyDueAt(now)
        || checkInFlushes.anyDueAt(now);
  }

  /**
   * What the metrics show: requests waiting per model they name (or "any"), parked pops, jobs in flight. Read
   * from the sizes of the queue's model indexes: a tick never reads the queue itself.
   */
  /** Requests in the queues, whatever their kind. */
  int waitingCount() {
    return queued.size();
  }

  SchedulerMetrics.Counts counts() {
    Map<String, Integer> waiting = new TreeMap<>();
    for (QueueIndex queue : queues.values()) {
      queue.countsByModel().forEach((model, count) ->
          waiting.merge(QueueIndex.ANY.equals(model) ? "any" : model, count, Integer::sum));
    }
    return new SchedulerMetrics.Counts(waiting, parked.size(), jobDeadlines.size());
  }

  // Writes

  void apply(SchedulerEvent event) {
    if (event instanceof RequestQueued e) {
      payloads.put(e.request().getRequest().getRequestId(), e.payloadJson());
      putRequest(e.request());
    } else if (event instanceof WorkerRegistered e) {
      workers.put(e.worker().getWorkerId(), e.worker());
      workerNames.put(e.worker().getName(), e.worker().getWorkerId());
    } else if (event instanceof WorkerUpdated e) {
      workers.put(e.worker().getWorkerId(), e.worker());
    } else if (event instanceof FakeJobSubmitted e) {
      putJob(e.job());
    } else if (event instanceof WorkerCheckedIn e) {
      workers.put(e.worker().getWorkerId(), e.worker());
      forgetDeferredCheckIn(e.worker().getWorkerId());
    } else if (event instanceof CheckInDeferred e) {
      deferredCheckIns.put(e.workerId(), e);
      checkInFlushes.set(e.workerId(), e.publishAt());
    } else if (event instanceof WorkerModified e) {
      workers.put(e.after().getWorkerId(), e.after());
      if (!e.after().getName().equals(e.before().getName())) {
        freeName(e.before());
        workerNames.put(e.after().getName(), e.after().getWorkerId());
      }
    } else if (event instanceof WorkerDeleted e) {
      workers.delete(e.worker().getWorkerId());
      freeName(e.worker());
      forgetDeferredCheckIn(e.worker().getWorkerId());
    } else if (event instanceof JobsAssigned e) {
      unpark(e.pop());
      putRequest(e.request());
      e.jobs().forEach(this::putJob);
      for (SchedulerEvent.Assignment further : e.alsoAssigned()) {
        putRequest(further.request());
        further.jobs().forEach(this::putJob);
      }
    } else if (event instanceof PopParked e) {
      parkedPops.put(e.pop().getPopId(), e.pop());
      indexParked(e.pop());
    } else if (event instanceof PopAnswered e) {
      unpark(e.pop());
    } else if (event instanceof PopRejected e) {
      unpark(e.pop());
    } else if (event instanceof JobDelivered e) {
      putJob(e.job());
      putRequest(e.request());
      workers.put(e.worker().getWorkerId(), e.worker());
    } else if (event instanceof JobFaulted e) {
      putJob(e.job());
      putRequest(e.request());
      if (e.worker() != null) {
        workers.put(e.worker().getWorkerId(), e.worker());
      }
    } else if (event instanceof SchedulerEvent.RequestRated e) {
      putRequest(e.request());
    } else if (event instanceof RequestCancelled e) {
      putRequest(e.request());
      forgetEarlyCancel(e.request().getRequest().getRequestId());
    } else if (event instanceof CancelKeptForLater e) {
      earlyCancels.put(e.cancel().getRequestId(), e.cancel());
      earlyCancelExpiries.set(e.cancel().getRequestId(), e.cancel().getRequestedAt().toEpochMilli() + earlyCancelKeepMs);
    } else if (event instanceof EarlyCancelForgotten e) {
      forgetEarlyCancel(e.requestId());
    } else if (event instanceof RequestExpired e) {
      String id = e.request().getRequest().getRequestId();
      unindexRequest(id);
      requests.delete(id);
      payloads.delete(id);
      for (String jobId : e.jobIds()) {
        jobDeadlines.remove(jobId);
        jobs.delete(jobId);
      }
      jobsOfRequest.remove(id);
    }
    // SubmitAnswered, SubmitRejected, WorkerCommandRejected, RequestEnded, KudosIssued, SuspicionRaised and the
    // worker messages change nothing stored.
  }

  /** Frees a worker's name, unless it already names another worker. */
  private void freeName(WorkerState worker) {
    if (worker.getWorkerId().equals(workerNames.get(worker.getName()))) {
      workerNames.delete(worker.getName());
    }
  }

  private void forgetDeferredCheckIn(String workerId) {
    deferredCheckIns.remove(workerId);
    checkInFlushes.remove(workerId);
  }

  private void forgetEarlyCancel(String requestId) {
    if (earlyCancels.get(requestId) != null) {
      earlyCancels.delete(requestId);
    }
    earlyCancelExpiries.remove(requestId);
  }

  private void putRequest(WaitingRequest request) {
    requests.put(request.getRequest().getRequestId(), request);
    indexRequest(request);
  }

  private void indexRequest(WaitingRequest request) {
    String id = request.getRequest().getRequestId();
    unindexRequest(id);
    requestExpiries.set(id, request.getProgress().getExpiresAt().toEpochMilli());
    if (TextProgressRules.queued(request.getProgress())) {
      QueueEntry entry = QueueEntry.of(request, criteria);
      queues.get(entry.kind()).add(entry);
      queued.put(id, entry);
    }
  }

  private void unindexRequest(String id) {
    requestExpiries.remove(id);
    QueueEntry entry = queued.remove(id);
    if (entry != null) {
      queues.get(entry.kind()).remove(entry);
      criteria.release(entry.criteria());
    }
  }

  private void putJob(Job job) {
    jobs.put(job.getJobId(), job);
    indexJob(job);
  }

  private void indexJob(Job job) {
    List<String> ids = jobsOfRequest.computeIfAbsent(job.getRequestId(), id -> new ArrayList<>());
    if (!ids.contains(job.getJobId())) {
      ids.add(job.getJobId());
    }
    if (job.getStatus() == JobStatus.PROCESSING) {
      jobDeadlines.set(job.getJobId(), job.getDeadlineAt().toEpochMilli());
    } else {
      jobDeadlines.remove(job.getJobId());
    }
  }

  private void indexParked(PopRequested pop) {
    parked.put(pop.getPopId(), pop);
    parkedPopByWorkerName.put(pop.getWorkerName(), pop.getPopId());
  }

  private void unpark(PopRequested pop) {
    if (parked.remove(pop.getPopId()) != null) {
      parkedPops.delete(pop.getPopId());
      parkedPopByWorkerName.remove(pop.getWorkerName(), pop.getPopId());
    }
  }
}
