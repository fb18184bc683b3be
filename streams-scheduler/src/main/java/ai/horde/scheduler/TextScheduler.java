package ai.horde.scheduler;

import static java.nio.charset.StandardCharsets.UTF_8;

import ai.horde.events.ErrorAnswer;
import ai.horde.events.GenMetadata;
import ai.horde.events.InFlightJob;
import ai.horde.events.TextCancelRequested;
import ai.horde.events.TextGeneration;
import ai.horde.events.TextJob;
import ai.horde.events.TextJobStatus;
import ai.horde.events.TextPopRequested;
import ai.horde.events.TextProgress;
import ai.horde.events.TextRequestAccepted;
import ai.horde.events.TextRequestOutcome;
import ai.horde.events.TextSubmitRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerCommand.AcceptRequest;
import ai.horde.scheduler.SchedulerCommand.Cancel;
import ai.horde.scheduler.SchedulerCommand.ExpirePop;
import ai.horde.scheduler.SchedulerCommand.ExpireRequest;
import ai.horde.scheduler.SchedulerCommand.FlushCheckIn;
import ai.horde.scheduler.SchedulerCommand.ForgetEarlyCancel;
import ai.horde.scheduler.SchedulerCommand.ManageWorker;
import ai.horde.scheduler.SchedulerCommand.OfferToParkedPops;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerCommand.Submit;
import ai.horde.scheduler.SchedulerCommand.TimeOutJob;
import ai.horde.scheduler.SchedulerEvent.CancelKeptForLater;
import ai.horde.scheduler.SchedulerEvent.EarlyCancelForgotten;
import ai.horde.scheduler.SchedulerEvent.JobDelivered;
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.PopParked;
import ai.horde.scheduler.SchedulerEvent.PopRejected;
import ai.horde.scheduler.SchedulerEvent.RequestCancelled;
import ai.horde.scheduler.SchedulerEvent.RequestExpired;
import ai.horde.scheduler.SchedulerEvent.RequestFinished;
import ai.horde.scheduler.SchedulerEvent.RequestQueued;
import ai.horde.scheduler.SchedulerEvent.SubmitAnswered;
import ai.horde.scheduler.SchedulerEvent.SubmitRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerCheckedIn;
import ai.horde.scheduler.SchedulerEvent.WorkerRegistered;
import ai.horde.text.ModelReference;
import ai.horde.text.TextEligibility;
import ai.horde.text.TextEligibility.Skip;
import ai.horde.text.TextKudos;
import ai.horde.text.TextProgressRules;
import ai.horde.text.TextWorkerProfile;
import ai.horde.text.Utf8;
import ai.horde.topics.TopicSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The text scheduler's decisions: given the state, a command and the time, which events happen. Pure: it
 * reads the state and returns events; the processor applies and publishes them.
 *
 * <p>Matching follows spec §3.2: a pop takes the best-placed request it may serve, its owner's and its
 * priority users' requests first; it takes up to {@code amount} jobs of that one request. Job ids are
 * derived from the pop id, so that deciding the same pop again gives the same jobs.
 *
 * <p>Kudos (spec §4.4, §4.5) are decided here and applied by the ledger ({@link SchedulerKudos}): a request
 * pays the activation tax when it is accepted and each delivered job's charge plus the job tax; its upfront
 * hold is released once, when it ends; a worker earns an uptime reward for every 10 minutes it checks in.
 * A request's queue priority starts where {@link QueuePriority} says, from the requester's ledger balance, which
 * the command carries.
 *
 * <p>Workers are created by their first pop (spec R3.11.1: refused in invite-only mode without an invitation
 * left, and past the per-user limits), check in with every pop ({@link WorkerCheckIns}: coalesced, never
 * dropped) and are modified or deleted through {@link WorkerManagement}. A worker
 * deleted with jobs in flight leaves those jobs to time out.
 *
 * <p>Known gaps (later issues): paused workers and fake jobs, worker suspicion and automatic maintenance
 * after dropped jobs, webhooks; the requester's balance is what the ledger last published, so a spend or
 * reward still on its way is not in a priority yet.
 */
final class TextScheduler {
  static final String DEFAULT_MAINTENANCE_MESSAGE = "This worker has been put into maintenance mode by its owner";
  private static final int SPEED_SAMPLES = 20;
  private static final double MIN_SPEED = 0.1;
  /** What a request's generations may add up to: its status and its stored progress are one record each. */
  static final long GENERATIONS_BUDGET_BYTES = TopicSpec.LARGE_RECORD_BYTES - 1024 * 1024;
  private static final int UNTRUSTED_WORKER_LIMIT = 3;
  private static final int WORKER_LIMIT = 20;

  private final SchedulerSettings settings;
  private final ModelReference models;
  private final WorkerCheckIns checkIns;

  TextScheduler(SchedulerSettings settings, ModelReference models) {
    this.settings = settings;
    this.models = models;
    this.checkIns = new WorkerCheckIns(settings, models);
  }

  List<SchedulerEvent> decide(SchedulerView state, SchedulerCommand command, long now) {
    if (command instanceof AcceptRequest c) {
      return accept(state, c, now);
    } else if (command instanceof Pop c) {
      return pop(state, c.pop(), now);
    } else if (command instanceof Submit c) {
      return submit(state, c.submit(), now);
    } else if (command instanceof Cancel c) {
      return cancel(state, c.cancel(), now);
    } else if (command instanceof ManageWorker c) {
      return WorkerManagement.decide(state, c.command());
    } else if (command instanceof OfferToParkedPops c) {
      return offerToParkedPops(state, c.requestId(), now);
    } else if (command instanceof ExpirePop c) {
      return expirePop(state, c.popId(), now);
    } else if (command instanceof TimeOutJob c) {
      return timeOutJob(state, c.jobId(), now);
    } else if (command instanceof ExpireRequest c) {
      return expireRequest(state, c.requestId(), now);
    } else if (command instanceof FlushCheckIn c) {
      return checkIns.flush(state, c.workerId());
    } else if (command instanceof ForgetEarlyCancel c) {
      return state.earlyCancel(c.requestId()) == null ? List.of() : List.of(new EarlyCancelForgotten(c.requestId()));
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /** Commands an applied event leads to: a request with jobs to hand out is offered to parked pops. */
  static List<SchedulerCommand> followUps(SchedulerEvent event) {
    WaitingRequest requeued = null;
    if (event instanceof RequestQueued e) {
      requeued = e.request();
    } else if (event instanceof JobFaulted e) {
      requeued = e.request();
    }
    if (requeued != null && TextProgressRules.queued(requeued.getProgress())) {
      return List.of(new OfferToParkedPops(requeued.getRequest().getRequestId()));
    }
    return List.of();
  }

  // Requests

  private List<SchedulerEvent> accept(SchedulerView state, AcceptRequest command, long now) {
    TextRequestAccepted request = command.request();
    if (state.request(request.getRequestId()) != null) {
      return List.of();
    }
    // What a request consumed counts its tax too, as the reference's consumed_kudos does.
    TextProgress progress = TextProgress.newBuilder().setN(request.getN()).setJobs(request.getN())
        .setConsumedCenti(TextKudos.ACTIVATION_TAX_CENTI)
        .setExpiresAt(request.getAcceptedAt().plus(settings.requestExpiry())).build();
    // The prompt is stored once, apart from the request's progress, which changes with every job.
    TextRequestAccepted withoutPayload = TextRequestAccepted.newBuilder(request).setPayloadJson("").build();
    WaitingRequest queued = WaitingRequest.newBuilder().setRequest(withoutPayload).setProgress(progress)
        .setPriorityCenti(QueuePriority.seedCenti(request, command.requesterBalance())).build();
    List<SchedulerEvent> events = new ArrayList<>(List.of(
        new RequestQueued(queued, request.getPayloadJson()),
        new KudosIssued(SchedulerKudos.activationTax(request, now))));
    if (state.earlyCancel(request.getRequestId()) != null) {
      events.addAll(cancelled(queued, now));
    }
    return events;
  }

  private List<SchedulerEvent> cancel(SchedulerView state, TextCancelRequested cancel, long now) {
    WaitingRequest request = state.request(cancel.getRequestId());
    if (request == null) {
      return state.earlyCancel(cancel.getRequestId()) == null ? List.of(new CancelKeptForLater(cancel)) : List.of();
    }
    if (request.getProgress().getCancelled()) {
      return List.of();
    }
    return cancelled(request, now);
  }

  private List<SchedulerEvent> cancelled(WaitingRequest request, long now) {
    TextProgress p = request.getProgress();
    // Jobs in flight still deliver and are paid; nothing else is handed out.
    TextProgress cancelled = TextProgress.newBuilder(p).setCancelled(true).setN(0)
        .setJobs(p.getFinished() + p.getProcessing()).build();
    WaitingRequest after = withProgress(request, cancelled, now);
    List<SchedulerEvent> events = new ArrayList<>(List.of(new RequestCancelled(after)));
    events.addAll(finished(request, after, now));
    return events;
  }

  private List<SchedulerEvent> expireRequest(SchedulerView state, String requestId, long now) {
    WaitingRequest request = state.request(requestId);
    if (request == null || request.getProgress().getExpiresAt().toEpochMilli() > now) {
      return List.of();
    }
    List<SchedulerEvent> events = new ArrayList<>(List.of(new RequestExpired(request, state.jobsOf(requestId))));
    // A request that finished released its hold then, unless jobs were still in flight when it faulted; one that
    // never finished, or faulted so, releases it now (a second release of a hold changes nothing).
    TextProgress progress = request.getProgress();
    if (request.getRequest().getHoldId() != null && (progress.getFinishedAt() == null || progress.getFaulted())) {
      events.add(new KudosIssued(SchedulerKudos.release(request.getRequest(), now)));
    }
    return events;
  }

  private List<SchedulerEvent> offerToParkedPops(SchedulerView state, String requestId, long now) {
    WaitingRequest request = state.request(requestId);
    List<SchedulerEvent> events = new ArrayList<>();
    for (TextPopRequested pop : state.parkedPops()) {
      if (request == null || !servable(request, now)) {
        break;
      }
      WorkerState worker = state.workerNamed(pop.getWorkerName());
      if (worker == null || !canStillAssign(pop, now) || !servesUser(worker, request.getRequest().getUserId())
          || TextEligibility.check(request.getRequest().getCriteria(), profile(pop, worker), models) != null) {
        continue;
      }
      JobsAssigned assigned = assign(state, pop, worker, request, now);
      events.add(assigned);
      request = assigned.request();
    }
    return events;
  }

  // Pops

  private List<SchedulerEvent> pop(SchedulerView state, TextPopRequested pop, long now) {
    List<SchedulerEvent> events = new ArrayList<>();
    WorkerState worker = state.workerNamed(pop.getWorkerName());
    if (worker != null && worker.getOwnerUserId() != pop.getUserId()) {
      return List.of(new PopRejected(pop, error(403, "WrongCredentials", "Wrong credentials to submit as this worker.")));
    }
    if (worker == null) {
      int owned = state.workersOwnedBy(pop.getUserId());
      if (pop.getInviteOnly() && owned >= pop.getWorkerInvited()) {
        return List.of(new PopRejected(pop, error(403, "WorkerInviteOnly", inviteOnlyMessage(pop.getWorkerInvited()))));
      }
      if (!pop.getUserTrusted() && owned > UNTRUSTED_WORKER_LIMIT) {
        return List.of(new PopRejected(pop, error(403, "TooManyWorkers",
            "You cannot have more than " + UNTRUSTED_WORKER_LIMIT + " distinct workers as an untrusted user.")));
      }
      // An invitation for more workers lifts the limit (spec R3.11.7).
      if (owned > WORKER_LIMIT && owned > pop.getWorkerInvited()) {
        return List.of(new PopRejected(pop, error(403, "TooManyWorkersTrusted",
            "You cannot have more than " + WORKER_LIMIT + " distinct workers without an invitation.")));
      }
      worker = checkIns.register(pop, now);
      events.add(new WorkerRegistered(worker));
    } else {
      List<SchedulerEvent> checkIn = checkIns.checkIn(worker, pop, now);
      if (checkIn.get(0) instanceof WorkerCheckedIn checkedIn) {
        worker = checkedIn.worker();
      }
      events.addAll(checkIn);
    }
    TextPopRequested earlier = state.parkedPopOfWorker(pop.getWorkerName());
    if (earlier != null) {
      // A worker polls again only once it gave up on its earlier pop: never hand a job to that one.
      events.add(new PopAnswered(earlier, worker.getWorkerId(), Map.of()));
    }
    if (!canStillAssign(pop, now)) {
      events.add(new PopAnswered(pop, worker.getWorkerId(), Map.of()));
      return events;
    }
    Scan scan = scan(state, pop, worker, now);
    if (scan.match() != null) {
      events.add(assign(state, pop, worker, state.request(scan.match().requestId()), now));
    } else if (worker.getMaintenance()) {
      String message = worker.getMaintenanceMsg() == null ? DEFAULT_MAINTENANCE_MESSAGE : worker.getMaintenanceMsg();
      events.add(new PopRejected(pop, error(403, "WorkerMaintenance", message)));
    } else if (now < pop.getHoldUntil().toEpochMilli()) {
      events.add(new PopParked(pop));
    } else {
      events.add(new PopAnswered(pop, worker.getWorkerId(), scan.skipped()));
    }
    return events;
  }

  static String inviteOnlyMessage(int workerInvited) {
    return workerInvited == 0
        ? "This AI Horde is currently running in invite-only mode. Please contact the administrator for an invitation."
        : "This user has already been invited for " + workerInvited
            + " workers. Please contact the administrator for more invitations.";
  }

  private List<SchedulerEvent> expirePop(SchedulerView state, String popId, long now) {
    TextPopRequested pop = state.parkedPop(popId);
    if (pop == null || pop.getHoldUntil().toEpochMilli() > now) {
      return List.of();
    }
    WorkerState worker = state.workerNamed(pop.getWorkerName());
    if (worker == null) {
      // Deleting or renaming a worker answers its parked pop; should one still be left, it only ends.
      return List.of(new PopAnswered(pop, "", Map.of()));
    }
    Scan scan = scan(state, pop, worker, now);
    if (scan.match() != null && canStillAssign(pop, now)) {
      return List.of(assign(state, pop, worker, state.request(scan.match().requestId()), now));
    }
    return List.of(new PopAnswered(pop, worker.getWorkerId(), scan.skipped()));
  }

  /** The request a pop should take, or else why each waiting request was skipped. */
  private record Scan(QueueEntry match, Map<String, Integer> skipped) {}

  private Scan scan(SchedulerView state, TextPopRequested pop, WorkerState worker, long now) {
    TextWorkerProfile profile = profile(pop, worker);
    Set<Long> priorityUsers = new HashSet<>(pop.getPriorityUserIds());
    priorityUsers.add(worker.getOwnerUserId());
    boolean priorityWaiting = state.hasQueuedRequestFrom(priorityUsers);
    Map<String, Integer> skipped = new TreeMap<>();
    QueueEntry first = null;
    for (QueueEntry entry : state.queue()) {
      if (entry.expiresAtMs() <= now || !servesUser(worker, entry.userId())) {
        continue;
      }
      Skip skip = TextEligibility.check(entry.criteria(), profile, models);
      if (skip != null) {
        skipped.merge(skip.key(), 1, Integer::sum);
        continue;
      }
      if (priorityUsers.contains(entry.userId())) {
        return new Scan(entry, Map.of());
      }
      if (first == null) {
        first = entry;
        if (!priorityWaiting) {
          break;
        }
      }
    }
    return new Scan(first, first == null ? skipped : Map.of());
  }

  private JobsAssigned assign(SchedulerView state, TextPopRequested pop, WorkerState worker, WaitingRequest request,
      long now) {
    String payload = state.payload(request.getRequest().getRequestId());
    TextProgress progress = request.getProgress();
    var criteria = request.getRequest().getCriteria();
    int amount = Math.min(pop.getAmount(), progress.getN());
    String model = chooseModel(criteria.getModels(), pop.getModels(), pop.getPopId());
    Instant at = Instant.ofEpochMilli(now);
    double speed = Math.max(TextWorkerProfile.speedOf(worker.getSpeedSamples()), MIN_SPEED);
    // A job is faulted at its TTL anyway: expecting it later than that would only inflate wait_time.
    long expectedMs = Math.min((long) (criteria.getMaxLength() / speed * 1000), settings.jobTtl().toMillis());
    Instant expectedFinish = at.plusMillis(expectedMs);
    List<TextJob> jobs = new ArrayList<>();
    List<InFlightJob> inFlight = new ArrayList<>(progress.getInFlight());
    for (int i = 0; i < amount; i++) {
      String jobId = UUID.nameUUIDFromBytes((pop.getPopId() + "#" + i).getBytes(UTF_8)).toString();
      jobs.add(TextJob.newBuilder().setJobId(jobId).setRequestId(request.getRequest().getRequestId())
          .setWorkerId(worker.getWorkerId()).setModel(model).setAssignedAt(at)
          .setDeadlineAt(at.plus(settings.jobTtl())).setStatus(TextJobStatus.PROCESSING).build());
      inFlight.add(new InFlightJob(jobId, worker.getWorkerId(), expectedFinish));
    }
    Instant refreshed = at.plus(settings.requestExpiry());
    TextProgress assigned = TextProgress.newBuilder(progress).setN(progress.getN() - amount)
        .setProcessing(progress.getProcessing() + amount).setInFlight(inFlight)
        .setExpiresAt(refreshed.isAfter(progress.getExpiresAt()) ? refreshed : progress.getExpiresAt()).build();
    return new JobsAssigned(pop, worker, WaitingRequest.newBuilder(request).setProgress(assigned).build(), jobs,
        payload);
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

  // Workers

  /**
   * Matching uses what the pop says the worker serves right now, which is also what the worker's check-in
   * records; the reference keeps debounced limits for up to 30 s but uses the pop's models.
   */
  private static TextWorkerProfile profile(TextPopRequested pop, WorkerState worker) {
    return new TextWorkerProfile(worker.getWorkerId(), pop.getModels(), pop.getMaxLength(),
        pop.getMaxContextLength(), pop.getUserTrusted(), pop.getBridgeAgent(),
        TextWorkerProfile.speedOf(worker.getSpeedSamples()));
  }

  /** A worker in maintenance serves only its owner's requests (spec R1.25). */
  private static boolean servesUser(WorkerState worker, long requesterId) {
    return !worker.getMaintenance() || worker.getOwnerUserId() == requesterId;
  }

  private boolean canStillAssign(TextPopRequested pop, long now) {
    return now < pop.getReplyDeadline().toEpochMilli() - settings.assignMargin().toMillis();
  }

  private static boolean servable(WaitingRequest request, long now) {
    return TextProgressRules.queued(request.getProgress()) && request.getProgress().getExpiresAt().toEpochMilli() > now;
  }

  // Submits

  private List<SchedulerEvent> submit(SchedulerView state, TextSubmitRequested submit, long now) {
    TextJob job = state.job(submit.getJobId());
    if (job == null) {
      return rejected(submit, 404, "InvalidJobID", "Processing Job with ID " + submit.getJobId() + " does not exist.");
    }
    WorkerState worker = state.worker(job.getWorkerId());
    // A deleted worker's owner is unknown: its jobs cannot be submitted any more and time out instead.
    if (worker == null || worker.getOwnerUserId() != submit.getUserId()) {
      return rejected(submit, 403, "WrongCredentials", "Wrong credentials to submit as this worker.");
    }
    boolean reportsFault = "faulted".equals(submit.getState());
    if (job.getStatus() == TextJobStatus.DELIVERED) {
      return worker.getMaintenance() ? List.of(new SubmitAnswered(submit, 0))
          : rejected(submit, 400, "DuplicateGen", "Processing Generation with ID " + job.getJobId() + " already submitted.");
    }
    if (job.getStatus() == TextJobStatus.FAULTED) {
      return reportsFault ? List.of(new SubmitAnswered(submit, 0)) : rejected(submit, 400, "AbortedGen",
          "Processing Generation with ID " + job.getJobId() + " took too long to process and has been aborted! "
              + "Please check your worker speed - generations must complete within "
              + settings.jobTtl().toSeconds() + " seconds (minimum ~1 it/s, higher for large requests)!");
    }
    WaitingRequest request = state.request(job.getRequestId());
    return reportsFault ? fault(job, request, worker, submit, now) : deliver(job, request, worker, submit, now);
  }

  private List<SchedulerEvent> timeOutJob(SchedulerView state, String jobId, long now) {
    TextJob job = state.job(jobId);
    if (job == null || job.getStatus() != TextJobStatus.PROCESSING || job.getDeadlineAt().toEpochMilli() > now) {
      return List.of();
    }
    return fault(job, state.request(job.getRequestId()), state.worker(job.getWorkerId()), null, now);
  }

  /**
   * A job aborted: its slot goes back to the queue, and the third fault faults the request (spec §3.9). A
   * deleted worker ({@code worker} null) has no count of uncompleted jobs to raise.
   */
  private List<SchedulerEvent> fault(TextJob job, WaitingRequest request, WorkerState worker,
      TextSubmitRequested submit, long now) {
    TextProgress p = request.getProgress();
    int restarted = p.getRestarted() + 1;
    TextProgress.Builder faulted = TextProgress.newBuilder(p).setProcessing(p.getProcessing() - 1)
        .setRestarted(restarted).setInFlight(without(p.getInFlight(), job.getJobId()))
        .setFaulted(p.getFaulted() || restarted >= settings.faultsToFaultRequest());
    if (!p.getCancelled()) {
      faulted.setN(p.getN() + 1);
    }
    WaitingRequest after = withProgress(request, faulted.build(), now);
    WorkerState workerAfter = worker == null ? null
        : WorkerState.newBuilder(worker).setUncompletedJobs(worker.getUncompletedJobs() + 1).build();
    TextJob jobAfter = TextJob.newBuilder(job).setStatus(TextJobStatus.FAULTED).build();
    List<SchedulerEvent> events = new ArrayList<>(List.of(new JobFaulted(jobAfter, after, workerAfter, submit)));
    events.addAll(finished(request, after, now));
    return events;
  }

  private List<SchedulerEvent> deliver(TextJob job, WaitingRequest request, WorkerState worker,
      TextSubmitRequested submit, long now) {
    String text = submit.getGeneration().replace('\u0000', '\uFFFD');
    long size = Utf8.length(text);
    for (TextGeneration earlier : request.getProgress().getGenerations()) {
      size += Utf8.length(earlier.getText());
    }
    if (size > GENERATIONS_BUDGET_BYTES) {
      return rejected(submit, 400, "BadRequest", "This generation would take the request's texts past "
          + GENERATIONS_BUDGET_BYTES / (1024 * 1024) + " MiB.");
    }
    List<GenMetadata> metadata = new ArrayList<>(submit.getGenMetadata());
    String state = submit.getState();
    boolean csam = metadata.stream().anyMatch(m -> "censorship".equals(m.getType()) && "csam".equals(m.getValue()));
    if ("csam".equals(state) && !csam) {
      metadata.add(new GenMetadata("censorship", "csam", null));
      csam = true;
    }
    if (csam) {
      state = "csam";
    }
    boolean censored = !"ok".equals(state);
    var accepted = request.getRequest();
    int maxLength = accepted.getCriteria().getMaxLength();
    int tokens = TextKudos.tokens(text, maxLength);
    long reward = TextKudos.rewardCenti(models, job.getModel(), maxLength, accepted.getPromptChars(), text,
        submit.getUserTrusted(), worker.getBridgeAgent());
    // A censored generation still pays the worker, but the requester is not charged for it (spec R1.32).
    long charge = censored ? 0 : reward;

    double seconds = (now - job.getAssignedAt().toEpochMilli()) / 1000.0;
    // At least 0.1 (the rounding's step), so that no later estimate divides by zero.
    double speed = seconds <= 0 ? 1 : Math.max(Math.round(tokens / seconds * 10) / 10.0, MIN_SPEED);
    List<Double> samples = new ArrayList<>(worker.getSpeedSamples());
    samples.add(speed);
    WorkerState workerAfter = WorkerState.newBuilder(worker)
        .setRequestsFulfilled(worker.getRequestsFulfilled() + 1)
        .setKudosGeneratedCenti(worker.getKudosGeneratedCenti() + reward)
        .setSpeedSamples(samples.subList(Math.max(0, samples.size() - SPEED_SAMPLES), samples.size())).build();

    TextProgress p = request.getProgress();
    List<TextGeneration> generations = new ArrayList<>(p.getGenerations());
    generations.add(new TextGeneration(job.getJobId(), worker.getWorkerId(), worker.getName(), job.getModel(), state,
        text, submit.getSeed(), metadata));
    TextProgress delivered = TextProgress.newBuilder(p).setProcessing(p.getProcessing() - 1)
        .setFinished(p.getFinished() + 1).setConsumedCenti(p.getConsumedCenti() + charge + TextKudos.JOB_TAX_CENTI)
        .setGenerations(generations).setInFlight(without(p.getInFlight(), job.getJobId())).build();
    WaitingRequest after = withProgress(request, delivered, now);
    TextJob jobAfter = TextJob.newBuilder(job).setStatus(TextJobStatus.DELIVERED).build();

    List<SchedulerEvent> events = new ArrayList<>(List.of(
        new JobDelivered(submit, jobAfter, after, workerAfter, state, tokens, reward, charge),
        new KudosIssued(SchedulerKudos.settlement(job.getJobId(), accepted, worker, reward, charge, now))));
    events.addAll(finished(request, after, now));
    return events;
  }

  // Helpers

  /** The request with new progress, stamped with the time it became done if it just did. */
  private static WaitingRequest withProgress(WaitingRequest request, TextProgress progress, long now) {
    if (progress.getFinishedAt() == null && TextProgressRules.done(progress)) {
      progress = TextProgress.newBuilder(progress).setFinishedAt(Instant.ofEpochMilli(now)).build();
    }
    return WaitingRequest.newBuilder(request).setProgress(progress).build();
  }

  /**
   * The request's end, if this change ended it: finished_at is set once, so this happens once per request,
   * and with it the release of the request's upfront hold.
   */
  private static List<SchedulerEvent> finished(WaitingRequest before, WaitingRequest after, long now) {
    if (before.getProgress().getFinishedAt() != null || after.getProgress().getFinishedAt() == null) {
      return List.of();
    }
    TextRequestOutcome outcome = after.getProgress().getFaulted() ? TextRequestOutcome.FAULTED : TextRequestOutcome.DONE;
    List<SchedulerEvent> events = new ArrayList<>(List.of(new RequestFinished(after, outcome)));
    // A request that faults with jobs in flight keeps its hold until it expires: those jobs still settle.
    boolean stillSettling = after.getProgress().getFaulted() && after.getProgress().getProcessing() > 0;
    if (after.getRequest().getHoldId() != null && !stillSettling) {
      events.add(new KudosIssued(SchedulerKudos.release(after.getRequest(), now)));
    }
    return events;
  }

  private static List<InFlightJob> without(List<InFlightJob> inFlight, String jobId) {
    return inFlight.stream().filter(j -> !j.getJobId().equals(jobId)).toList();
  }

  private static List<SchedulerEvent> rejected(TextSubmitRequested submit, int status, String rc, String message) {
    return List.of(new SubmitRejected(submit, error(status, rc, message)));
  }

  static ErrorAnswer error(int status, String rc, String message) {
    return new ErrorAnswer(status, rc, message);
  }
}
