package ai.horde.scheduler;

import ai.horde.events.AccountCommand;
import ai.horde.events.AssignedJob;
import ai.horde.events.ImageCriteria;
import ai.horde.events.Job;
import ai.horde.events.JobEvent;
import ai.horde.events.JobEventKind;
import ai.horde.events.PopAnswer;
import ai.horde.events.RecordSuspicion;
import ai.horde.events.Reply;
import ai.horde.events.RequestFinished;
import ai.horde.events.RequestOutcome;
import ai.horde.events.RequestStatus;
import ai.horde.events.SubmitAnswer;
import ai.horde.events.TextCriteria;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerAnswer;
import ai.horde.events.WorkerCommand;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerEvent.Assignment;
import ai.horde.scheduler.SchedulerEvent.FakeJobSubmitted;
import ai.horde.scheduler.SchedulerEvent.JobDelivered;
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.PopRejected;
import ai.horde.scheduler.SchedulerEvent.RequestCancelled;
import ai.horde.scheduler.SchedulerEvent.RequestEnded;
import ai.horde.scheduler.SchedulerEvent.RequestExpired;
import ai.horde.scheduler.SchedulerEvent.RequestQueued;
import ai.horde.scheduler.SchedulerEvent.SubmitAnswered;
import ai.horde.scheduler.SchedulerEvent.SubmitRejected;
import ai.horde.scheduler.SchedulerEvent.SuspicionRaised;
import ai.horde.scheduler.SchedulerEvent.WorkerCheckedIn;
import ai.horde.scheduler.SchedulerEvent.WorkerCommandRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerDeleted;
import ai.horde.scheduler.SchedulerEvent.WorkerModified;
import ai.horde.scheduler.SchedulerEvent.WorkerRegistered;
import ai.horde.scheduler.SchedulerEvent.WorkerUpdated;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import ai.horde.topics.Topics.WorkTopics;
import ai.horde.work.WorkKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the scheduler publishes for each event: replies to the ingress instance holding the HTTP call,
 * request status, worker state, job and request history, and the commands it sends the kudos ledger (taxes,
 * settlements, uptime rewards, hold releases). Pure.
 *
 * <p>A job event of a worker deleted while the job was in flight names the owner {@link #UNKNOWN_OWNER}. A paused
 * worker's fake job (spec R1.21) has job events marked {@code fake}, with no reward, and never shows in its
 * request's status; consumers of job events (statistics, webhooks) must leave fake ones out. A worker's suspicion
 * goes to the account registry as a {@code RecordSuspicion} command.
 */
final class Outputs {
  /** A record for one of the scheduler's output topics; a null value is a tombstone. */
  record Output(Topic<String, ? extends SpecificRecord> topic, String key, SpecificRecord value) {}

  static final List<Topic<String, ? extends SpecificRecord>> TOPICS = List.of(Topics.REPLIES, Topics.TEXT_STATUS,
      Topics.IMAGE_STATUS, Topics.ALCHEMY_STATUS, Topics.WORKERS, Topics.TEXT_JOB_EVENTS, Topics.IMAGE_JOB_EVENTS,
      Topics.ALCHEMY_JOB_EVENTS, Topics.TEXT_REQUEST_OUTCOMES, Topics.IMAGE_REQUEST_OUTCOMES,
      Topics.ALCHEMY_REQUEST_OUTCOMES, Topics.KUDOS_COMMANDS, Topics.ACCOUNT_COMMANDS);

  /** The owner named in the job event of a worker that no longer exists. */
  static final long UNKNOWN_OWNER = -1;

  private Outputs() {}

  static List<Output> of(SchedulerEvent event, long now) {
    List<Output> out = new ArrayList<>();
    if (event instanceof RequestQueued e) {
      out.add(status(e.request()));
    } else if (event instanceof WorkerRegistered e) {
      out.add(worker(e.worker()));
    } else if (event instanceof WorkerCheckedIn e) {
      out.add(worker(e.worker()));
    } else if (event instanceof JobsAssigned e) {
      List<String> jobIds = e.jobs().stream().map(Job::getJobId).toList();
      List<AssignedJob> also = new ArrayList<>();
      for (Assignment further : e.alsoAssigned()) {
        for (Job job : further.jobs()) {
          also.add(new AssignedJob(job.getJobId(), job.getRequestId(), job.getModel(),
              Objects.requireNonNullElse(further.payloadJson(), "")));
        }
      }
      out.add(reply(e.pop().getReplyTo(), e.pop().getPopId(), PopAnswer.newBuilder()
          .setWorkerId(e.worker().getWorkerId()).setJobIds(jobIds).setModel(e.jobs().get(0).getModel())
          .setPayloadJson(e.payloadJson()).setTtlSeconds(e.ttlSeconds())
          .setRequestId(e.request().getRequest().getRequestId())
          .setJobsLeft(e.request().getProgress().getN() + realJobs(e.jobs())).setAlsoAssigned(also).build()));
      out.addAll(assigned(e.request(), e.jobs(), e.worker(), now));
      for (Assignment further : e.alsoAssigned()) {
        out.addAll(assigned(further.request(), further.jobs(), e.worker(), now));
      }
    } else if (event instanceof PopAnswered e) {
      out.add(reply(e.pop().getReplyTo(), e.pop().getPopId(),
          PopAnswer.newBuilder().setWorkerId(e.workerId()).setSkipped(Map.copyOf(e.skipped())).build()));
    } else if (event instanceof PopRejected e) {
      out.add(reply(e.pop().getReplyTo(), e.pop().getPopId(), e.error()));
    } else if (event instanceof JobDelivered e) {
      out.add(reply(e.submit().getReplyTo(), e.submit().getSubmitId(), new SubmitAnswer(e.rewardCenti())));
      out.add(status(e.request()));
      out.add(worker(e.worker()));
      out.add(jobOutput(e.request(), jobEvent(JobEventKind.DELIVERED, e.job(), e.request(), e.worker(), now)
          .setState(e.state()).setThings(e.things()).setTokens(e.request().getRequest().getCriteria()
              instanceof TextCriteria ? (int) e.things() : 0).setRewardCenti(e.rewardCenti())
          .setRequesterChargeCenti(e.chargeCenti())));
    } else if (event instanceof JobFaulted e) {
      if (e.submit() != null) {
        out.add(reply(e.submit().getReplyTo(), e.submit().getSubmitId(), new SubmitAnswer(0L)));
      }
      if (!e.job().getFake()) {
        out.add(status(e.request()));
      }
      if (e.worker() != null) {
        out.add(worker(e.worker()));
      }
      JobEventKind kind = e.submit() != null ? JobEventKind.FAULTED : JobEventKind.TIMED_OUT;
      out.add(jobOutput(e.request(), jobEvent(kind, e.job(), e.request(), e.worker(), now)));
    } else if (event instanceof FakeJobSubmitted e) {
      // The worker sees the reward it would have earned; everyone else sees a fake job that paid nothing.
      out.add(reply(e.submit().getReplyTo(), e.submit().getSubmitId(), new SubmitAnswer(e.rewardCenti())));
      out.add(jobOutput(e.request(), jobEvent(JobEventKind.DELIVERED, e.job(), e.request(), e.worker(), now)
          .setState(e.submit().getState())));
    } else if (event instanceof SuspicionRaised e) {
      out.add(recordSuspicion(e));
    } else if (event instanceof WorkerUpdated e) {
      out.add(worker(e.worker()));
    } else if (event instanceof SubmitAnswered e) {
      out.add(reply(e.submit().getReplyTo(), e.submit().getSubmitId(), new SubmitAnswer(e.rewardCenti())));
    } else if (event instanceof SubmitRejected e) {
      out.add(reply(e.submit().getReplyTo(), e.submit().getSubmitId(), e.error()));
    } else if (event instanceof SchedulerEvent.RequestRated e) {
      out.add(reply(e.rating().getReplyTo(), e.rating().getRatingId(), new SubmitAnswer(e.rewardCenti())));
      out.add(status(e.request()));
    } else if (event instanceof SchedulerEvent.RatingRejected e) {
      out.add(reply(e.rating().getReplyTo(), e.rating().getRatingId(), e.error()));
    } else if (event instanceof WorkerModified e) {
      out.add(worker(e.after()));
      out.addAll(workerReply(e.command(), new WorkerAnswer(e.after().getWorkerId(), e.after().getName())));
    } else if (event instanceof WorkerDeleted e) {
      out.add(new Output(Topics.WORKERS, e.worker().getWorkerId(), null));
      out.addAll(workerReply(e.command(), new WorkerAnswer(e.worker().getWorkerId(), e.worker().getName())));
    } else if (event instanceof WorkerCommandRejected e) {
      out.addAll(workerReply(e.command(), e.error()));
    } else if (event instanceof RequestCancelled e) {
      out.add(status(e.request()));
    } else if (event instanceof RequestEnded e) {
      out.add(outcome(e.request(), e.outcome(), e.request().getProgress().getFinishedAt()));
    } else if (event instanceof KudosIssued e) {
      // Keyed by the account whose ledger task applies it: a transaction's home, a hold's owner.
      out.add(new Output(Topics.KUDOS_COMMANDS, e.command().getAccount(), e.command()));
    } else if (event instanceof RequestExpired e) {
      String id = e.request().getRequest().getRequestId();
      out.add(new Output(topics(e.request()).status(), id, null));
      if (e.request().getProgress().getFinishedAt() == null) {
        out.add(outcome(e.request(), RequestOutcome.EXPIRED, Instant.ofEpochMilli(now)));
      }
    }
    return out;
  }

  static String sinkName(Topic<String, ?> topic) {
    return "to-" + topic.name();
  }

  private static Output status(WaitingRequest request) {
    var accepted = request.getRequest();
    return new Output(topics(request).status(), accepted.getRequestId(), RequestStatus.newBuilder()
        .setRequestId(accepted.getRequestId()).setUserId(accepted.getUserId())
        .setPriorityCenti(request.getPriorityCenti()).setAcceptedAt(accepted.getAcceptedAt())
        .setCriteria(accepted.getCriteria()).setProgress(request.getProgress()).build());
  }

  /**
   * A request's status once a pop took jobs of it, and each job's ASSIGNED event; a fake job (spec R1.21) leaves
   * the status as it was.
   */
  private static List<Output> assigned(WaitingRequest request, List<Job> jobs, WorkerState worker, long now) {
    List<Output> out = new ArrayList<>();
    if (realJobs(jobs) > 0) {
      out.add(status(request));
    }
    for (Job job : jobs) {
      out.add(jobOutput(request, jobEvent(JobEventKind.ASSIGNED, job, request, worker, now)));
    }
    return out;
  }

  private static int realJobs(List<Job> jobs) {
    return (int) jobs.stream().filter(job -> !job.getFake()).count();
  }

  /**
   * The registry's command to record a worker's suspicion on its owner, sent without a reply address; its id
   * derives from the worker and its count of suspicions, so that a decision made again sends the same command.
   */
  private static Output recordSuspicion(SuspicionRaised e) {
    String commandId = UUID.nameUUIDFromBytes(("suspicion:" + e.worker().getWorkerId() + "#" + e.count())
        .getBytes(StandardCharsets.UTF_8)).toString();
    AccountCommand command = AccountCommand.newBuilder().setCommandId(commandId)
        .setRequestedAt(Instant.ofEpochMilli(e.at())).setCommand(new RecordSuspicion(e.worker().getOwnerUserId(),
            e.reason().name(), e.worker().getWorkerId())).build();
    return new Output(Topics.ACCOUNT_COMMANDS, commandId, command);
  }

  private static Output worker(WorkerState worker) {
    return new Output(Topics.WORKERS, worker.getWorkerId(), worker);
  }

  private static Output reply(String replyTo, String correlationId, Object body) {
    return new Output(Topics.REPLIES, replyTo, new Reply(correlationId, replyTo, body));
  }

  /** A worker command sent without a reply address (not from an HTTP call) is not answered. */
  private static List<Output> workerReply(WorkerCommand command, Object body) {
    return command.getReplyTo() == null ? List.of()
        : List.of(reply(command.getReplyTo(), command.getCommandId(), body));
  }

  private static Output outcome(WaitingRequest request, RequestOutcome outcome, Instant at) {
    var accepted = request.getRequest();
    var p = request.getProgress();
    return new Output(topics(request).outcomes(), accepted.getRequestId(), RequestFinished.newBuilder()
        .setRequestId(accepted.getRequestId()).setUserId(accepted.getUserId()).setOutcome(outcome)
        .setCancelled(p.getCancelled()).setJobs(p.getJobs()).setFinished(p.getFinished())
        .setRestarted(p.getRestarted()).setConsumedCenti(p.getConsumedCenti())
        .setAcceptedAt(accepted.getAcceptedAt()).setFinishedAt(at).build());
  }

  private static WorkTopics topics(WaitingRequest request) {
    return Topics.of(WorkKind.ofCriteria(request.getRequest().getCriteria()));
  }

  private static Output jobOutput(WaitingRequest request, JobEvent.Builder event) {
    JobEvent built = event.build();
    return new Output(topics(request).jobEvents(), built.getJobId(), built);
  }

  private static JobEvent.Builder jobEvent(JobEventKind kind, Job job, WaitingRequest request,
      WorkerState worker, long now) {
    var accepted = request.getRequest();
    JobEvent.Builder event = JobEvent.newBuilder().setJobId(job.getJobId())
        .setRequestId(job.getRequestId()).setKind(kind).setWorkerId(job.getWorkerId())
        .setWorkerOwnerId(worker == null ? UNKNOWN_OWNER : worker.getOwnerUserId())
        .setRequesterUserId(accepted.getUserId()).setModel(job.getModel()).setFake(job.getFake());
    if (accepted.getCriteria() instanceof TextCriteria text) {
      event.setMaxLength(text.getMaxLength()).setMaxContextLength(text.getMaxContextLength())
          .setPromptChars(accepted.getPromptChars());
    } else if (accepted.getCriteria() instanceof ImageCriteria) {
      event.setImage(true);
    }
    return event.setClientAgent(accepted.getClientAgent())
        .setBridgeAgent(worker == null ? "unknown:0:unknown" : worker.getBridgeAgent())
        .setAssignedAt(job.getAssignedAt())
        .setOccurredAt(Instant.ofEpochMilli(now));
  }
}
