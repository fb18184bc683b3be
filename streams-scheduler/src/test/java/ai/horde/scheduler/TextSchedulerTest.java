package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.T0;
import static ai.horde.scheduler.Fixtures.criteria;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.request;
import static ai.horde.scheduler.Fixtures.submit;
import static ai.horde.scheduler.SchedulerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.TextCancelRequested;
import ai.horde.events.TextJobStatus;
import ai.horde.events.TextRequestOutcome;
import ai.horde.scheduler.SchedulerCommand.AcceptRequest;
import ai.horde.scheduler.SchedulerCommand.Cancel;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerCommand.Submit;
import ai.horde.scheduler.SchedulerEvent.JobDelivered;
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.PopParked;
import ai.horde.scheduler.SchedulerEvent.PopRejected;
import ai.horde.scheduler.SchedulerEvent.RequestCancelled;
import ai.horde.scheduler.SchedulerEvent.RequestExpired;
import ai.horde.scheduler.SchedulerEvent.RequestFinished;
import ai.horde.scheduler.SchedulerEvent.RequestQueued;
import ai.horde.scheduler.SchedulerEvent.SubmitAnswered;
import ai.horde.scheduler.SchedulerEvent.SubmitRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerRegistered;
import ai.horde.text.TextKudos;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TextSchedulerTest {
  private final SchedulerFixture horde = new SchedulerFixture();

  private Pop popBy(String popId, String worker, long user) {
    return new Pop(pop(popId, worker, user, java.time.Instant.ofEpochMilli(horde.now)).build());
  }

  private static AcceptRequest anyModel(String id, long user) {
    return new AcceptRequest(request(id, user).build());
  }

  private String onlyJobOf(List<SchedulerEvent> events) {
    return only(events, JobsAssigned.class).jobs().get(0).getJobId();
  }

  @Nested
  class Requests {
    @Test
    void anAcceptedRequestWaitsWithAllItsJobs() {
      // When
      var events = horde.when(new AcceptRequest(request("r1", 7).setN(3).build()));
      // Then
      var queued = only(events, RequestQueued.class).request().getProgress();
      assertThat(queued.getN()).isEqualTo(3);
      assertThat(queued.getJobs()).isEqualTo(3);
      assertThat(queued.getExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
      assertThat(horde.state.queue()).extracting(QueueEntry::requestId).containsExactly("r1");
    }

    @Test
    void theSameRequestTwiceIsQueuedOnce() {
      horde.given(anyModel("r1", 7));
      assertThat(horde.when(anyModel("r1", 7))).isEmpty();
    }

    @Test
    void aCancelledRequestHandsOutNothingMoreAndIsDoneOnceItsJobsAreIn() {
      // Given a request of two jobs, one of them in flight
      horde.given(new AcceptRequest(request("r1", 7).setN(2).build()));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      // When it is cancelled
      var cancelled = only(horde.when(new Cancel(new TextCancelRequested("r1", T0))), RequestCancelled.class);
      // Then nothing waits, the job in flight still counts, and it is not done yet
      assertThat(cancelled.request().getProgress().getN()).isZero();
      assertThat(cancelled.request().getProgress().getJobs()).isEqualTo(1);
      assertThat(cancelled.request().getProgress().getFinishedAt()).isNull();
      assertThat(only(horde.when(popBy("p2", "w2", 10)), PopAnswered.class).skipped()).isEmpty();
      // And the job in flight is still delivered and paid, which finishes the request
      var delivered = horde.when(new Submit(submit("s1", job, 9).build()));
      assertThat(only(delivered, JobDelivered.class).rewardCenti()).isPositive();
      assertThat(only(delivered, RequestFinished.class).outcome()).isEqualTo(TextRequestOutcome.DONE);
    }

    @Test
    void aCancelThatOvertakesItsRequestStillCancelsIt() {
      // Given a cancel read before its request (they come from two topics)
      assertThat(horde.when(new Cancel(new TextCancelRequested("r1", T0))))
          .singleElement().isInstanceOf(SchedulerEvent.CancelKeptForLater.class);
      // When the request arrives
      var events = horde.when(anyModel("r1", 7));
      // Then it is cancelled at once and never handed out
      assertThat(only(events, RequestCancelled.class).request().getProgress().getN()).isZero();
      assertThat(horde.state.queue()).isEmpty();
      assertThat(horde.earlyCancels.map).isEmpty();
    }

    @Test
    void anEarlyCancelWhoseRequestNeverComesIsForgotten() {
      horde.given(new Cancel(new TextCancelRequested("ghost", T0)));
      horde.advance(Duration.ofMinutes(20));
      assertThat(horde.tick()).singleElement().isInstanceOf(SchedulerEvent.EarlyCancelForgotten.class);
      assertThat(horde.earlyCancels.map).isEmpty();
    }

    @Test
    void thePromptIsStoredOnceApartFromTheProgress() {
      horde.given(anyModel("r1", 7));
      assertThat(horde.payloads.get("r1")).contains("Once upon a time");
      assertThat(horde.requests.get("r1").getRequest().getPayloadJson()).isEmpty();
      assertThat(only(horde.when(popBy("p1", "w1", 9)), JobsAssigned.class).payloadJson()).contains("Once upon a time");
      horde.advance(Duration.ofMinutes(20)).tick();
      assertThat(horde.payloads.map).isEmpty();
    }

    @Test
    void anExpiredRequestIsDroppedWithItsJobs() {
      // Given a request whose job was handed out
      horde.given(anyModel("r1", 7));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      // When 20 minutes pass after the pop
      horde.advance(Duration.ofMinutes(20));
      var events = horde.tick();
      // Then the request and its job are gone, and a late submit finds nothing
      assertThat(only(events, RequestExpired.class).jobIds()).containsExactly(job);
      assertThat(horde.requests.map).isEmpty();
      assertThat(horde.jobs.map).isEmpty();
      assertThat(only(horde.when(new Submit(submit("s1", job, 9).build())), SubmitRejected.class).error().getRc())
          .isEqualTo("InvalidJobID");
    }

    @Test
    void aPopKeepsItsRequestAliveTwentyMinutesLonger() {
      // Given a request popped 15 minutes after it was accepted
      horde.given(new AcceptRequest(request("r1", 7).setN(2).build()));
      horde.advance(Duration.ofMinutes(15)).when(popBy("p1", "w1", 9));
      // When its original expiry passes
      horde.advance(Duration.ofMinutes(6));
      // Then it is still there (only its unsubmitted job timed out)
      assertThat(horde.tick()).noneMatch(RequestExpired.class::isInstance);
      assertThat(horde.state.request("r1")).isNotNull();
    }
  }

  @Nested
  class Pops {
    @Test
    void aPopTakesTheWaitingJobWithItsPayload() {
      // Given
      horde.given(anyModel("r1", 7));
      // When a new worker pops
      var events = horde.when(popBy("p1", "w1", 9));
      // Then the worker is registered, and it gets the job of r1 with the model it serves
      var worker = only(events, WorkerRegistered.class).worker();
      assertThat(worker.getOwnerUserId()).isEqualTo(9);
      var assigned = only(events, JobsAssigned.class);
      assertThat(assigned.worker().getWorkerId()).isEqualTo(worker.getWorkerId());
      assertThat(assigned.jobs()).singleElement().satisfies(job -> {
        assertThat(job.getRequestId()).isEqualTo("r1");
        assertThat(job.getModel()).isEqualTo("koboldcpp/thirteen");
        assertThat(job.getDeadlineAt()).isEqualTo(T0.plusSeconds(150));
        assertThat(job.getStatus()).isEqualTo(TextJobStatus.PROCESSING);
      });
      assertThat(assigned.request().getProgress().getN()).isZero();
      assertThat(assigned.request().getProgress().getProcessing()).isEqualTo(1);
      assertThat(horde.state.queue()).isEmpty();
    }

    @Test
    void aWorkerThatFitsNothingIsToldWhy() {
      // Given three requests that each ask more than the worker offers
      horde.given(
          new AcceptRequest(request("long", 7).setCriteria(criteria().setMaxLength(512).build()).build()),
          new AcceptRequest(request("wide", 7).setCriteria(criteria().setMaxContextLength(8192).build()).build()),
          new AcceptRequest(request("other", 7).setCriteria(criteria().setModels(List.of("some/model")).build()).build()));
      // When a worker with max_length 100 and context 4096 pops
      var events = horde.when(new Pop(pop("p1", "w1", 9).setMaxLength(100).setMaxContextLength(4096).build()));
      // Then no job, and each request counted under its reason
      assertThat(events).noneMatch(JobsAssigned.class::isInstance);
      assertThat(only(events, PopAnswered.class).skipped())
          .isEqualTo(Map.of("max_length", 1, "max_context_length", 1, "models", 1));
    }

    @Test
    void theRichestRequesterIsServedFirstAndOlderWinsTies() {
      horde.given(
          new AcceptRequest(request("poor", 1).setPriorityCenti(-50_00).build()),
          new AcceptRequest(request("rich", 2).setPriorityCenti(5000_00).setAcceptedAt(T0.plusSeconds(5)).build()),
          new AcceptRequest(request("zero-old", 3).build()),
          new AcceptRequest(request("zero-new", 4).setAcceptedAt(T0.plusSeconds(1)).build()));
      horde.advance(Duration.ofSeconds(5));
      assertThat(List.of(
          requestOf(horde.when(popBy("p1", "w1", 9))), requestOf(horde.when(popBy("p2", "w2", 9))),
          requestOf(horde.when(popBy("p3", "w3", 9))), requestOf(horde.when(popBy("p4", "w4", 9)))))
          .containsExactly("rich", "zero-old", "zero-new", "poor");
    }

    @Test
    void aWorkerServesItsOwnersRequestsFirst() {
      horde.given(
          new AcceptRequest(request("stranger", 1).setPriorityCenti(100_00).build()),
          new AcceptRequest(request("mine", 9).build()));
      assertThat(requestOf(horde.when(popBy("p1", "w1", 9)))).isEqualTo("mine");
    }

    @Test
    void priorityUsernamesComeBeforeRicherStrangers() {
      horde.given(
          new AcceptRequest(request("stranger", 1).setPriorityCenti(100_00).build()),
          new AcceptRequest(request("friend", 5).build()));
      var events = horde.when(new Pop(pop("p1", "w1", 9).setPriorityUserIds(List.of(5L)).build()));
      assertThat(requestOf(events)).isEqualTo("friend");
    }

    @Test
    void threeJobsGoToThreeWorkers() {
      // Given one request of three jobs
      horde.given(new AcceptRequest(request("r1", 7).setN(3).build()));
      // When three workers pop one job each
      Set<String> jobs = new HashSet<>();
      for (String worker : List.of("w1", "w2", "w3")) {
        jobs.add(onlyJobOf(horde.when(popBy("p-" + worker, worker, 9))));
      }
      // Then each got its own job, and a fourth worker gets none
      assertThat(jobs).hasSize(3);
      assertThat(horde.when(popBy("p4", "w4", 9))).noneMatch(JobsAssigned.class::isInstance);
    }

    @Test
    void aWorkerMayTakeSeveralJobsOfOneRequest() {
      horde.given(new AcceptRequest(request("r1", 7).setN(3).build()), anyModel("r2", 8));
      var assigned = only(horde.when(new Pop(pop("p1", "w1", 9).setAmount(5).build())), JobsAssigned.class);
      assertThat(assigned.jobs()).hasSize(3).allMatch(job -> job.getRequestId().equals("r1"));
    }

    @Test
    void aHeldPopIsAnsweredAsSoonAsAMatchingRequestArrives() {
      // Given a pop held for 20 s with nothing to do
      var parked = horde.when(new Pop(pop("p1", "w1", 9).setHoldUntil(T0.plusSeconds(20)).build()));
      assertThat(parked).hasAtLeastOneElementOfType(PopParked.class).noneMatch(PopAnswered.class::isInstance);
      // When a request it can serve arrives
      var events = horde.when(anyModel("r1", 7));
      // Then it goes straight to the parked pop
      assertThat(only(events, JobsAssigned.class).pop().getPopId()).isEqualTo("p1");
      assertThat(horde.state.parkedPops()).isEmpty();
    }

    @Test
    void aHeldPopIsNotGivenARequestItCannotServe() {
      horde.given(new Pop(pop("p1", "w1", 9).setMaxLength(100).setHoldUntil(T0.plusSeconds(20)).build()));
      var events = horde.when(new AcceptRequest(request("r1", 7).setCriteria(criteria().setMaxLength(512).build()).build()));
      assertThat(events).noneMatch(JobsAssigned.class::isInstance);
      // And when its hold runs out it hears why
      horde.advance(Duration.ofSeconds(20));
      assertThat(only(horde.tick(), PopAnswered.class).skipped()).isEqualTo(Map.of("max_length", 1));
    }

    @Test
    void aNewPopOfTheSameWorkerReleasesItsEarlierHeldPop() {
      horde.given(new Pop(pop("p1", "w1", 9).setHoldUntil(T0.plusSeconds(20)).build()));
      var events = horde.when(new Pop(pop("p2", "w1", 9).setHoldUntil(T0.plusSeconds(20)).build()));
      assertThat(only(events, PopAnswered.class).pop().getPopId()).isEqualTo("p1");
      // And a request goes to the newer pop, whose worker is still listening
      assertThat(only(horde.when(anyModel("r1", 7)), JobsAssigned.class).pop().getPopId()).isEqualTo("p2");
    }

    @Test
    void aPopWhoseIngressIsAboutToGiveUpGetsNoJob() {
      horde.given(anyModel("r1", 7));
      var events = horde.when(new Pop(pop("p1", "w1", 9).setReplyDeadline(T0.plusSeconds(1)).build()));
      assertThat(events).noneMatch(JobsAssigned.class::isInstance);
      assertThat(horde.state.request("r1").getProgress().getN()).isEqualTo(1);
    }

    @Test
    void aWorkerNameBelongsToItsOwner() {
      horde.given(popBy("p1", "w1", 9));
      var rejected = only(horde.when(popBy("p2", "w1", 10)), PopRejected.class);
      assertThat(rejected.error().getHttpStatus()).isEqualTo(403);
      assertThat(rejected.error().getRc()).isEqualTo("WrongCredentials");
    }

    @Test
    void anUntrustedUserMayRunFourWorkersButNotFive() {
      for (int i = 1; i <= 4; i++) {
        assertThat(horde.when(popBy("p" + i, "w" + i, 9))).hasAtLeastOneElementOfType(WorkerRegistered.class);
      }
      assertThat(only(horde.when(popBy("p5", "w5", 9)), PopRejected.class).error().getRc()).isEqualTo("TooManyWorkers");
      var trusted = horde.when(new Pop(pop("p6", "w6", 9).setUserTrusted(true).build()));
      assertThat(trusted).hasAtLeastOneElementOfType(WorkerRegistered.class);
    }

    @Test
    void trustedOnlyRequestsSkipUntrustedWorkers() {
      horde.given(new AcceptRequest(request("r1", 7).setCriteria(criteria().setTrustedWorkers(true).build()).build()));
      assertThat(only(horde.when(popBy("p1", "w1", 9)), PopAnswered.class).skipped()).isEqualTo(Map.of("untrusted", 1));
      assertThat(horde.when(new Pop(pop("p2", "w2", 9).setUserTrusted(true).build())))
          .hasAtLeastOneElementOfType(JobsAssigned.class);
    }

    private String requestOf(List<SchedulerEvent> events) {
      return only(events, JobsAssigned.class).request().getRequest().getRequestId();
    }
  }

  @Nested
  class Submits {
    @Test
    void aDeliveredJobIsPaidByTheFormulaAndFinishesTheRequest() {
      // Given a job of anonymous handed to a worker of user 9
      horde.given(anyModel("r1", 0));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      horde.advance(Duration.ofSeconds(4));
      // When the worker delivers
      var events = horde.when(new Submit(submit("s1", job, 9).setSeed(42).build()));
      // Then the reward follows spec §4.1 and the requester is charged as much
      var delivered = only(events, JobDelivered.class);
      long expected = TextKudos.rewardCenti(Fixtures.MODELS, "koboldcpp/thirteen", 80, 17,
          " and they lived happily ever after.", false, Fixtures.VALIDATED_BRIDGE);
      assertThat(delivered.rewardCenti()).isEqualTo(expected).isPositive();
      assertThat(delivered.chargeCenti()).isEqualTo(expected);
      var progress = delivered.request().getProgress();
      assertThat(progress.getFinished()).isEqualTo(1);
      assertThat(progress.getConsumedCenti()).isEqualTo(expected);
      assertThat(progress.getGenerations()).singleElement().satisfies(g -> {
        assertThat(g.getText()).isEqualTo(" and they lived happily ever after.");
        assertThat(g.getState()).isEqualTo("ok");
        assertThat(g.getSeed()).isEqualTo(42);
        assertThat(g.getWorkerName()).isEqualTo("w1");
      });
      assertThat(delivered.worker().getRequestsFulfilled()).isEqualTo(1);
      assertThat(delivered.worker().getSpeedSamples()).containsExactly(5.0); // 20 tokens in 4 s
      assertThat(only(events, RequestFinished.class).outcome()).isEqualTo(TextRequestOutcome.DONE);
    }

    @Test
    void aJobIsPaidOnceAndOnlyToItsWorkersOwner() {
      horde.given(anyModel("r1", 0));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      assertThat(only(horde.when(new Submit(submit("s0", job, 10).build())), SubmitRejected.class).error().getRc())
          .isEqualTo("WrongCredentials");
      horde.given(new Submit(submit("s1", job, 9).build()));
      var again = only(horde.when(new Submit(submit("s2", job, 9).build())), SubmitRejected.class);
      assertThat(again.error().getRc()).isEqualTo("DuplicateGen");
      assertThat(again.error().getHttpStatus()).isEqualTo(400);
      assertThat(only(horde.when(new Submit(submit("s3", "no-such-job", 9).build())), SubmitRejected.class)
          .error().getHttpStatus()).isEqualTo(404);
    }

    @Test
    void aCensoredGenerationPaysTheWorkerButNotTheRequester() {
      horde.given(anyModel("r1", 0));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      var delivered = only(horde.when(new Submit(submit("s1", job, 9).setState("csam").build())), JobDelivered.class);
      assertThat(delivered.chargeCenti()).isZero();
      assertThat(delivered.rewardCenti()).isPositive();
      assertThat(delivered.state()).isEqualTo("csam");
      assertThat(delivered.request().getProgress().getGenerations().get(0).getGenMetadata())
          .singleElement().satisfies(m -> assertThat(m.getValue()).isEqualTo("csam"));
    }

    @Test
    void aFaultedJobGoesBackToTheQueueAndTheThirdFaultsTheRequest() {
      horde.given(anyModel("r1", 0));
      for (int attempt = 1; attempt <= 3; attempt++) {
        // Given the job handed out again
        String job = onlyJobOf(horde.when(popBy("p" + attempt, "w1", 9)));
        // When the worker reports it faulted
        var events = horde.when(new Submit(submit("s" + attempt, job, 9).setState("faulted").build()));
        // Then it answers reward 0 and the slot returns, until the third fault ends the request
        var faulted = only(events, JobFaulted.class);
        assertThat(faulted.request().getProgress().getRestarted()).isEqualTo(attempt);
        assertThat(faulted.request().getProgress().getFaulted()).isEqualTo(attempt == 3);
        assertThat(horde.state.queue()).hasSize(attempt == 3 ? 0 : 1);
      }
    }

    @Test
    void aJobPastItsTtlIsRequeuedAndItsLateSubmitRefused() {
      // Given a job handed out
      horde.given(anyModel("r1", 0));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      // When its 150 s pass
      horde.advance(Duration.ofSeconds(149));
      assertThat(horde.tick()).isEmpty();
      horde.advance(Duration.ofSeconds(1));
      var faulted = only(horde.tick(), JobFaulted.class);
      // Then it is aborted and the request waits again
      assertThat(faulted.submit()).isNull();
      assertThat(faulted.request().getProgress().getN()).isEqualTo(1);
      assertThat(faulted.request().getProgress().getRestarted()).isEqualTo(1);
      assertThat(only(horde.when(new Submit(submit("s1", job, 9).build())), SubmitRejected.class).error().getRc())
          .isEqualTo("AbortedGen");
      assertThat(only(horde.when(new Submit(submit("s2", job, 9).setState("faulted").build())), SubmitAnswered.class)
          .rewardCenti()).isZero();
      // And another worker gets it
      assertThat(onlyJobOf(horde.when(popBy("p2", "w2", 10)))).isNotEqualTo(job);
    }

    @Test
    void aJobInFlightAfterTwoFaultsIsNotDoneYet() {
      horde.given(anyModel("r1", 0));
      for (int attempt = 1; attempt <= 2; attempt++) {
        String job = onlyJobOf(horde.when(popBy("p" + attempt, "w1", 9)));
        horde.given(new Submit(submit("s" + attempt, job, 9).setState("faulted").build()));
      }
      var third = only(horde.when(popBy("p3", "w1", 9)), JobsAssigned.class);
      assertThat(third.request().getProgress().getFinishedAt()).isNull();
    }

    @Test
    void generationsPastTheRecordBudgetAreRefused() {
      // Given a request of two jobs, one delivered with a text near the budget
      horde.given(new AcceptRequest(request("r1", 0).setN(2).build()));
      String first = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      String second = onlyJobOf(horde.when(popBy("p2", "w2", 9)));
      String big = "x".repeat((int) (TextScheduler.GENERATIONS_BUDGET_BYTES / 2 + 10));
      assertThat(horde.when(new Submit(submit("s1", first, 9).setGeneration(big).build())))
          .hasAtLeastOneElementOfType(JobDelivered.class);
      // When the second would take the request's texts past it
      var refused = only(horde.when(new Submit(submit("s2", second, 9).setGeneration(big).build())), SubmitRejected.class);
      // Then it is refused, and the job stays in flight
      assertThat(refused.error().getHttpStatus()).isEqualTo(400);
      assertThat(horde.state.job(second).getStatus()).isEqualTo(TextJobStatus.PROCESSING);
    }

    @Test
    void aVerySlowDeliveryNeverMakesASpeedOfZero() {
      horde.given(new AcceptRequest(request("r1", 0).setN(2).build()));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      horde.advance(Duration.ofMinutes(10));
      var delivered = only(horde.when(new Submit(submit("s1", job, 9).build())), JobDelivered.class);
      assertThat(delivered.worker().getSpeedSamples()).containsExactly(0.1);
      // And the next job's expected finish stays within its TTL
      var next = only(horde.when(popBy("p2", "w1", 9)), JobsAssigned.class);
      assertThat(next.request().getProgress().getInFlight().get(0).getExpectedFinishAt())
          .isBeforeOrEqualTo(java.time.Instant.ofEpochMilli(horde.now).plusSeconds(150));
    }

    @Test
    void aRequeuedJobGoesToAParkedPop() {
      horde.given(anyModel("r1", 0));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      horde.given(new Pop(pop("p2", "w2", 10).setHoldUntil(T0.plusSeconds(20)).build()));
      var events = horde.when(new Submit(submit("s1", job, 9).setState("faulted").build()));
      assertThat(only(events, JobsAssigned.class).pop().getPopId()).isEqualTo("p2");
    }
  }

  @Test
  void theStateRebuildsTheSameIndexesFromItsTables() {
    // Given some history
    horde.given(
        new AcceptRequest(request("a", 1).setPriorityCenti(10_00).build()),
        new AcceptRequest(request("b", 2).setN(2).build()),
        new AcceptRequest(request("c", 3).setPriorityCenti(20_00).build()),
        popBy("p1", "w1", 9),
        new Pop(pop("p2", "w2", 9).setMaxLength(10).setHoldUntil(T0.plusSeconds(20)).build()));
    // When a fresh state is built over the same tables
    SchedulerState rebuilt = horde.newState();
    // Then it sees the same queue, parked pops and deadlines
    assertThat(rebuilt.queue()).extracting(QueueEntry::requestId)
        .containsExactlyElementsOf(horde.state.queue().stream().map(QueueEntry::requestId).toList());
    assertThat(rebuilt.parkedPops()).extracting(p -> p.getPopId()).containsExactly("p2");
    long later = T0.plusSeconds(151).toEpochMilli();
    assertThat(rebuilt.jobsDueAt(later)).isEqualTo(horde.state.jobsDueAt(later)).hasSize(1);
  }
}
