package ai.horde.scheduler;

import ai.horde.events.CancelRequested;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.InFlightJob;
import ai.horde.events.Progress;
import ai.horde.events.RequestAccepted;
import ai.horde.events.RequestOutcome;
import ai.horde.events.WaitingRequest;
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
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.RequestCancelled;
import ai.horde.scheduler.SchedulerEvent.RequestEnded;
import ai.horde.scheduler.SchedulerEvent.RequestExpired;
import ai.horde.scheduler.SchedulerEvent.RequestQueued;
import ai.horde.text.TextProgressRules;
import ai.horde.work.WorkKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's decisions: given the state, a command and the time, which events happen. Pure: it reads
 * the state and returns events; the processor applies and publishes them.
 *
 * <p>Every kind of work is queued the same way; what differs by kind (eligibility, jobs per pop, TTLs, aborts
 * allowed, what a delivery is worth) is its {@link KindRules}: {@link TextRules}, {@link ImageRules},
 * {@link AlchemyRules} (each alchemy form is a request of one job). This class decides the requests' lifecycle
 * (accepted, cancelled, expired); {@link Matching} decides pops and {@link Settlement} submits and timeouts.
 *
 * <p>Kudos (spec §4.4, §4.5) are decided here and applied by the ledger ({@link SchedulerKudos}): a request
 * pays its kind's activation tax (if any) when it is accepted and each delivered job's charge plus the job tax; its
 * upfront hold is released once, when it ends. A request's queue priority starts where {@link QueuePriority}
 * says, from the requester's ledger balance, which the command carries.
 *
 * <p>Countermeasures (decision 0017): a paused worker gets fake jobs of other users' requests ({@link Matching},
 * {@link Settlement}); the scheduler suspects workers of long names, unreasonable speed and dropped jobs, pausing
 * an untrusted owner's worker at five reasons and putting a worker that drops too many jobs into maintenance
 * ({@link WorkerSuspicions}); owners' trust and suspicion resets reach their workers ({@link OwnerChanges}). Raid
 * mode is read from the registry's modes.
 *
 * <p>Known gaps (later issues): webhooks; the reference's other worker suspicions (profanity, unsafe IP, extreme
 * max pixels); a fake job's delivery adds no speed sample (the reference records one). The requester's balance
 * is what the ledger last published, so a spend or reward still on its way is not in a priority yet.
 */
final class Scheduler {
  /** The least speed a worker is taken to have (the speed rounding's step), so no estimate divides by zero. */
  static final double MIN_SPEED = 0.1;

  private final SchedulerSettings settings;
  private final Map<WorkKind, KindRules> rules = new EnumMap<>(WorkKind.class);
  private final Matching matching;
  private final Settlement settlement;
  private final WorkerCheckIns checkIns;

  Scheduler(SchedulerSettings settings, List<KindRules> kinds) {
    this.settings = settings;
    kinds.forEach(k -> rules.put(k.kind(), k));
    this.checkIns = new WorkerCheckIns(settings, this::rules);
    this.matching = new Matching(settings, this::rules, checkIns);
    this.settlement = new Settlement(settings, this::rules);
  }

  KindRules rules(WorkKind kind) {
    KindRules found = rules.get(kind);
    if (found == null) {
      throw new IllegalArgumentException("no rules for " + kind);
    }
    return found;
  }

  List<SchedulerEvent> decide(SchedulerView state, SchedulerCommand command, long now) {
    if (command instanceof AcceptRequest c) {
      return accept(state, c, now);
    } else if (command instanceof Pop c) {
      return matching.pop(state, c.pop(), now);
    } else if (command instanceof Submit c) {
      return settlement.submit(state, c.submit(), now);
    } else if (command instanceof Cancel c) {
      return cancel(state, c.cancel(), now);
    } else if (command instanceof SchedulerCommand.Rate c) {
      return Ratings.rate(state, c.rating(), now);
    } else if (command instanceof ManageWorker c) {
      return WorkerManagement.decide(state, c.command());
    } else if (command instanceof SchedulerCommand.OwnerChanged c) {
      return OwnerChanges.decide(state, c.event());
    } else if (command instanceof OfferToParkedPops c) {
      return matching.offerToParkedPops(state, c.requestId(), now);
    } else if (command instanceof ExpirePop c) {
      return matching.expirePop(state, c.popId(), now);
    } else if (command instanceof TimeOutJob c) {
      return settlement.timeOutJob(state, c.jobId(), now);
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
    } else if (event instanceof JobFaulted e && !e.job().getFake()) {
      requeued = e.request();
    }
    if (requeued != null && TextProgressRules.queued(requeued.getProgress())) {
      return List.of(new OfferToParkedPops(requeued.getRequest().getRequestId()));
    }
    return List.of();
  }

  private List<SchedulerEvent> accept(SchedulerView state, AcceptRequest command, long now) {
    RequestAccepted request = command.request();
    if (state.request(request.getRequestId()) != null) {
      return List.of();
    }
    long tax = rules(WorkKind.ofCriteria(request.getCriteria())).activationTaxCenti(request);
    // What a request consumed counts its tax too, as the reference's consumed_kudos does.
    Progress progress = Progress.newBuilder().setN(request.getN()).setJobs(request.getN())
        .setConsumedCenti(tax).setExpiresAt(request.getAcceptedAt().plus(settings.requestExpiry())).build();
    // The prompt is stored once, apart from the request's progress, which changes with every job.
    RequestAccepted withoutPayload = RequestAccepted.newBuilder(request).setPayloadJson("").build();
    WaitingRequest queued = WaitingRequest.newBuilder().setRequest(withoutPayload).setProgress(progress)
        .setPriorityCenti(QueuePriority.seedCenti(request, command.requesterBalance())).build();
    List<SchedulerEvent> events = new ArrayList<>(List.of(new RequestQueued(queued, request.getPayloadJson())));
    // A kind without an activation tax (alchemy) sends the ledger no transaction of nothing.
    if (tax != 0) {
      events.add(new KudosIssued(SchedulerKudos.activationTax(request, tax, now)));
    }
    if (state.earlyCancel(request.getRequestId()) != null) {
      events.addAll(cancelled(queued, now));
    }
    return events;
  }

  private List<SchedulerEvent> cancel(SchedulerView state, CancelRequested cancel, long now) {
    WaitingRequest request = state.request(cancel.getRequestId());
    if (request == null) {
      return state.earlyCancel(cancel.getRequestId()) == null ? List.of(new CancelKeptForLater(cancel)) : List.of();
    }
    if (request.getProgress().getCancelled()) {
      return List.of();
    }
    return cancelled(request, now);
  }

  private static List<SchedulerEvent> cancelled(WaitingRequest request, long now) {
    Progress p = request.getProgress();
    // Jobs in flight still deliver and are paid; nothing else is handed out.
    Progress cancelled = Progress.newBuilder(p).setCancelled(true).setN(0)
        .setJobs(p.getFinished() + p.getProcessing()).build();
    WaitingRequest after = withProgress(request, cancelled, now);
    List<SchedulerEvent> events = new ArrayList<>(List.of(new RequestCancelled(after)));
    events.addAll(finished(request, after, now));
    return events;
  }

  private static List<SchedulerEvent> expireRequest(SchedulerView state, String requestId, long now) {
    WaitingRequest request = state.request(requestId);
    if (request == null || request.getProgress().getExpiresAt().toEpochMilli() > now) {
      return List.of();
    }
    List<SchedulerEvent> events = new ArrayList<>(List.of(new RequestExpired(request, state.jobsOf(requestId))));
    // A request that finished released its hold then, unless jobs were still in flight when it faulted; one that
    // never finished, or faulted so, releases it now (a second release of a hold changes nothing).
    Progress progress = request.getProgress();
    if (request.getRequest().getHoldId() != null && (progress.getFinishedAt() == null || progress.getFaulted())) {
      events.add(new KudosIssued(SchedulerKudos.release(request.getRequest(), now)));
    }
    return events;
  }

  // Shared by the deciders

  /** The request with new progress, stamped with the time it became done if it just did. */
  static WaitingRequest withProgress(WaitingRequest request, Progress progress, long now) {
    if (progress.getFinishedAt() == null && TextProgressRules.done(progress)) {
      progress = Progress.newBuilder(progress).setFinishedAt(Instant.ofEpochMilli(now)).build();
    }
    return WaitingRequest.newBuilder(request).setProgress(progress).build();
  }

  /**
   * The request's end, if this change ended it: finished_at is set once, so this happens once per request,
   * and with it the release of the request's upfront hold.
   */
  static List<SchedulerEvent> finished(WaitingRequest before, WaitingRequest after, long now) {
    if (before.getProgress().getFinishedAt() != null || after.getProgress().getFinishedAt() == null) {
      return List.of();
    }
    RequestOutcome outcome = after.getProgress().getFaulted() ? RequestOutcome.FAULTED : RequestOutcome.DONE;
    List<SchedulerEvent> events = new ArrayList<>(List.of(new RequestEnded(after, outcome)));
    // A request that faults with jobs in flight keeps its hold until it expires: those jobs still settle.
    boolean stillSettling = after.getProgress().getFaulted() && after.getProgress().getProcessing() > 0;
    if (after.getRequest().getHoldId() != null && !stillSettling) {
      events.add(new KudosIssued(SchedulerKudos.release(after.getRequest(), now)));
    }
    return events;
  }

  static List<InFlightJob> without(List<InFlightJob> inFlight, String jobId) {
    return inFlight.stream().filter(j -> !j.getJobId().equals(jobId)).toList();
  }

  static ErrorAnswer error(int status, String rc, String message) {
    return new ErrorAnswer(status, rc, message);
  }
}
