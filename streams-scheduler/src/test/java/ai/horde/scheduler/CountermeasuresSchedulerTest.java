package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.T0;
import static ai.horde.scheduler.Fixtures.accept;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.request;
import static ai.horde.scheduler.Fixtures.submit;
import static ai.horde.scheduler.Fixtures.workerCommand;
import static ai.horde.scheduler.SchedulerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.accounts.Suspicion;
import ai.horde.events.AccountCommand;
import ai.horde.events.HordeModes;
import ai.horde.events.JobEvent;
import ai.horde.events.JobStatus;
import ai.horde.events.ModifyWorker;
import ai.horde.events.PopAnswer;
import ai.horde.events.RecordSuspicion;
import ai.horde.events.Reply;
import ai.horde.events.RequestStatus;
import ai.horde.events.SubmitAnswer;
import ai.horde.events.UserChanged;
import ai.horde.events.UserEvent;
import ai.horde.events.UserSuspicionReset;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.Outputs.Output;
import ai.horde.scheduler.SchedulerCommand.ManageWorker;
import ai.horde.scheduler.SchedulerCommand.OwnerChanged;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerCommand.Submit;
import ai.horde.scheduler.SchedulerEvent.FakeJobSubmitted;
import ai.horde.scheduler.SchedulerEvent.JobDelivered;
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.SuspicionRaised;
import ai.horde.scheduler.SchedulerEvent.WorkerRegistered;
import ai.horde.scheduler.SchedulerEvent.WorkerUpdated;
import ai.horde.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's countermeasures (decision 0017): paused workers' fake jobs (spec R1.21), worker suspicions
 * (R3.11.6) and automatic pause, dropped-jobs maintenance (R3.9.3, raid mode R3.17.3), and what owners' account
 * changes do to their workers (§3.12).
 */
class CountermeasuresSchedulerTest {
  private static final long REQUESTER = 7;
  private static final long OWNER = 9;
  private static final long MODERATOR = 1;

  private final SchedulerFixture horde = new SchedulerFixture();
  private int pops;

  private List<SchedulerEvent> popBy(String worker, long user) {
    return horde.when(new Pop(pop("p" + ++pops, worker, user, Instant.ofEpochMilli(horde.now)).build()));
  }

  private String worker(String name, long user) {
    horde.given(new Pop(pop("register-" + name, name, user).build()));
    return horde.state.workerNamed(name).getWorkerId();
  }

  private void pause(String workerId) {
    horde.given(new ManageWorker(workerCommand("pause-" + workerId, workerId, MODERATOR,
        ModifyWorker.newBuilder().setPaused(true).build()).setRequesterModerator(true).build()));
  }

  private static List<Output> published(List<SchedulerEvent> events) {
    return events.stream().flatMap(e -> Outputs.of(e, T0.toEpochMilli()).stream()).toList();
  }

  private static <T> List<T> values(List<Output> outputs, Class<T> type) {
    return outputs.stream().map(Output::value).filter(type::isInstance).map(type::cast).toList();
  }

  private static <T> List<T> replies(List<Output> outputs, Class<T> type) {
    return values(outputs, Reply.class).stream().map(Reply::getBody).filter(type::isInstance).map(type::cast).toList();
  }

  @Nested
  class PausedWorkers {
    @Test
    void aPausedWorkerGetsAJobThatLooksRealWhileTheRequestKeepsItsJobs() {
      // Given a request of another user, and a paused worker
      String paused = worker("paused", OWNER);
      pause(paused);
      horde.given(accept(request("r1", REQUESTER).build()));
      // When it pops
      var events = popBy("paused", OWNER);
      // Then it gets a job with the request's payload and a job id of its own
      var assigned = only(events, JobsAssigned.class);
      assertThat(assigned.jobs()).singleElement().satisfies(job -> {
        assertThat(job.getFake()).isTrue();
        assertThat(job.getRequestId()).isEqualTo("r1");
      });
      assertThat(assigned.payloadJson()).contains("Once upon a time");
      var answer = replies(published(events), PopAnswer.class);
      assertThat(answer).singleElement().satisfies(a -> {
        assertThat(a.getJobIds()).containsExactly(assigned.jobs().get(0).getJobId());
        assertThat(a.getJobsLeft()).isEqualTo(1);
      });
      // And the request still has its job for others, with nothing in its status
      assertThat(horde.requests.get("r1").getProgress().getN()).isEqualTo(1);
      assertThat(horde.requests.get("r1").getProgress().getProcessing()).isZero();
      assertThat(values(published(events), RequestStatus.class)).isEmpty();
      assertThat(values(published(events), JobEvent.class)).singleElement()
          .satisfies(e -> assertThat(e.getFake()).isTrue());
    }

    @Test
    void aTrickedWorkerIsNeverOfferedTheRequestAgainAndAnotherWorkerServesIt() {
      // Given a paused worker that was given a fake job of r1
      String paused = worker("paused", OWNER);
      pause(paused);
      horde.given(accept(request("r1", REQUESTER).build()));
      popBy("paused", OWNER);
      // When it pops again, then it is skipped for a reason it is not told
      var again = only(popBy("paused", OWNER), PopAnswered.class);
      assertThat(again.skipped()).isEmpty();
      assertThat(horde.requests.get("r1").getTrickedWorkerIds()).containsExactly(paused);
      // And a worker that is not paused gets the request's job for real
      var real = only(popBy("honest", 10), JobsAssigned.class);
      assertThat(real.jobs()).singleElement().satisfies(job -> assertThat(job.getFake()).isFalse());
      assertThat(real.request().getProgress().getN()).isZero();
      assertThat(real.request().getProgress().getProcessing()).isEqualTo(1);
    }

    @Test
    void aFakeJobsSubmitLooksRewardedButSettlesNothing() {
      // Given a paused worker holding a fake job of r1
      pause(worker("paused", OWNER));
      horde.given(accept(request("r1", REQUESTER).build()));
      String fakeJob = only(popBy("paused", OWNER), JobsAssigned.class).jobs().get(0).getJobId();
      WorkerState before = horde.state.workerNamed("paused");
      // When it submits
      horde.advance(Duration.ofSeconds(5));
      var events = horde.when(new Submit(submit("s1", fakeJob, OWNER).build()));
      // Then it is answered a reward, and no kudos move, nothing reaches the request or the worker's statistics
      var submitted = only(events, FakeJobSubmitted.class);
      assertThat(submitted.rewardCenti()).isPositive();
      assertThat(replies(published(events), SubmitAnswer.class)).singleElement()
          .satisfies(a -> assertThat(a.getRewardCenti()).isEqualTo(submitted.rewardCenti()));
      assertThat(events).noneMatch(e -> e instanceof KudosIssued || e instanceof JobDelivered);
      assertThat(values(published(events), RequestStatus.class)).isEmpty();
      assertThat(values(published(events), JobEvent.class)).singleElement().satisfies(e -> {
        assertThat(e.getFake()).isTrue();
        assertThat(e.getRewardCenti()).isZero();
      });
      assertThat(horde.requests.get("r1").getProgress().getGenerations()).isEmpty();
      assertThat(horde.requests.get("r1").getProgress().getN()).isEqualTo(1);
      assertThat(horde.state.workerNamed("paused")).isEqualTo(before);
      assertThat(horde.jobs.get(fakeJob).getStatus()).isEqualTo(JobStatus.DELIVERED);
    }

    @Test
    void aPausedWorkerServesItsOwnersRequestsForReal() {
      pause(worker("paused", OWNER));
      horde.given(accept(request("own", OWNER).build()));
      var assigned = only(popBy("paused", OWNER), JobsAssigned.class);
      assertThat(assigned.jobs()).singleElement().satisfies(job -> assertThat(job.getFake()).isFalse());
      assertThat(assigned.request().getProgress().getN()).isZero();
    }

    @Test
    void anExpiredFakeJobQueuesNoExtraJob() {
      // Given a paused worker that never submits its fake job
      pause(worker("paused", OWNER));
      horde.given(accept(request("r1", REQUESTER).build()));
      popBy("paused", OWNER);
      // When its TTL runs out
      horde.advance(Duration.ofSeconds(151));
      var faulted = only(horde.tick(), JobFaulted.class);
      // Then the job is aborted (and counted against the worker) but the request is as it was
      assertThat(faulted.job().getFake()).isTrue();
      assertThat(horde.requests.get("r1").getProgress().getN()).isEqualTo(1);
      assertThat(horde.requests.get("r1").getProgress().getRestarted()).isZero();
      assertThat(horde.requests.get("r1").getProgress().getJobs()).isEqualTo(1);
      assertThat(faulted.worker().getAbortedJobs()).isEqualTo(1);
      assertThat(values(published(List.of(faulted)), RequestStatus.class)).isEmpty();
    }
  }

  @Nested
  class Suspicions {
    @Test
    void aWorkerCreatedWithAnExtremelyLongNameIsSuspectedTwiceAndItsOwnerToo() {
      // When a worker is created by a pop whose name was cut from 250 characters
      var events = horde.when(new Pop(pop("p1", "x".repeat(100), OWNER).setAskedNameChars(250).build()));
      // Then it is suspected of an extreme and a long name
      assertThat(only(events, WorkerRegistered.class).worker().getSuspicions())
          .containsExactly("WORKER_NAME_EXTREME", "WORKER_NAME_LONG");
      // And the registry is asked to record both on its owner
      assertThat(values(published(events), AccountCommand.class)).extracting(AccountCommand::getCommand)
          .containsExactly(new RecordSuspicion(OWNER, "WORKER_NAME_EXTREME", only(events, WorkerRegistered.class)
              .worker().getWorkerId()), new RecordSuspicion(OWNER, "WORKER_NAME_LONG", only(events,
              WorkerRegistered.class).worker().getWorkerId()));
    }

    @Test
    void aNameOfAHundredCharactersRaisesNothing() {
      var events = horde.when(new Pop(pop("p1", "x".repeat(100), OWNER).setAskedNameChars(100).build()));
      assertThat(only(events, WorkerRegistered.class).worker().getSuspicions()).isEmpty();
      assertThat(events).noneMatch(SuspicionRaised.class::isInstance);
    }

    /** A job of a new request of the known 13-billion model, popped by worker w and delivered {@code took} later. */
    private List<SchedulerEvent> delivery(String requestId, boolean ownerTrusted, Duration took) {
      horde.given(accept(request(requestId, REQUESTER).setAcceptedAt(Instant.ofEpochMilli(horde.now)).build()));
      String job = only(horde.when(new Pop(pop("p-" + requestId, "w", OWNER, Instant.ofEpochMilli(horde.now))
          .setUserTrusted(ownerTrusted).build())), JobsAssigned.class).jobs().get(0).getJobId();
      horde.advance(took);
      return horde.when(new Submit(submit("s-" + requestId, job, OWNER).build()));
    }

    private WorkerState fastDelivery(String requestId, boolean ownerTrusted) {
      return only(delivery(requestId, ownerTrusted, Duration.ofMillis(10)), JobDelivered.class).worker();
    }

    @Test
    void anUntrustedOwnersWorkerTooFastForItsKnownModelIsSuspectedTwice() {
      // When a job is delivered 10 ms after it was handed out (far over 150 tokens/s)
      var events = delivery("r1", false, Duration.ofMillis(10));
      // Then the worker is suspected once for any text worker's limit and once for its model's
      assertThat(only(events, JobDelivered.class).worker().getSuspicions())
          .containsExactly("UNREASONABLY_FAST", "UNREASONABLY_FAST");
      assertThat(events).filteredOn(SuspicionRaised.class::isInstance).hasSize(2);
    }

    @Test
    void aTrustedOwnersWorkerIsHeldToTheGeneralLimitOnly() {
      assertThat(fastDelivery("r1", true).getSuspicions()).containsExactly("UNREASONABLY_FAST");
    }

    @Test
    void aDeliveryAtAHumanSpeedRaisesNothing() {
      var events = delivery("r1", false, Duration.ofSeconds(10));
      assertThat(only(events, JobDelivered.class).worker().getSuspicions()).isEmpty();
      assertThat(events).noneMatch(SuspicionRaised.class::isInstance);
    }

    @Test
    void anUntrustedOwnersWorkerIsPausedAtItsFifthSuspicion() {
      // Given a worker suspected of an extreme name (two reasons)
      horde.given(new Pop(pop("p0", "w", OWNER).setAskedNameChars(300).build()));
      // When it delivers too fast once (two more: four), then it is not paused yet
      assertThat(fastDelivery("r1", false).getPaused()).isFalse();
      // When it does again (six), then it is
      WorkerState paused = fastDelivery("r2", false);
      assertThat(paused.getSuspicions()).hasSize(6);
      assertThat(paused.getPaused()).isTrue();
    }

    @Test
    void aWorkerKeepsAtMostAHundredReasons() {
      WorkerState worker = WorkerState.newBuilder().setWorkerId("w").setName("w").setOwnerUserId(OWNER)
          .setCreatedAt(T0).setLastCheckInAt(T0).setOwnerTrusted(true)
          .setSuspicions(Collections.nCopies(WorkerSuspicions.MOST_KEPT, "UNREASONABLY_FAST")).build();
      List<SchedulerEvent> raised = new ArrayList<>();
      assertThat(WorkerSuspicions.raise(worker, Suspicion.UNREASONABLY_FAST, horde.now, raised)).isEqualTo(worker);
      assertThat(raised).isEmpty();
    }

    @Test
    void aTrustedOwnersWorkerIsNeverPausedForSuspicion() {
      horde.given(new Pop(pop("p0", "w", OWNER).setUserTrusted(true).setAskedNameChars(300).build()));
      fastDelivery("r1", true);
      fastDelivery("r2", true);
      WorkerState worker = fastDelivery("r3", true);
      assertThat(worker.getSuspicions()).hasSize(5);
      assertThat(worker.getPaused()).isFalse();
    }
  }

  @Nested
  class DroppedJobs {
    /** Its job of a new request, which the worker then reports faulted. */
    private JobFaulted abort(int i) {
      horde.given(accept(request("r" + i, REQUESTER).setAcceptedAt(Instant.ofEpochMilli(horde.now)).build()));
      String job = only(popBy("w", OWNER), JobsAssigned.class).jobs().get(0).getJobId();
      return only(horde.when(new Submit(submit("s" + i, job, OWNER).setState("faulted").build())), JobFaulted.class);
    }

    @Test
    void aWorkerThatDropsMoreThanTwentyJobsInAnHourGoesIntoMaintenanceAndIsSuspected() {
      // Given twenty dropped jobs
      for (int i = 1; i <= 20; i++) {
        assertThat(abort(i).worker().getMaintenance()).isFalse();
      }
      assertThat(horde.state.workerNamed("w").getAbortedJobs()).isEqualTo(20);
      // When it drops one more
      var events = horde.when(new Submit(submit("s21", only(dropNext(21), JobsAssigned.class).jobs().get(0).getJobId(),
          OWNER).setState("faulted").build()));
      // Then it is in maintenance with the reference's message, suspected, and its count starts again
      WorkerState worker = only(events, JobFaulted.class).worker();
      assertThat(worker.getMaintenance()).isTrue();
      assertThat(worker.getMaintenanceMsg()).isEqualTo(WorkerSuspicions.DROPPING_JOBS_MESSAGE);
      assertThat(worker.getSuspicions()).containsExactly(Suspicion.TOO_MANY_JOBS_ABORTED.name());
      assertThat(worker.getAbortedJobs()).isZero();
      assertThat(worker.getUncompletedJobs()).isEqualTo(21);
      assertThat(only(events, SuspicionRaised.class).reason()).isEqualTo(Suspicion.TOO_MANY_JOBS_ABORTED);
    }

    private List<SchedulerEvent> dropNext(int i) {
      horde.given(accept(request("r" + i, REQUESTER).build()));
      return popBy("w", OWNER);
    }

    @Test
    void theCountStartsAgainOnceAnHourHasPassed() {
      for (int i = 1; i <= 20; i++) {
        abort(i);
      }
      horde.advance(Duration.ofMinutes(61));
      WorkerState worker = abort(21).worker();
      assertThat(worker.getMaintenance()).isFalse();
      assertThat(worker.getAbortedJobs()).isEqualTo(1);
      assertThat(worker.getAbortedWindowStart()).isEqualTo(Instant.ofEpochMilli(horde.now));
    }

    @Test
    void inRaidModeTheEleventhDropRaisesSuspicionButNoMaintenance() {
      // Given the horde in raid mode
      horde.modes.put(Topics.MODES_KEY, HordeModes.newBuilder().setRaid(true).setUpdatedAt(T0).build());
      for (int i = 1; i <= 10; i++) {
        assertThat(abort(i).worker().getSuspicions()).isEmpty();
      }
      // When it drops its eleventh job, then it is suspected without being told
      WorkerState worker = abort(11).worker();
      assertThat(worker.getSuspicions()).containsExactly(Suspicion.TOO_MANY_JOBS_ABORTED.name());
      assertThat(worker.getMaintenance()).isFalse();
      assertThat(worker.getAbortedJobs()).isZero();
    }
  }

  @Nested
  class OwnerChanges {
    private List<SchedulerEvent> ownerEvent(long user, Object change) {
      return horde.when(new OwnerChanged(UserEvent.newBuilder().setUserId(user).setOccurredAt(T0).setEvent(change)
          .build()));
    }

    @Test
    void trustingAnOwnerUnpausesAllTheirWorkers() {
      // Given two paused workers of one owner and one of another
      pause(worker("a", OWNER));
      pause(worker("b", OWNER));
      pause(worker("other", 10));
      // When a moderator trusts the owner
      var events = ownerEvent(OWNER, UserChanged.newBuilder().setTrusted(true).build());
      // Then both their workers are un-paused and a trusted owner's; the other stays paused
      assertThat(events).hasSize(2).allSatisfy(e -> {
        WorkerState worker = ((WorkerUpdated) e).worker();
        assertThat(worker.getPaused()).isFalse();
        assertThat(worker.getOwnerTrusted()).isTrue();
      });
      assertThat(horde.state.workerNamed("a").getPaused()).isFalse();
      assertThat(horde.state.workerNamed("other").getPaused()).isTrue();
    }

    @Test
    void resettingAnOwnersSuspicionClearsTheirWorkersSuspicions() {
      horde.given(new Pop(pop("p0", "w", OWNER).setAskedNameChars(300).build()));
      only(ownerEvent(OWNER, new UserSuspicionReset()), WorkerUpdated.class);
      assertThat(horde.state.workerNamed("w").getSuspicions()).isEmpty();
    }

    @Test
    void otherAccountChangesLeaveWorkersAlone() {
      worker("w", OWNER);
      assertThat(ownerEvent(OWNER, UserChanged.newBuilder().setContact("me@example.org").build())).isEmpty();
    }
  }
}
