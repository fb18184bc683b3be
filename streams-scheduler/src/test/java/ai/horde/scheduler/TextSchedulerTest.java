package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.T0;
import static ai.horde.scheduler.Fixtures.accept;
import static ai.horde.scheduler.Fixtures.criteria;
import static ai.horde.scheduler.Fixtures.limits;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.request;
import static ai.horde.scheduler.Fixtures.submit;
import static ai.horde.scheduler.SchedulerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import ai.horde.accounts.Accounts;
import ai.horde.events.CancelRequested;
import ai.horde.events.JobStatus;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.ReleaseHold;
import ai.horde.events.RequestOutcome;
import ai.horde.events.TextGeneration;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerCommand.AcceptRequest;
import ai.horde.scheduler.SchedulerCommand.Cancel;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerCommand.Submit;
import ai.horde.scheduler.SchedulerEvent.JobDelivered;
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.PopParked;
import ai.horde.scheduler.SchedulerEvent.PopRejected;
import ai.horde.scheduler.SchedulerEvent.RequestCancelled;
import ai.horde.scheduler.SchedulerEvent.RequestEnded;
import ai.horde.scheduler.SchedulerEvent.RequestExpired;
import ai.horde.scheduler.SchedulerEvent.RequestQueued;
import ai.horde.scheduler.SchedulerEvent.SubmitAnswered;
import ai.horde.scheduler.SchedulerEvent.SubmitRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerRegistered;
import ai.horde.text.TextKudos;
import ai.horde.work.WorkKind;
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
    return accept(request(id, user).build());
  }

  private String onlyJobOf(List<SchedulerEvent> events) {
    return only(events, JobsAssigned.class).jobs().get(0).getJobId();
  }

  @Nested
  class Requests {
    @Test
    void anAcceptedRequestWaitsWithAllItsJobs() {
      // When
      var events = horde.when(accept(request("r1", 7).setN(3).build()));
      // Then
      var queued = only(events, RequestQueued.class).request().getProgress();
      assertThat(queued.getN()).isEqualTo(3);
      assertThat(queued.getJobs()).isEqualTo(3);
      assertThat(queued.getExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
      assertThat(horde.state.queue(WorkKind.TEXT)).extracting(QueueEntry::requestId).containsExactly("r1");
    }

    @Test
    void theSameRequestTwiceIsQueuedOnce() {
      horde.given(anyModel("r1", 7));
      assertThat(horde.when(anyModel("r1", 7))).isEmpty();
    }

    @Test
    void aCancelledRequestHandsOutNothingMoreAndIsDoneOnceItsJobsAreIn() {
      // Given a request of two jobs, one of them in flight
      horde.given(accept(request("r1", 7).setN(2).build()));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      // When it is cancelled
      var cancelled = only(horde.when(new Cancel(new CancelRequested("r1", T0))), RequestCancelled.class);
      // Then nothing waits, the job in flight still counts, and it is not done yet
      assertThat(cancelled.request().getProgress().getN()).isZero();
      assertThat(cancelled.request().getProgress().getJobs()).isEqualTo(1);
      assertThat(cancelled.request().getProgress().getFinishedAt()).isNull();
      assertThat(only(horde.when(popBy("p2", "w2", 10)), PopAnswered.class).skipped()).isEmpty();
      // And the job in flight is still delivered and paid, which finishes the request
      var delivered = horde.when(new Submit(submit("s1", job, 9).build()));
      assertThat(only(delivered, JobDelivered.class).rewardCenti()).isPositive();
      assertThat(only(delivered, RequestEnded.class).outcome()).isEqualTo(RequestOutcome.DONE);
    }

    @Test
    void aCancelThatOvertakesItsRequestStillCancelsIt() {
      // Given a cancel read before its request (they come from two topics)
      assertThat(horde.when(new Cancel(new CancelRequested("r1", T0))))
          .singleElement().isInstanceOf(SchedulerEvent.CancelKeptForLater.class);
      // When the request arrives
      var events = horde.when(anyModel("r1", 7));
      // Then it is cancelled at once and never handed out
      assertThat(only(events, RequestCancelled.class).request().getProgress().getN()).isZero();
      assertThat(horde.state.queue(WorkKind.TEXT)).isEmpty();
      assertThat(horde.earlyCancels.map).isEmpty();
    }

    @Test
    void anEarlyCancelWhoseRequestNeverComesIsForgotten() {
      horde.given(new Cancel(new CancelRequested("ghost", T0)));
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
    void aBacklogOfExpiriesIsWorkedOffOverSeveralTicksEarliestFirst() {
      // Given three requests that expired while nothing ticked (a horde stopped for longer than the expiry)
      horde.given(anyModel("r1", 7));
      horde.advance(Duration.ofSeconds(1)).given(anyModel("r2", 7));
      horde.advance(Duration.ofSeconds(1)).given(anyModel("r3", 7));
      horde.advance(Duration.ofMinutes(30));
      // When the clock may handle two of a kind per tick
      // Then the first tick expires the two that expired first, the next tick the last
      assertThat(horde.tick(2)).filteredOn(RequestExpired.class::isInstance)
          .extracting(e -> ((RequestExpired) e).request().getRequest().getRequestId()).containsExactly("r1", "r2");
      assertThat(horde.state.request("r3")).isNotNull();
      assertThat(horde.state.moreDueAt(horde.now)).isTrue();
      assertThat(horde.tick(2)).filteredOn(RequestExpired.class::isInstance)
          .extracting(e -> ((RequestExpired) e).request().getRequest().getRequestId()).containsExactly("r3");
      assertThat(horde.requests.map).isEmpty();
      assertThat(horde.state.moreDueAt(horde.now)).isFalse();
    }

    @Test
    void aPopKeepsItsRequestAliveTwentyMinutesLonger() {
      // Given a request popped 15 minutes after it was accepted
      horde.given(accept(request("r1", 7).setN(2).build()));
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
        assertThat(job.getStatus()).isEqualTo(JobStatus.PROCESSING);
      });
      assertThat(assigned.request().getProgress().getN()).isZero();
      assertThat(assigned.request().getProgress().getProcessing()).isEqualTo(1);
      assertThat(horde.state.queue(WorkKind.TEXT)).isEmpty();
    }

    @Test
    void aWorkerThatFitsNothingIsToldWhy() {
      // Given three requests that each ask more than the worker offers
      horde.given(
          accept(request("long", 7).setCriteria(criteria().setMaxLength(512).build()).build()),
          accept(request("wide", 7).setCriteria(criteria().setMaxContextLength(8192).build()).build()),
          accept(request("other", 7).setCriteria(criteria().setModels(List.of("some/model")).build()).build()));
      // When a worker with max_length 100 and context 4096 pops
      var events = horde.when(new Pop(pop("p1", "w1", 9).setCapabilities(limits(100, 4096)).build()));
      // Then no job, and each request counted under its reason
      assertThat(events).noneMatch(JobsAssigned.class::isInstance);
      assertThat(only(events, PopAnswered.class).skipped())
          .isEqualTo(Map.of("max_length", 1, "max_context_length", 1, "models", 1));
    }

    @Test
    void theRichestRequesterIsServedFirstAndOlderWinsTies() {
      horde.given(
          accept(request("poor", 1).build(), -50_00),
          accept(request("rich", 2).setAcceptedAt(T0.plusSeconds(5)).build(), 5000_00),
          accept(request("zero-old", 3).build()),
          accept(request("zero-new", 4).setAcceptedAt(T0.plusSeconds(1)).build()));
      horde.advance(Duration.ofSeconds(5));
      assertThat(List.of(
          requestOf(horde.when(popBy("p1", "w1", 9))), requestOf(horde.when(popBy("p2", "w2", 9))),
          requestOf(horde.when(popBy("p3", "w3", 9))), requestOf(horde.when(popBy("p4", "w4", 9)))))
          .containsExactly("rich", "zero-old", "zero-new", "poor");
    }

    @Test
    void aWorkerServesItsOwnersRequestsFirst() {
      horde.given(
          accept(request("stranger", 1).build(), 100_00),
          accept(request("mine", 9).build()));
      assertThat(requestOf(horde.when(popBy("p1", "w1", 9)))).isEqualTo("mine");
    }

    @Test
    void priorityUsernamesComeBeforeRicherStrangers() {
      horde.given(
          accept(request("stranger", 1).build(), 100_00),
          accept(request("friend", 5).build()));
      var events = horde.when(new Pop(pop("p1", "w1", 9).setPriorityUserIds(List.of(5L)).build()));
      assertThat(requestOf(events)).isEqualTo("friend");
    }

    @Test
    void anOwnersRequestForAnotherModelDoesNotHideTheBestOneForThisWorker() {
      // Given the owner's request for a model its worker lacks, ahead of a stranger's for the worker's model and
      // another's for no model in particular
      horde.given(
          accept(request("mine-elsewhere", 9).setCriteria(criteria().setModels(List.of("other/model")).build()).build(),
              900_00),
          accept(request("any-model", 2).build(), 10_00),
          accept(request("this-model", 1).setCriteria(criteria().setModels(List.of("koboldcpp/thirteen", "other/model"))
              .build()).build(), 100_00));
      // When its worker pops twice
      var first = requestOf(horde.when(popBy("p1", "w1", 9)));
      var second = requestOf(horde.when(popBy("p2", "w1", 9)));
      // Then it takes the stranger's requests it serves, richer first, and leaves its owner's
      assertThat(List.of(first, second)).containsExactly("this-model", "any-model");
      assertThat(horde.state.queue(WorkKind.TEXT)).extracting(QueueEntry::requestId).containsExactly("mine-elsewhere");
    }

    @Test
    void aPopThatFindsNothingStillCountsEveryRequestsReason() {
      // Given requests for models the worker lacks, one of them targeting another worker
      horde.given(
          accept(request("a", 1).setCriteria(criteria().setModels(List.of("other/model")).build()).build()),
          accept(request("b", 2).setCriteria(criteria().setModels(List.of("third/model"))
              .setWorkers(List.of("someone-else")).build()).build()));
      // When a worker of another model pops
      var events = horde.when(popBy("p1", "w1", 9));
      // Then its answer counts each request under its first failing check
      assertThat(only(events, PopAnswered.class).skipped()).isEqualTo(Map.of("models", 1, "worker_id", 1));
    }

    @Test
    void threeJobsGoToThreeWorkers() {
      // Given one request of three jobs
      horde.given(accept(request("r1", 7).setN(3).build()));
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
      horde.given(accept(request("r1", 7).setN(3).build()), anyModel("r2", 8));
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
    void twoHeldPopsShareTheJobsOfARequestThatArrives() {
      // Given two workers' pops held with nothing to do
      horde.given(new Pop(pop("p1", "w1", 9).setHoldUntil(T0.plusSeconds(20)).build()),
          new Pop(pop("p2", "w2", 10).setHoldUntil(T0.plusSeconds(20)).build()));
      // When a request of two jobs arrives
      var events = horde.when(accept(request("r1", 7).setN(2).build()));
      // Then each takes one, the second after the first
      var assigned = events.stream().filter(JobsAssigned.class::isInstance).map(JobsAssigned.class::cast).toList();
      assertThat(assigned).extracting(a -> a.pop().getPopId()).containsExactly("p1", "p2");
      assertThat(assigned.get(1).request().getProgress().getN()).isZero();
      assertThat(horde.state.request("r1").getProgress().getProcessing()).isEqualTo(2);
    }

    @Test
    void aHeldPopIsNotGivenARequestItCannotServe() {
      horde.given(new Pop(pop("p1", "w1", 9).setCapabilities(limits(100, 2048)).setHoldUntil(T0.plusSeconds(20)).build()));
      var events = horde.when(accept(request("r1", 7).setCriteria(criteria().setMaxLength(512).build()).build()));
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
    void aTrustedUserMayRunTwentyOneWorkersUnlessInvitedForMore() {
      // Given a trusted user with 21 workers
      for (int i = 1; i <= 21; i++) {
        horde.given(new Pop(pop("p" + i, "w" + i, 9).setUserTrusted(true).build()));
      }
      assertThat(horde.state.workersOwnedBy(9)).isEqualTo(21);
      // Then a 22nd is refused
      var refused = only(horde.when(new Pop(pop("p22", "w22", 9).setUserTrusted(true).build())), PopRejected.class);
      assertThat(refused.error().getHttpStatus()).isEqualTo(403);
      assertThat(refused.error().getRc()).isEqualTo("TooManyWorkersTrusted");
      // Unless the user was invited for more than 21
      var invited = horde.when(new Pop(pop("p23", "w22", 9).setUserTrusted(true).setWorkerInvited(22).build()));
      assertThat(invited).hasAtLeastOneElementOfType(WorkerRegistered.class);
    }

    @Test
    void inInviteOnlyModeANewWorkerNeedsAnInvitationLeft() {
      // When a user without invitations pops a new worker in invite-only mode
      var refused = only(horde.when(new Pop(pop("p1", "w1", 9).setInviteOnly(true).build())), PopRejected.class);
      // Then it is refused, and no worker is created
      assertThat(refused.error().getHttpStatus()).isEqualTo(403);
      assertThat(refused.error().getRc()).isEqualTo("WorkerInviteOnly");
      assertThat(refused.error().getMessage()).contains("invite-only mode");
      assertThat(horde.state.workerNamed("w1")).isNull();
      // And a user invited for one worker gets one, but not a second
      assertThat(horde.when(new Pop(pop("p2", "w1", 9).setInviteOnly(true).setWorkerInvited(1).build())))
          .hasAtLeastOneElementOfType(WorkerRegistered.class);
      var second = only(horde.when(new Pop(pop("p3", "w2", 9).setInviteOnly(true).setWorkerInvited(1).build())),
          PopRejected.class);
      assertThat(second.error().getRc()).isEqualTo("WorkerInviteOnly");
      assertThat(second.error().getMessage()).contains("already been invited for 1 workers");
      // While the worker it has keeps popping
      assertThat(horde.when(new Pop(pop("p4", "w1", 9).setInviteOnly(true).setWorkerInvited(1).build())))
          .noneMatch(PopRejected.class::isInstance);
    }

    @Test
    void outsideInviteOnlyModeNoInvitationIsNeeded() {
      assertThat(horde.when(new Pop(pop("p1", "w1", 9).setInviteOnly(false).setWorkerInvited(0).build())))
          .hasAtLeastOneElementOfType(WorkerRegistered.class);
    }

    @Test
    void trustedOnlyRequestsSkipUntrustedWorkers() {
      horde.given(accept(request("r1", 7).setCriteria(criteria().setTrustedWorkers(true).build()).build()));
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
      // consumed counts the activation tax and the job's charge plus its tax, as the reference's does
      assertThat(progress.getConsumedCenti())
          .isEqualTo(TextKudos.ACTIVATION_TAX_CENTI + expected + TextKudos.JOB_TAX_CENTI);
      assertThat(progress.getGenerations()).singleElement().asInstanceOf(type(TextGeneration.class)).satisfies(g -> {
        assertThat(g.getText()).isEqualTo(" and they lived happily ever after.");
        assertThat(g.getState()).isEqualTo("ok");
        assertThat(g.getSeed()).isEqualTo(42);
        assertThat(g.getWorkerName()).isEqualTo("w1");
      });
      assertThat(delivered.worker().getRequestsFulfilled()).isEqualTo(1);
      assertThat(delivered.worker().getSpeedSamples()).containsExactly(5.0); // 20 tokens in 4 s
      assertThat(only(events, RequestEnded.class).outcome()).isEqualTo(RequestOutcome.DONE);
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
      assertThat(((TextGeneration) delivered.request().getProgress().getGenerations().get(0)).getGenMetadata())
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
        assertThat(horde.state.queue(WorkKind.TEXT)).hasSize(attempt == 3 ? 0 : 1);
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
      horde.given(accept(request("r1", 0).setN(2).build()));
      String first = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      String second = onlyJobOf(horde.when(popBy("p2", "w2", 9)));
      String big = "x".repeat((int) (TextRules.GENERATIONS_BUDGET_BYTES / 2 + 10));
      assertThat(horde.when(new Submit(submit("s1", first, 9).setGeneration(big).build())))
          .hasAtLeastOneElementOfType(JobDelivered.class);
      // When the second would take the request's texts past it
      var refused = only(horde.when(new Submit(submit("s2", second, 9).setGeneration(big).build())), SubmitRejected.class);
      // Then it is refused, and the job stays in flight
      assertThat(refused.error().getHttpStatus()).isEqualTo(400);
      assertThat(horde.state.job(second).getStatus()).isEqualTo(JobStatus.PROCESSING);
    }

    @Test
    void aVerySlowDeliveryNeverMakesASpeedOfZero() {
      horde.given(accept(request("r1", 0).setN(2).build()));
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

  @Nested
  class Kudos {
    private static final String HOLD = "upfront:r1";

    private AcceptRequest withHold(String id, long user) {
      return accept(request(id, user).setHoldId(HOLD).build());
    }

    private List<KudosCommand> kudos(List<SchedulerEvent> events) {
      return events.stream().filter(KudosIssued.class::isInstance).map(e -> ((KudosIssued) e).command()).toList();
    }

    private KudosTransaction transaction(List<SchedulerEvent> events, String id) {
      List<KudosCommand> matching = kudos(events).stream().filter(c -> c.getCommandId().equals(id)).toList();
      assertThat(matching).as("commands with id %s in %s", id, events).hasSize(1);
      return (KudosTransaction) matching.get(0).getCommand();
    }

    private List<ReleaseHold> releases(List<SchedulerEvent> events) {
      return kudos(events).stream().map(KudosCommand::getCommand).filter(ReleaseHold.class::isInstance)
          .map(ReleaseHold.class::cast).toList();
    }

    private long sum(KudosTransaction tx) {
      return tx.getLegs().stream().mapToLong(KudosLeg::getAmountCenti).sum();
    }

    @Test
    void theTaxAndEverySettlementOfASharedKeyRequestCountAgainstTheKey() {
      // Given a request of user 7 made with a shared key, two of its jobs handed out
      horde.given(accept(request("r1", 7).setN(2).setSharedKey("key-hash").build()));
      String first = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      String second = onlyJobOf(horde.when(popBy("p2", "w2", 10)));
      // When both are delivered, one of them censored
      var delivered = horde.when(new Submit(submit("s1", first, 9).build()));
      var censored = horde.when(new Submit(submit("s2", second, 10).setState("censored").build()));
      // Then the tax and both settlements name the key; the owner's account is still the one charged
      var taxed = horde.when(accept(request("r2", 7).setSharedKey("key-hash").build()));
      assertThat(transaction(taxed, "tax:r2").getSharedKey()).isEqualTo("key-hash");
      assertThat(transaction(delivered, "generation:" + first).getSharedKey()).isEqualTo("key-hash");
      assertThat(transaction(censored, "generation:" + second).getSharedKey()).isEqualTo("key-hash");
      assertThat(kudos(delivered).get(0).getAccount()).isEqualTo("user:7");
    }

    @Test
    void aRequestWithoutASharedKeyNamesNone() {
      var events = horde.when(anyModel("r1", 7));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      assertThat(transaction(events, "tax:r1").getSharedKey()).isNull();
      assertThat(transaction(horde.when(new Submit(submit("s1", job, 9).build())), "generation:" + job)
          .getSharedKey()).isNull();
    }

    @Test
    void anAcceptedRequestPaysTheActivationTaxOnce() {
      // When a request with an upfront hold is accepted
      var events = horde.when(withHold("r1", 7));
      // Then its requester's account is sent the tax, drawn from the hold, which is burnt
      KudosCommand command = kudos(events).get(0);
      assertThat(command.getCommandId()).isEqualTo("tax:r1");
      assertThat(command.getAccount()).isEqualTo("user:7");
      KudosTransaction tax = (KudosTransaction) command.getCommand();
      assertThat(tax.getKind()).isEqualTo(KudosKind.HORDE_TAX);
      assertThat(tax.getHoldId()).isEqualTo(HOLD);
      assertThat(tax.getLegs()).containsExactly(new KudosLeg("user:7", -TextKudos.ACTIVATION_TAX_CENTI),
          new KudosLeg(Accounts.BURN, TextKudos.ACTIVATION_TAX_CENTI));
      assertThat(only(events, RequestQueued.class).request().getProgress().getConsumedCenti())
          .isEqualTo(TextKudos.ACTIVATION_TAX_CENTI);
      // And the same request again is taxed no more
      assertThat(kudos(horde.when(withHold("r1", 7)))).isEmpty();
    }

    @Test
    void aDeliveredJobIsSettledWithTheJobTaxAndSumsToZero() {
      // Given a job of user 7's request handed to a worker of user 9
      horde.given(withHold("r1", 7));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      // When it is delivered
      var events = horde.when(new Submit(submit("s1", job, 9).build()));
      // Then the requester pays reward + job tax from its hold, the tax is burnt and the owner earns the reward
      long reward = only(events, JobDelivered.class).rewardCenti();
      assertThat(reward).isPositive();
      KudosTransaction settlement = transaction(events, "generation:" + job);
      assertThat(settlement.getKind()).isEqualTo(KudosKind.GENERATION);
      assertThat(settlement.getHoldId()).isEqualTo(HOLD);
      assertThat(settlement.getReference()).isEqualTo("r1");
      assertThat(settlement.getLegs()).containsExactly(
          new KudosLeg("user:7", -(reward + TextKudos.JOB_TAX_CENTI)),
          new KudosLeg(Accounts.BURN, TextKudos.JOB_TAX_CENTI),
          new KudosLeg("user:9", reward));
      assertThat(sum(settlement)).isZero();
      assertThat(kudos(events).get(0).getAccount()).isEqualTo("user:7");
    }

    @Test
    void aCensoredJobMintsWhatTheRequesterIsNotCharged() {
      horde.given(anyModel("r1", 7));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      var events = horde.when(new Submit(submit("s1", job, 9).setState("censored").build()));
      long reward = only(events, JobDelivered.class).rewardCenti();
      KudosTransaction settlement = transaction(events, "generation:" + job);
      // The requester pays only the job tax; the reward is minted
      assertThat(settlement.getLegs()).containsExactly(
          new KudosLeg("user:7", -TextKudos.JOB_TAX_CENTI),
          new KudosLeg(Accounts.BURN, TextKudos.JOB_TAX_CENTI),
          new KudosLeg("user:9", reward),
          new KudosLeg(Accounts.MINT, -reward));
      assertThat(sum(settlement)).isZero();
      assertThat(settlement.getHoldId()).isNull();
      assertThat(only(events, JobDelivered.class).request().getProgress().getConsumedCenti())
          .isEqualTo(TextKudos.ACTIVATION_TAX_CENTI + TextKudos.JOB_TAX_CENTI);
    }

    @Test
    void aWorkerMayServeItsOwnersRequest() {
      horde.given(anyModel("r1", 9));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      var events = horde.when(new Submit(submit("s1", job, 9).build()));
      long reward = only(events, JobDelivered.class).rewardCenti();
      assertThat(transaction(events, "generation:" + job).getLegs()).containsExactly(
          new KudosLeg("user:9", -(reward + TextKudos.JOB_TAX_CENTI)),
          new KudosLeg(Accounts.BURN, TextKudos.JOB_TAX_CENTI),
          new KudosLeg("user:9", reward));
    }

    @Test
    void aFaultedJobMovesNoKudos() {
      horde.given(anyModel("r1", 7));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      assertThat(kudos(horde.when(new Submit(submit("s1", job, 9).setState("faulted").build())))).isEmpty();
    }

    @Test
    void theHoldIsReleasedOnceWhenTheRequestIsDone() {
      // Given a request with a hold, its job in flight
      horde.given(withHold("r1", 7));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      // When the job is delivered, which finishes the request
      var events = horde.when(new Submit(submit("s1", job, 9).build()));
      // Then the hold is released after the settlement, at the requester's account
      assertThat(kudos(events)).extracting(KudosCommand::getCommandId)
          .containsExactly("generation:" + job, "release:" + HOLD);
      assertThat(kudos(events).get(1).getAccount()).isEqualTo("user:7");
      assertThat(releases(events)).extracting(ReleaseHold::getHoldId).containsExactly(HOLD);
      // And not again when the finished request expires
      horde.advance(Duration.ofMinutes(20));
      var expiry = horde.tick();
      assertThat(expiry).hasAtLeastOneElementOfType(RequestExpired.class);
      assertThat(releases(expiry)).isEmpty();
    }

    @Test
    void theHoldIsReleasedWhenARequestIsCancelledWithNothingInFlight() {
      horde.given(withHold("r1", 7));
      var events = horde.when(new Cancel(new CancelRequested("r1", T0)));
      assertThat(releases(events)).extracting(ReleaseHold::getHoldId).containsExactly(HOLD);
    }

    @Test
    void theHoldOfACancelledRequestIsReleasedOnlyOnceItsJobsAreIn() {
      horde.given(withHold("r1", 7));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      assertThat(releases(horde.when(new Cancel(new CancelRequested("r1", T0))))).isEmpty();
      assertThat(releases(horde.when(new Submit(submit("s1", job, 9).build())))).hasSize(1);
    }

    @Test
    void theHoldOfARequestThatNeverFinishedIsReleasedWhenItExpires() {
      horde.given(withHold("r1", 7));
      horde.advance(Duration.ofMinutes(20));
      var events = horde.tick();
      assertThat(only(events, RequestExpired.class).request().getRequest().getRequestId()).isEqualTo("r1");
      assertThat(releases(events)).extracting(ReleaseHold::getHoldId).containsExactly(HOLD);
    }

    @Test
    void theHoldOfAFaultedRequestIsReleasedOnce() {
      horde.given(withHold("r1", 7));
      int released = 0;
      for (int attempt = 1; attempt <= 3; attempt++) {
        String job = onlyJobOf(horde.when(popBy("p" + attempt, "w1", 9)));
        released += releases(horde.when(new Submit(submit("s" + attempt, job, 9).setState("faulted").build()))).size();
        assertThat(released).isEqualTo(attempt == 3 ? 1 : 0);
      }
      // A faulted request releases again at expiry, in case jobs were still in flight when it faulted: the same
      // command, which the ledger applies once.
      horde.advance(Duration.ofMinutes(20));
      assertThat(releases(horde.tick())).extracting(ReleaseHold::getHoldId).containsExactly(HOLD);
    }

    @Test
    void aFaultedRequestWithAJobInFlightKeepsItsHoldUntilItExpires() {
      horde.given(accept(request("r1", 7).setN(2).setHoldId(HOLD).build()));
      String inFlight = onlyJobOf(horde.when(popBy("p0", "w2", 9)));
      int released = 0;
      boolean faulted = false;
      for (int attempt = 1; attempt <= 3; attempt++) {
        String job = onlyJobOf(horde.when(popBy("p" + attempt, "w1", 9)));
        var events = horde.when(new Submit(submit("s" + attempt, job, 9).setState("faulted").build()));
        released += releases(events).size();
        faulted |= events.stream().anyMatch(e -> e instanceof RequestEnded f && f.outcome() == RequestOutcome.FAULTED);
      }
      assertThat(faulted).isTrue();
      assertThat(released).isZero();
      assertThat(inFlight).isNotNull();
      horde.advance(Duration.ofMinutes(20));
      assertThat(releases(horde.tick())).hasSize(1);
    }

    @Test
    void aRequestWithoutAHoldReleasesNothing() {
      horde.given(anyModel("r1", 7));
      String job = onlyJobOf(horde.when(popBy("p1", "w1", 9)));
      assertThat(releases(horde.when(new Submit(submit("s1", job, 9).build())))).isEmpty();
      horde.given(anyModel("r2", 7));
      horde.advance(Duration.ofMinutes(20));
      var expiry = horde.tick();
      assertThat(expiry).filteredOn(RequestExpired.class::isInstance).hasSize(2);
      assertThat(releases(expiry)).isEmpty();
    }

    /** Pops of worker w1 of user 9 every 30 s, from now until {@code seconds} later; the kudos they issue. */
    private List<KudosCommand> checkInFor(int seconds) {
      List<KudosCommand> issued = new java.util.ArrayList<>();
      for (int elapsed = 30; elapsed <= seconds; elapsed += 30) {
        horde.advance(Duration.ofSeconds(30));
        issued.addAll(kudos(horde.when(popBy("u" + horde.now, "w1", 9))));
      }
      return issued;
    }

    @Test
    void aWorkerEarnsAnUptimeRewardAfterTenMinutesOfCheckIns() {
      // Given a worker registered by its first pop
      horde.given(popBy("u0", "w1", 9));
      String workerId = horde.state.workerNamed("w1").getWorkerId();
      // When it checks in every 30 s for 10 minutes: nothing yet (600 s is not more than 600)
      assertThat(checkInFor(600)).isEmpty();
      assertThat(horde.state.workerNamed("w1").getUptimeSeconds()).isEqualTo(600);
      // Then the next check-in pays one reward, minted for its owner
      List<KudosCommand> rewards = checkInFor(30);
      assertThat(rewards).singleElement().satisfies(command -> {
        assertThat(command.getCommandId()).isEqualTo("uptime:" + workerId + ":630");
        assertThat(command.getAccount()).isEqualTo("user:9");
        KudosTransaction tx = (KudosTransaction) command.getCommand();
        assertThat(tx.getKind()).isEqualTo(KudosKind.UPTIME_REWARD);
        // 13 B, validated, context 2048: (25 + 15 × 2) × 13 / 7 = 102.14 (spec §4.5)
        assertThat(tx.getLegs()).containsExactly(new KudosLeg("user:9", 102_14L), new KudosLeg(Accounts.MINT, -102_14L));
        // The ledger holds it in escrow if the owner is untrusted (decision 0016)
        assertThat(tx.getEscrowExempt()).isFalse();
      });
      var worker = horde.state.workerNamed("w1");
      assertThat(worker.getUptimeRewardedSeconds()).isEqualTo(630);
      assertThat(worker.getKudosUptimeCenti()).isEqualTo(102_14);
      // And the next one only 10 minutes later
      assertThat(checkInFor(600)).isEmpty();
      assertThat(checkInFor(30)).hasSize(1);
      assertThat(horde.state.workerNamed("w1").getKudosUptimeCenti()).isEqualTo(2 * 102_14);
    }

    @Test
    void debouncedPopsAddNoUptime() {
      horde.given(popBy("u0", "w1", 9));
      horde.advance(Duration.ofSeconds(40)).given(popBy("u1", "w1", 9));
      horde.advance(Duration.ofSeconds(10)).given(popBy("u2", "w1", 9));
      assertThat(horde.state.workerNamed("w1").getUptimeSeconds()).isEqualTo(40);
    }

    @Test
    void aWorkerBackFromStaleStartsItsIntervalAgain() {
      // Given 5 minutes of check-ins, then 400 s offline (stale)
      horde.given(popBy("u0", "w1", 9));
      checkInFor(300);
      horde.advance(Duration.ofSeconds(400));
      // When it checks in again: the time offline does not count
      assertThat(kudos(horde.when(popBy("back", "w1", 9)))).isEmpty();
      assertThat(horde.state.workerNamed("w1").getUptimeSeconds()).isEqualTo(300);
      // Then it must stay up 10 more minutes for a reward
      assertThat(checkInFor(600)).isEmpty();
      assertThat(checkInFor(30)).hasSize(1);
    }

    @Test
    void aPausedWorkerEarnsNoUptime() {
      horde.given(popBy("u0", "w1", 9));
      var worker = horde.state.workerNamed("w1");
      horde.workers.put(worker.getWorkerId(), WorkerState.newBuilder(worker).setPaused(true).build());
      assertThat(checkInFor(900)).isEmpty();
      assertThat(horde.state.workerNamed("w1").getUptimeSeconds()).isZero();
    }

  }

  @Test
  void theStateRebuildsTheSameIndexesFromItsTables() {
    // Given some history
    horde.given(
        accept(request("a", 1).build()),
        accept(request("b", 2).setN(2).build(), 5_00),
        accept(request("c", 3).build(), 20_00),
        popBy("p1", "w1", 9),
        new Pop(pop("p2", "w2", 9).setCapabilities(limits(10, 2048)).setHoldUntil(T0.plusSeconds(20)).build()));
    // When a fresh state is built over the same tables
    SchedulerState rebuilt = horde.newState();
    // Then it sees the same queue (in the order of the priorities they started with), parked pops and deadlines
    assertThat(rebuilt.queue(WorkKind.TEXT)).extracting(QueueEntry::requestId).containsExactly("b", "a")
        .containsExactlyElementsOf(horde.state.queue(WorkKind.TEXT).stream().map(QueueEntry::requestId).toList());
    assertThat(rebuilt.parkedPops()).extracting(p -> p.getPopId()).containsExactly("p2");
    long later = T0.plusSeconds(151).toEpochMilli();
    assertThat(rebuilt.dueAt(later, 10)).isEqualTo(horde.state.dueAt(later, 10))
        .contains(new SchedulerCommand.ExpirePop("p2"))
        .filteredOn(SchedulerCommand.TimeOutJob.class::isInstance).hasSize(1);
  }
}
