package ai.horde.scheduler;

import ai.horde.accounts.Suspicion;
import ai.horde.events.GenMetadata;
import ai.horde.events.Job;
import ai.horde.events.JobStatus;
import ai.horde.events.Progress;
import ai.horde.events.SubmitRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.KindRules.Delivery;
import ai.horde.scheduler.SchedulerEvent.FakeJobSubmitted;
import ai.horde.scheduler.SchedulerEvent.JobDelivered;
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.SubmitAnswered;
import ai.horde.scheduler.SchedulerEvent.SubmitRejected;
import ai.horde.work.WorkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Submits and timeouts (spec §3.3, §3.9), for every kind of work: a delivered job is settled as its kind's
 * rules value it, a faulted or timed-out one goes back to the queue, and the third fault (an alchemy form's
 * fourth, {@link KindRules#abortsToFault}) faults the request.
 * A deleted worker's jobs cannot be submitted any more and time out instead.
 *
 * <p>A paused worker's fake job (spec R1.21, {@link Matching}) is submitted like a real one and answered with
 * the reward it would have earned, but settles nothing; its abort re-queues nothing. Every abort, fake or not,
 * counts towards the worker's dropped jobs (R3.9.3), and a delivery faster than its kind allows raises
 * suspicion (R1.35); see {@link WorkerSuspicions}.
 */
final class Settlement {
  private static final int SPEED_SAMPLES = 20;

  private final SchedulerSettings settings;
  private final Function<WorkKind, KindRules> rules;

  Settlement(SchedulerSettings settings, Function<WorkKind, KindRules> rules) {
    this.settings = settings;
    this.rules = rules;
  }

  List<SchedulerEvent> submit(SchedulerView state, SubmitRequested submit, long now) {
    Job job = state.job(submit.getJobId());
    if (job == null) {
      return rejected(submit, 404, "InvalidJobID", "Processing Job with ID " + submit.getJobId() + " does not exist.");
    }
    WorkerState worker = state.worker(job.getWorkerId());
    if (worker == null || worker.getOwnerUserId() != submit.getUserId()) {
      return rejected(submit, 403, "WrongCredentials", "Wrong credentials to submit as this worker.");
    }
    boolean reportsFault = "faulted".equals(submit.getState());
    if (job.getStatus() == JobStatus.DELIVERED) {
      return worker.getMaintenance() ? List.of(new SubmitAnswered(submit, 0))
          : rejected(submit, 400, "DuplicateGen", "Processing Generation with ID " + job.getJobId() + " already submitted.");
    }
    WaitingRequest request = state.request(job.getRequestId());
    if (job.getStatus() == JobStatus.FAULTED) {
      long ttl = rules.apply(WorkKind.ofCriteria(request.getRequest().getCriteria())).jobTtl(request, worker).toSeconds();
      return reportsFault ? List.of(new SubmitAnswered(submit, 0)) : rejected(submit, 400, "AbortedGen",
          "Processing Generation with ID " + job.getJobId() + " took too long to process and has been aborted! "
              + "Please check your worker speed - generations must complete within "
              + ttl + " seconds (minimum ~1 it/s, higher for large requests)!");
    }
    if (reportsFault) {
      return fault(state, job, request, worker, submit, now);
    }
    return job.getFake() ? deliverFake(job, request, worker, submit) : deliver(job, request, worker, submit, now);
  }

  List<SchedulerEvent> timeOutJob(SchedulerView state, String jobId, long now) {
    Job job = state.job(jobId);
    if (job == null || job.getStatus() != JobStatus.PROCESSING || job.getDeadlineAt().toEpochMilli() > now) {
      return List.of();
    }
    return fault(state, job, state.request(job.getRequestId()), state.worker(job.getWorkerId()), null, now);
  }

  /**
   * A job aborted: its slot goes back to the queue, and its kind's last allowed abort faults the request (spec
   * §3.9). Its worker counts it towards its aborted jobs (R3.9.3), unless it was deleted ({@code worker} null).
   * A fake job's abort changes nothing of its request (the reference would queue one more real job: not copied).
   */
  private List<SchedulerEvent> fault(SchedulerView state, Job job, WaitingRequest request, WorkerState worker,
      SubmitRequested submit, long now) {
    KindRules kindRules = rules.apply(WorkKind.ofCriteria(request.getRequest().getCriteria()));
    List<SchedulerEvent> raised = new ArrayList<>();
    WorkerState workerAfter = worker == null ? null
        : WorkerSuspicions.aborted(worker, kindRules.abortedJobsThreshold(state.raid()), state.raid(), now, raised);
    Job jobAfter = Job.newBuilder(job).setStatus(JobStatus.FAULTED).build();
    if (job.getFake()) {
      List<SchedulerEvent> events = new ArrayList<>(List.of(new JobFaulted(jobAfter, request, workerAfter, submit)));
      events.addAll(raised);
      return events;
    }
    Progress p = request.getProgress();
    int restarted = p.getRestarted() + 1;
    Progress.Builder faulted = Progress.newBuilder(p).setProcessing(p.getProcessing() - 1)
        .setRestarted(restarted).setInFlight(Scheduler.without(p.getInFlight(), job.getJobId()))
        .setFaulted(p.getFaulted() || restarted >= kindRules.abortsToFault(settings));
    if (!p.getCancelled()) {
      faulted.setN(p.getN() + 1);
    }
    WaitingRequest after = Scheduler.withProgress(request, faulted.build(), now);
    List<SchedulerEvent> events = new ArrayList<>(List.of(new JobFaulted(jobAfter, after, workerAfter, submit)));
    events.addAll(raised);
    events.addAll(Scheduler.finished(request, after, now));
    return events;
  }

  /**
   * A paused worker's generation for a fake job (spec R1.21): answered with the reward it would have earned, so
   * that the worker cannot tell, and discarded: the request, the worker's statistics and the ledger are untouched.
   */
  private List<SchedulerEvent> deliverFake(Job job, WaitingRequest request, WorkerState worker,
      SubmitRequested submit) {
    KindRules kindRules = rules.apply(WorkKind.ofCriteria(request.getRequest().getCriteria()));
    Delivery delivery = kindRules.deliver(job, request, worker, submit, submit.getState(), submit.getGenMetadata());
    if (delivery.refusal() != null) {
      return List.of(new SubmitRejected(submit, delivery.refusal()));
    }
    Job jobAfter = Job.newBuilder(job).setStatus(JobStatus.DELIVERED).build();
    return List.of(new FakeJobSubmitted(submit, jobAfter, request, worker, delivery.rewardCenti()));
  }

  private List<SchedulerEvent> deliver(Job job, WaitingRequest request, WorkerState worker, SubmitRequested submit,
      long now) {
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
    KindRules kindRules = rules.apply(WorkKind.ofCriteria(request.getRequest().getCriteria()));
    Delivery delivery = kindRules.deliver(job, request, worker, submit, state, metadata);
    if (delivery.refusal() != null) {
      return List.of(new SubmitRejected(submit, delivery.refusal()));
    }
    double seconds = (now - job.getAssignedAt().toEpochMilli()) / 1000.0;
    List<Double> samples = new ArrayList<>(worker.getSpeedSamples());
    samples.add(kindRules.speedSample(delivery.things(), seconds));
    long reward = delivery.rewardCenti();
    WorkerState counted = WorkerState.newBuilder(worker)
        .setRequestsFulfilled(worker.getRequestsFulfilled() + 1)
        .setKudosGeneratedCenti(worker.getKudosGeneratedCenti() + reward)
        .setThingsGenerated(worker.getThingsGenerated() + delivery.things())
        .setSpeedSamples(samples.subList(Math.max(0, samples.size() - SPEED_SAMPLES), samples.size())).build();
    List<SchedulerEvent> raised = new ArrayList<>();
    WorkerState workerAfter = counted;
    for (int i = kindRules.speedSuspicions(job, worker, delivery.things(), seconds); i > 0; i--) {
      workerAfter = WorkerSuspicions.raise(workerAfter, Suspicion.UNREASONABLY_FAST, now, raised);
    }

    Progress p = request.getProgress();
    List<Object> generations = new ArrayList<>(p.getGenerations());
    generations.add(delivery.generation());
    Progress delivered = Progress.newBuilder(p).setProcessing(p.getProcessing() - 1)
        .setFinished(p.getFinished() + 1)
        .setConsumedCenti(p.getConsumedCenti() + delivery.chargeCenti() + delivery.taxCenti())
        .setGenerations(generations).setInFlight(Scheduler.without(p.getInFlight(), job.getJobId())).build();
    WaitingRequest after = Scheduler.withProgress(request, delivered, now);
    Job jobAfter = Job.newBuilder(job).setStatus(JobStatus.DELIVERED).build();

    List<SchedulerEvent> events = new ArrayList<>(List.of(
        new JobDelivered(submit, jobAfter, after, workerAfter, state, delivery.things(), reward,
            delivery.chargeCenti()),
        new KudosIssued(SchedulerKudos.settlement(job.getJobId(), request.getRequest(), worker, reward,
            delivery.chargeCenti(), delivery.taxCenti(), now))));
    events.addAll(raised);
    events.addAll(Scheduler.finished(request, after, now));
    return events;
  }

  private static List<SchedulerEvent> rejected(SubmitRequested submit, int status, String rc, String message) {
    return List.of(new SubmitRejected(submit, Scheduler.error(status, rc, message)));
  }
}
