package ai.horde.scheduler;

import static java.nio.charset.StandardCharsets.UTF_8;

import ai.horde.events.InFlightJob;
import ai.horde.events.Job;
import ai.horde.events.JobStatus;
import ai.horde.events.PopRequested;
import ai.horde.events.Progress;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerEvent.Assignment;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.PopParked;
import ai.horde.scheduler.SchedulerEvent.PopRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerCheckedIn;
import ai.horde.scheduler.SchedulerEvent.WorkerRegistered;
import ai.horde.text.TextProgressRules;
import ai.horde.work.WorkKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Pops (spec §3.2), for every kind of work: a pop takes the best-placed request of its kind it may serve, its
 * owner's and its priority users' requests first; it takes the jobs its kind's rules allow of that one
 * request. A kind that {@linkplain KindRules#popsAcrossRequests pops across requests} (alchemy) goes on down
 * the queue in the same order until the pop has its {@code amount} of jobs, and the one answer lists them all.
 * Job ids derive from the pop id, so that deciding the same pop again gives the same jobs. With no job for it,
 * a pop is parked until its hold runs out, and offered every request that gets jobs to hand out (a parked pop
 * takes only that request's jobs).
 *
 * <p>A skip reason a kind marks {@link KindRules#UNREPORTED} still counts as a skip but is left out of the
 * answer.
 *
 * <p>A paused worker (spec R1.21, R3.11.5) is matched as any other, but a request of another user gives it a
 * {@linkplain #fakeJob fake job}: the request is not served by it and keeps its jobs for others, and it is never
 * offered that request again ("secret"). Its owner's requests it serves for real.
 *
 * <p>Workers are created by their first pop (spec R3.11.1: refused in invite-only mode without an invitation
 * left, and past the per-user limits), and check in with every pop ({@link WorkerCheckIns}). A worker name
 * belongs to one kind of worker (PolymorphicNameConflict).
 */
final class Matching {
  static final String DEFAULT_MAINTENANCE_MESSAGE = "This worker has been put into maintenance mode by its owner";
  private static final int UNTRUSTED_WORKER_LIMIT = 3;
  private static final int WORKER_LIMIT = 20;

  private final SchedulerSettings settings;
  private final Function<WorkKind, KindRules> rules;
  private final WorkerCheckIns checkIns;

  Matching(SchedulerSettings settings, Function<WorkKind, KindRules> rules, WorkerCheckIns checkIns) {
    this.settings = settings;
    this.rules = rules;
    this.checkIns = checkIns;
  }

  List<SchedulerEvent> pop(SchedulerView state, PopRequested pop, long now) {
    List<SchedulerEvent> events = new ArrayList<>();
    WorkKind kind = WorkKind.ofCapabilities(pop.getCapabilities());
    WorkerState worker = state.workerNamed(pop.getWorkerName());
    if (worker != null && !worker.getKind().equals(kind.workerType())) {
      return List.of(new PopRejected(pop, Scheduler.error(400, "PolymorphicNameConflict", "The specified name '"
          + pop.getWorkerName() + "' is already taken by a different type of worker. Please choose a different name!")));
    }
    if (worker != null && worker.getOwnerUserId() != pop.getUserId()) {
      return List.of(new PopRejected(pop,
          Scheduler.error(403, "WrongCredentials", "Wrong credentials to submit as this worker.")));
    }
    if (worker == null) {
      PopRejected refused = refuseNewWorker(state, pop);
      if (refused != null) {
        return List.of(refused);
      }
      List<SchedulerEvent> raised = new ArrayList<>();
      worker = WorkerSuspicions.forName(checkIns.register(pop, now), pop.getAskedNameChars(), now, raised);
      events.add(new WorkerRegistered(worker));
      events.addAll(raised);
    } else {
      List<SchedulerEvent> checkIn = checkIns.checkIn(worker, pop, now);
      if (checkIn.get(0) instanceof WorkerCheckedIn checkedIn) {
        worker = checkedIn.worker();
      }
      events.addAll(checkIn);
    }
    PopRequested earlier = state.parkedPopOfWorker(pop.getWorkerName());
    if (earlier != null) {
      // A worker polls again only once it gave up on its earlier pop: never hand a job to that one.
      events.add(new PopAnswered(earlier, worker.getWorkerId(), Map.of()));
    }
    if (!canStillAssign(pop, now)) {
      events.add(new PopAnswered(pop, worker.getWorkerId(), Map.of()));
      return events;
    }
    List<QueueEntry> matches = matches(state, pop, worker, now);
    if (!matches.isEmpty()) {
      events.add(assign(state, pop, worker, matches, now));
    } else if (worker.getMaintenance()) {
      String message = worker.getMaintenanceMsg() == null ? DEFAULT_MAINTENANCE_MESSAGE : worker.getMaintenanceMsg();
      events.add(new PopRejected(pop, Scheduler.error(403, "WorkerMaintenance", message)));
    } else if (now < pop.getHoldUntil().toEpochMilli()) {
      events.add(new PopParked(pop));
    } else {
      events.add(new PopAnswered(pop, worker.getWorkerId(), skipped(state, pop, worker, matches, now)));
    }
    return events;
  }

  private static PopRejected refuseNewWorker(SchedulerView state, PopRequested pop) {
    int owned = state.workersOwnedBy(pop.getUserId());
    if (pop.getInviteOnly() && owned >= pop.getWorkerInvited()) {
      return new PopRejected(pop, Scheduler.error(403, "WorkerInviteOnly", inviteOnlyMessage(pop.getWorkerInvited())));
    }
    if (!pop.getUserTrusted() && owned > UNTRUSTED_WORKER_LIMIT) {
      return new PopRejected(pop, Scheduler.error(403, "TooManyWorkers",
          "You cannot have more than " + UNTRUSTED_WORKER_LIMIT + " distinct workers as an untrusted user."));
    }
    // An invitation for more workers lifts the limit (spec R3.11.7).
    if (owned > WORKER_LIMIT && owned > pop.getWorkerInvited()) {
      return new PopRejected(pop, Scheduler.error(403, "TooManyWorkersTrusted",
          "You cannot have more than " + WORKER_LIMIT + " distinct workers without an invitation."));
    }
    return null;
  }

  static String inviteOnlyMessage(int workerInvited) {
    return workerInvited == 0
        ? "This AI Horde is currently running in invite-only mode. Please contact the administrator for an invitation."
        : "This user has already been invited for " + workerInvited
            + " workers. Please contact the administrator for more invitations.";
  }

  List<SchedulerEvent> expirePop(SchedulerView state, String popId, long now) {
    PopRequested pop = state.parkedPop(popId);
    if (pop == null || pop.getHoldUntil().toEpochMilli() > now) {
      return List.of();
    }
    WorkerState worker = state.workerNamed(pop.getWorkerName());
    if (worker == null) {
      // Deleting or renaming a worker answers its parked pop; should one still be left, it only ends.
      return List.of(new PopAnswered(pop, "", Map.of()));
    }
    List<QueueEntry> matches = matches(state, pop, worker, now);
    if (!matches.isEmpty() && canStillAssign(pop, now)) {
      return List.of(assign(state, pop, worker, matches, now));
    }
    return List.of(new PopAnswered(pop, worker.getWorkerId(), skipped(state, pop, worker, matches, now)));
  }

  List<SchedulerEvent> offerToParkedPops(SchedulerView state, String requestId, long now) {
    WaitingRequest request = state.request(requestId);
    if (request == null) {
      return List.of();
    }
    WorkKind kind = WorkKind.ofCriteria(request.getRequest().getCriteria());
    KindRules kindRules = rules.apply(kind);
    QueueEntry entry = QueueEntry.of(request);
    List<SchedulerEvent> events = new ArrayList<>();
    for (PopRequested pop : state.parkedPops()) {
      if (!servable(request, now)) {
        break;
      }
      WorkerState worker = state.workerNamed(pop.getWorkerName());
      if (worker == null || WorkKind.ofCapabilities(pop.getCapabilities()) != kind || !canStillAssign(pop, now)
          || !servesUser(worker, entry.userId()) || skipReason(kindRules, entry, pop, worker, state) != null) {
        continue;
      }
      // The request as the earlier parked pops left it: their events are not applied yet.
      JobsAssigned assigned = assign(state, pop, worker, request, List.of(), now);
      events.add(assigned);
      request = assigned.request();
    }
    return events;
  }

  /**
   * The requests a pop should take, best first: at most its {@code amount}, one unless its kind pops across
   * requests. Its owner's and its priority users' requests come first, in queue order, then the others in queue
   * order. Only requests naming a model the pop serves (or none) are read, through the queue's indexes: the
   * priority users' of those models, then everyone's; each read stops at the first requests the pop may take.
   */
  private List<QueueEntry> matches(SchedulerView state, PopRequested pop, WorkerState worker, long now) {
    WorkKind kind = WorkKind.ofCapabilities(pop.getCapabilities());
    KindRules kindRules = rules.apply(kind);
    int wanted = kindRules.popsAcrossRequests() ? Math.max(1, pop.getAmount()) : 1;
    Set<Long> priorityUsers = new HashSet<>(pop.getPriorityUserIds());
    priorityUsers.add(worker.getOwnerUserId());
    List<String> models = kindRules.servedModels(pop);
    List<QueueEntry> matches = new ArrayList<>();
    take(state.queueNaming(kind, models, priorityUsers), wanted, matches,
        entry -> takes(kindRules, entry, pop, worker, state, now));
    // A worker in maintenance serves only its owner's requests, which are among the priority users'.
    if (matches.size() < wanted && !worker.getMaintenance()) {
      take(state.queueNaming(kind, models), wanted, matches,
          entry -> !priorityUsers.contains(entry.userId()) && takes(kindRules, entry, pop, worker, state, now));
    }
    return matches;
  }

  /** Adds to {@code matches}, in the candidates' order, those the predicate takes, until there are {@code wanted}. */
  private static void take(Iterator<QueueEntry> candidates, int wanted, List<QueueEntry> matches,
      Predicate<QueueEntry> takes) {
    while (matches.size() < wanted && candidates.hasNext()) {
      QueueEntry entry = candidates.next();
      if (takes.test(entry)) {
        matches.add(entry);
      }
    }
  }

  private static boolean takes(KindRules kindRules, QueueEntry entry, PopRequested pop, WorkerState worker,
      SchedulerView state, long now) {
    return entry.expiresAtMs() > now && servesUser(worker, entry.userId())
        && skipReason(kindRules, entry, pop, worker, state) == null;
  }

  /**
   * Why each waiting request of the pop's kind was skipped, for a pop answered without a job: the whole queue is
   * read, as the reference counts every reason (an expired request, or another user's for a worker in
   * maintenance, is passed over without a reason). Empty when the pop matched requests.
   */
  private Map<String, Integer> skipped(SchedulerView state, PopRequested pop, WorkerState worker,
      List<QueueEntry> matches, long now) {
    if (!matches.isEmpty()) {
      return Map.of();
    }
    KindRules kindRules = rules.apply(WorkKind.ofCapabilities(pop.getCapabilities()));
    Map<String, Integer> skipped = new TreeMap<>();
    for (QueueEntry entry : state.queue(kindRules.kind())) {
      if (entry.expiresAtMs() <= now || !servesUser(worker, entry.userId())) {
        continue;
      }
      String skip = skipReason(kindRules, entry, pop, worker, state);
      if (skip != null && !KindRules.UNREPORTED.equals(skip)) {
        skipped.merge(skip, 1, Integer::sum);
      }
    }
    return skipped;
  }

  /**
   * Why this pop may not take this request: its kind's reason, or, for a worker already given a fake job of it,
   * {@link KindRules#UNREPORTED} ("secret"), which the reference checks right after nsfw and trust (spec R1.19).
   */
  private static String skipReason(KindRules kindRules, QueueEntry entry, PopRequested pop, WorkerState worker,
      SchedulerView state) {
    String skip = kindRules.skipReason(entry, pop, worker, state);
    boolean checkedBefore = "nsfw".equals(skip) || "untrusted".equals(skip);
    return entry.trickedWorkerIds().contains(worker.getWorkerId()) && !checkedBefore ? KindRules.UNREPORTED : skip;
  }

  /** The pop's jobs of the requests its scan matched. */
  private JobsAssigned assign(SchedulerView state, PopRequested pop, WorkerState worker, List<QueueEntry> matches,
      long now) {
    return assign(state, pop, worker, state.request(matches.get(0).requestId()), matches.subList(1, matches.size()),
        now);
  }

  /**
   * The pop's jobs: those its kind's rules allow of the first request, then, until the pop has its
   * {@code amount}, those of each further request (only a kind that pops across requests has further ones).
   */
  private JobsAssigned assign(SchedulerView state, PopRequested pop, WorkerState worker, WaitingRequest first,
      List<QueueEntry> furtherRequests, long now) {
    KindRules kindRules = rules.apply(WorkKind.ofCriteria(first.getRequest().getCriteria()));
    Assignment main = assignJobs(state, kindRules, pop, worker, first, 0, Integer.MAX_VALUE, now);
    int taken = main.jobs().size();
    List<Assignment> further = new ArrayList<>();
    for (QueueEntry entry : furtherRequests) {
      if (taken >= pop.getAmount()) {
        break;
      }
      Assignment next = assignJobs(state, kindRules, pop, worker, state.request(entry.requestId()), taken,
          pop.getAmount() - taken, now);
      further.add(next);
      taken += next.jobs().size();
    }
    return new JobsAssigned(pop, worker, main.request(), main.jobs(), main.payloadJson(),
        (int) kindRules.jobTtl(first, worker).toSeconds(), further);
  }

  /**
   * Up to {@code most} of the jobs a pop may take of one request, numbered from {@code firstIndex} among the
   * pop's jobs (their ids derive from the pop id and that number).
   */
  private Assignment assignJobs(SchedulerView state, KindRules kindRules, PopRequested pop, WorkerState worker,
      WaitingRequest request, int firstIndex, int most, long now) {
    String payload = state.payload(request.getRequest().getRequestId());
    if (worker.getPaused() && worker.getOwnerUserId() != request.getRequest().getUserId()) {
      return fakeJob(kindRules, pop, worker, request, firstIndex, payload, now);
    }
    Progress progress = request.getProgress();
    int amount = Math.max(1, Math.min(Math.min(kindRules.jobsPerPop(request, pop, progress.getN()), most),
        progress.getN()));
    String model = kindRules.jobModel(request, pop);
    Instant at = Instant.ofEpochMilli(now);
    Duration ttl = kindRules.jobTtl(request, worker);
    // A job is faulted at its TTL anyway: expecting it later than that would only inflate wait_time.
    Instant expectedFinish = at.plusMillis(Math.min(kindRules.expectedMs(request, worker), ttl.toMillis()));
    List<Job> jobs = new ArrayList<>();
    List<InFlightJob> inFlight = new ArrayList<>(progress.getInFlight());
    for (int i = firstIndex; i < firstIndex + amount; i++) {
      Job job = job(pop, i, request, worker, model, at, ttl).build();
      jobs.add(job);
      inFlight.add(new InFlightJob(job.getJobId(), worker.getWorkerId(), expectedFinish));
    }
    Instant refreshed = at.plus(settings.requestExpiry());
    Progress assigned = Progress.newBuilder(progress).setN(progress.getN() - amount)
        .setProcessing(progress.getProcessing() + amount).setInFlight(inFlight)
        .setExpiresAt(refreshed.isAfter(progress.getExpiresAt()) ? refreshed : progress.getExpiresAt()).build();
    return new Assignment(WaitingRequest.newBuilder(request).setProgress(assigned).build(), jobs, payload);
  }

  /**
   * A paused worker's job of another user's request (spec R1.21, the reference's fake_generation): one job
   * that looks real (the request's payload, a fresh id, the usual TTL), while the request keeps its jobs for
   * other workers and remembers the worker, never to offer it this request again.
   */
  private static Assignment fakeJob(KindRules kindRules, PopRequested pop, WorkerState worker, WaitingRequest request,
      int index, String payload, long now) {
    Instant at = Instant.ofEpochMilli(now);
    Job job = job(pop, index, request, worker, kindRules.jobModel(request, pop), at, kindRules.jobTtl(request, worker))
        .setFake(true).build();
    List<String> tricked = new ArrayList<>(request.getTrickedWorkerIds());
    tricked.add(worker.getWorkerId());
    return new Assignment(WaitingRequest.newBuilder(request).setTrickedWorkerIds(tricked).build(), List.of(job),
        payload);
  }

  /** The pop's job numbered {@code index}: its id derives from the pop's and that number. */
  private static Job.Builder job(PopRequested pop, int index, WaitingRequest request, WorkerState worker,
      String model, Instant at, Duration ttl) {
    String jobId = UUID.nameUUIDFromBytes((pop.getPopId() + "#" + index).getBytes(UTF_8)).toString();
    return Job.newBuilder().setJobId(jobId).setRequestId(request.getRequest().getRequestId())
        .setWorkerId(worker.getWorkerId()).setModel(model).setAssignedAt(at).setDeadlineAt(at.plus(ttl))
        .setStatus(JobStatus.PROCESSING);
  }

  /**
   * The model recorded for a batch (spec R1.27): one the request asked for and the worker serves, else any
   * the worker serves. The reference draws it at random; here the draw is seeded by the pop id.
   */
  static String chooseModel(List<String> requested, List<String> offered, String seed) {
    List<String> candidates = requested.isEmpty() ? offered : offered.stream().filter(requested::contains).toList();
    if (candidates.isEmpty()) {
      candidates = offered;
    }
    return candidates.isEmpty() ? "" : candidates.get(Math.floorMod(seed.hashCode(), candidates.size()));
  }

  /** A worker in maintenance serves only its owner's requests (spec R1.25). */
  private static boolean servesUser(WorkerState worker, long requesterId) {
    return !worker.getMaintenance() || worker.getOwnerUserId() == requesterId;
  }

  private boolean canStillAssign(PopRequested pop, long now) {
    return now < pop.getReplyDeadline().toEpochMilli() - settings.assignMargin().toMillis();
  }

  private static boolean servable(WaitingRequest request, long now) {
    return TextProgressRules.queued(request.getProgress()) && request.getProgress().getExpiresAt().toEpochMilli() > now;
  }
}
