package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.T0;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.request;
import static ai.horde.scheduler.Fixtures.submit;
import static ai.horde.scheduler.SchedulerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.horde.accounts.Accounts;
import ai.horde.alchemy.AlchemyForms;
import ai.horde.events.AlchemyCapabilities;
import ai.horde.events.AlchemyCriteria;
import ai.horde.events.AlchemyResult;
import ai.horde.events.AssignedJob;
import ai.horde.events.JobEvent;
import ai.horde.events.JobEventKind;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.PopAnswer;
import ai.horde.events.Reply;
import ai.horde.events.RequestOutcome;
import ai.horde.scheduler.SchedulerCommand.AcceptRequest;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerCommand.Submit;
import ai.horde.scheduler.SchedulerEvent.JobDelivered;
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.PopParked;
import ai.horde.scheduler.SchedulerEvent.RequestEnded;
import ai.horde.scheduler.SchedulerEvent.RequestQueued;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alchemy kind through the shared queue machinery: each form of an interrogation is a request of one job;
 * alchemists are matched by forms, tiles, addresses, speed and trust; a pop takes one form of each of several
 * requests; a delivery pays the form's kudos and costs that plus the burn; the fourth abort faults a form
 * (reference interrogation.py, interrogation_worker.py, get_sorted_forms_filtered_to_worker).
 */
class AlchemySchedulerTest {
  private static final String ALCHEMIST =
      "AI Horde Worker reGen:9.0.1:https://github.com/Haidra-Org/horde-worker-reGen";
  private final SchedulerFixture horde = new SchedulerFixture();

  private static AlchemyCriteria.Builder form(String name) {
    return AlchemyCriteria.newBuilder().setInterrogationId("int-1").setForm(name);
  }

  /** One form of an interrogation, as intake queues it: a request of one job. */
  private static AcceptRequest accept(String id, long userId, AlchemyCriteria criteria) {
    return Fixtures.accept(request(id, userId).setPayloadJson("{\"form\":\"" + criteria.getForm() + "\"}")
        .setPromptChars(0).setCriteria(criteria).build());
  }

  private static AlchemyCapabilities.Builder offering(String... forms) {
    return AlchemyCapabilities.newBuilder().setForms(List.of(forms));
  }

  /** An alchemist's pop of user 9, sent now and not held. */
  private Pop alchemistPop(String id, String name, AlchemyCapabilities capabilities, int amount) {
    return new Pop(pop(id, name, 9, Instant.ofEpochMilli(horde.now)).setModels(List.of()).setBridgeAgent(ALCHEMIST)
        .setCapabilities(capabilities).setAmount(amount).build());
  }

  private List<String> queued() {
    return horde.state.queue(WorkKind.ALCHEMY).stream().map(QueueEntry::requestId).toList();
  }

  @Test
  void theFormsOfOneInterrogationArePoppedByTwoAlchemists() {
    // Given an interrogation of two forms, queued without an activation tax
    var accepted = horde.when(accept("f1", 7, form("caption").setPosition(0).build()));
    horde.given(accept("f2", 7, form("nsfw").setPosition(1).build()));
    assertThat(only(accepted, RequestQueued.class).request().getProgress().getConsumedCenti()).isZero();
    assertThat(accepted).noneMatch(KudosIssued.class::isInstance);
    assertThat(queued()).containsExactly("f1", "f2");
    assertThat(horde.state.queue(WorkKind.TEXT)).isEmpty();

    // When two alchemists pop
    JobsAssigned first = only(horde.when(alchemistPop("p1", "first", offering("caption", "nsfw").build(), 1)),
        JobsAssigned.class);
    JobsAssigned second = only(horde.when(alchemistPop("p2", "second", offering("nsfw").build(), 1)),
        JobsAssigned.class);

    // Then each takes one form, whose model is the form's name, for the form's TTL
    assertThat(first.request().getRequest().getRequestId()).isEqualTo("f1");
    assertThat(first.jobs()).singleElement().satisfies(job -> assertThat(job.getModel()).isEqualTo("caption"));
    assertThat(first.ttlSeconds()).isEqualTo(180);
    assertThat(first.payloadJson()).isEqualTo("{\"form\":\"caption\"}");
    assertThat(first.alsoAssigned()).isEmpty();
    // An alchemist that delivered nothing yet is expected to take 10 s
    assertThat(first.request().getProgress().getInFlight().get(0).getExpectedFinishAt())
        .isEqualTo(T0.plusSeconds(10));
    assertThat(second.request().getRequest().getRequestId()).isEqualTo("f2");
    assertThat(second.jobs().get(0).getModel()).isEqualTo("nsfw");
    assertThat(queued()).isEmpty();
    // And the alchemists' check-ins record what they offer
    assertThat(horde.state.workerNamed("first").getKind()).isEqualTo("interrogation");
    assertThat(horde.state.workerNamed("first").getAlchemy().getForms()).containsExactly("caption", "nsfw");
  }

  @Test
  void anAlchemistThatNamesNoFormsServesCaptionsOnly() {
    horde.given(accept("f1", 7, form("nsfw").build()), accept("f2", 7, form("caption").build()));

    JobsAssigned assigned = only(horde.when(alchemistPop("p1", "plain", offering().build(), 1)), JobsAssigned.class);

    assertThat(assigned.request().getRequest().getRequestId()).isEqualTo("f2");
    assertThat(horde.state.workerNamed("plain").getAlchemy().getForms()).containsExactly(AlchemyForms.DEFAULT_FORM);
  }

  @Test
  void aPopOfTwoTakesFormsOfTwoRequestsAndAnswersOnce() {
    horde.given(accept("f1", 7, form("caption").build()), accept("f2", 8, form("caption").build()),
        accept("f3", 8, form("caption").build()));

    var events = horde.when(alchemistPop("p1", "busy", offering("caption").build(), 2));

    // Then one assignment takes a form of each of the first two requests, in queue order
    JobsAssigned assigned = only(events, JobsAssigned.class);
    assertThat(assigned.request().getRequest().getRequestId()).isEqualTo("f1");
    assertThat(assigned.jobs()).hasSize(1);
    assertThat(assigned.alsoAssigned()).singleElement().satisfies(further -> {
      assertThat(further.request().getRequest().getRequestId()).isEqualTo("f2");
      assertThat(further.request().getProgress().getN()).isZero();
      assertThat(further.request().getProgress().getProcessing()).isEqualTo(1);
      assertThat(further.jobs()).singleElement().satisfies(job -> assertThat(job.getModel()).isEqualTo("caption"));
    });
    String firstJob = assigned.jobs().get(0).getJobId();
    String secondJob = assigned.alsoAssigned().get(0).jobs().get(0).getJobId();
    assertThat(firstJob).isNotEqualTo(secondJob);
    assertThat(queued()).containsExactly("f3");
    assertThat(horde.state.job(secondJob).getRequestId()).isEqualTo("f2");

    // And it publishes one reply listing both, a status and an ASSIGNED job event per form
    var outputs = Outputs.of(assigned, horde.now);
    assertThat(outputs).filteredOn(o -> o.topic() == Topics.REPLIES).singleElement().satisfies(o -> {
      PopAnswer answer = (PopAnswer) ((Reply) o.value()).getBody();
      assertThat(answer.getJobIds()).containsExactly(firstJob);
      assertThat(answer.getRequestId()).isEqualTo("f1");
      assertThat(answer.getModel()).isEqualTo("caption");
      assertThat(answer.getAlsoAssigned())
          .containsExactly(new AssignedJob(secondJob, "f2", "caption", "{\"form\":\"caption\"}"));
    });
    assertThat(outputs).filteredOn(o -> o.topic() == Topics.ALCHEMY_STATUS).extracting(Outputs.Output::key)
        .containsExactly("f1", "f2");
    assertThat(outputs).filteredOn(o -> o.topic() == Topics.ALCHEMY_JOB_EVENTS).extracting(o -> (JobEvent) o.value())
        .extracting(JobEvent::getJobId, JobEvent::getKind, JobEvent::getImage)
        .containsExactly(tuple(firstJob, JobEventKind.ASSIGNED, false), tuple(secondJob, JobEventKind.ASSIGNED, false));
  }

  @Test
  void aPopOfSeveralTakesItsPriorityUsersFormsFirst() {
    horde.given(accept("f1", 7, form("caption").build()), accept("f2", 8, form("caption").build()));
    horde.advance(Duration.ofSeconds(1));
    // The alchemist's owner's form, accepted last
    horde.given(accept("mine", 9, form("caption").build()));

    JobsAssigned assigned = only(horde.when(alchemistPop("p1", "own", offering("caption").build(), 2)),
        JobsAssigned.class);

    assertThat(assigned.request().getRequest().getRequestId()).isEqualTo("mine");
    assertThat(assigned.alsoAssigned()).extracting(a -> a.request().getRequest().getRequestId())
        .containsExactly("f1");
  }

  @Test
  void aParkedPopOfSeveralTakesJustTheFormItIsOffered() {
    var parked = horde.when(new Pop(pop("p1", "waiting", 9, T0).setModels(List.of()).setBridgeAgent(ALCHEMIST)
        .setCapabilities(offering("caption").build()).setAmount(3).setHoldUntil(T0.plusSeconds(20)).build()));
    assertThat(parked).anyMatch(PopParked.class::isInstance);

    var events = horde.when(accept("f1", 7, form("caption").build()));

    JobsAssigned assigned = only(events, JobsAssigned.class);
    assertThat(assigned.request().getRequest().getRequestId()).isEqualTo("f1");
    assertThat(assigned.alsoAssigned()).isEmpty();
  }

  @Test
  void whatAnAlchemistCannotTakeIsNeitherServedNorReported() {
    horde.given(accept("f1", 7, form("interrogation").build()),
        accept("f2", 7, form("caption").setImageTiles(81).build()),
        accept("f3", 7, form("caption").setSafeIp(false).build()));

    var events = horde.when(alchemistPop("p1", "picky",
        offering("caption").setMaxTiles(80).setAllowUnsafeIpaddr(false).build(), 3));

    assertThat(only(events, PopAnswered.class).skipped()).isEmpty();
    assertThat(queued()).containsExactly("f1", "f2", "f3");
  }

  @Test
  void aSlowAlchemistTakesOnlyFormsThatAllowSlowWorkers() {
    // Given an alchemist whose one form took 12 s: its speed sample is 12 seconds per form
    horde.given(accept("f0", 7, form("caption").build()));
    String job = only(horde.when(alchemistPop("p0", "slow", offering("caption").build(), 1)), JobsAssigned.class)
        .jobs().get(0).getJobId();
    horde.advance(Duration.ofSeconds(12));
    JobDelivered delivered = only(horde.when(new Submit(submit("s0", job, 9).setGeneration("{}").build())),
        JobDelivered.class);
    assertThat(delivered.worker().getSpeedSamples()).containsExactly(12.0);
    horde.given(accept("f1", 7, form("caption").setSlowWorkers(false).build()),
        accept("f2", 7, form("caption").build()));

    // When it pops for two
    JobsAssigned assigned = only(horde.when(alchemistPop("p1", "slow", offering("caption").build(), 2)),
        JobsAssigned.class);

    // Then it gets only the form that allows slow workers, and the other is not reported
    assertThat(assigned.request().getRequest().getRequestId()).isEqualTo("f2");
    assertThat(assigned.alsoAssigned()).isEmpty();
    // Expected to take as long as it takes on average
    assertThat(assigned.request().getProgress().getInFlight().get(0).getExpectedFinishAt())
        .isEqualTo(Instant.ofEpochMilli(horde.now).plusSeconds(12));
    assertThat(only(horde.when(alchemistPop("p2", "slow", offering("caption").build(), 1)), PopAnswered.class)
        .skipped()).isEmpty();
    // But a fast one gets it
    assertThat(only(horde.when(alchemistPop("p3", "fast", offering("caption").build(), 1)), JobsAssigned.class)
        .request().getRequest().getRequestId()).isEqualTo("f1");
  }

  @Test
  void anUntrustedAlchemistIsToldItIsUntrustedForTrustedOnlyFormsAndUnsafeAddresses() {
    horde.given(accept("f1", 7, form("caption").setTrustedWorkers(true).build()),
        accept("f2", 7, form("caption").setSafeIp(false).build()));

    var events = horde.when(alchemistPop("p1", "untrusted", offering("caption").build(), 1));

    assertThat(only(events, PopAnswered.class).skipped()).containsExactly(java.util.Map.entry("untrusted", 2));
    // A trusted alchemist takes them
    JobsAssigned assigned = only(horde.when(new Pop(pop("p2", "trusted", 10, T0).setModels(List.of())
        .setUserTrusted(true).setCapabilities(offering("caption").build()).setAmount(2).build())), JobsAssigned.class);
    assertThat(assigned.request().getRequest().getRequestId()).isEqualTo("f1");
    assertThat(assigned.alsoAssigned()).extracting(a -> a.request().getRequest().getRequestId()).containsExactly("f2");
  }

  @Test
  void aDeliveryPaysTheFormsKudosAndChargesItPlusTheBurnBalanced() {
    horde.given(accept("f1", 7, form("interrogation").setKudosCenti(300).build()));
    String job = only(horde.when(alchemistPop("p1", "alchemist", offering("interrogation").build(), 1)),
        JobsAssigned.class).jobs().get(0).getJobId();
    horde.advance(Duration.ofMillis(4_260));

    String result = "{\"interrogation\":{\"tags\":[]}}";
    var events = horde.when(new Submit(submit("s1", job, 9).setGeneration(result).build()));

    JobDelivered delivered = only(events, JobDelivered.class);
    assertThat(delivered.rewardCenti()).isEqualTo(300);
    // Slow workers allowed: a burn of 2
    assertThat(delivered.chargeCenti()).isEqualTo(500);
    assertThat(delivered.things()).isEqualTo(1);
    // Seconds per form, to a tenth
    assertThat(delivered.worker().getSpeedSamples()).containsExactly(4.3);
    assertThat(delivered.worker().getThingsGenerated()).isEqualTo(1);
    assertThat(delivered.request().getProgress().getConsumedCenti()).isEqualTo(500);
    assertThat(delivered.request().getProgress().getGenerations()).containsExactly(new AlchemyResult(job,
        delivered.worker().getWorkerId(), "alchemist", "interrogation", result));
    assertThat(only(events, RequestEnded.class).outcome()).isEqualTo(RequestOutcome.DONE);
    KudosTransaction settlement = (KudosTransaction) only(events, KudosIssued.class).command().getCommand();
    assertThat(settlement.getLegs()).extracting(KudosLeg::getAccount, KudosLeg::getAmountCenti)
        .containsExactlyInAnyOrder(tuple(Accounts.user(7), -500L), tuple(Accounts.BURN, 200L),
            tuple(Accounts.user(9), 300L));
    assertThat(settlement.getLegs().stream().mapToLong(KudosLeg::getAmountCenti).sum()).isZero();
    // Its job event counts one form, not an image
    JobEvent event = (JobEvent) Outputs.of(delivered, horde.now).stream()
        .filter(o -> o.topic() == Topics.ALCHEMY_JOB_EVENTS).findFirst().orElseThrow().value();
    assertThat(event.getKind()).isEqualTo(JobEventKind.DELIVERED);
    assertThat(event.getThings()).isEqualTo(1);
    assertThat(event.getTokens()).isZero();
    assertThat(event.getImage()).isFalse();
    assertThat(event.getRequesterChargeCenti()).isEqualTo(500);
  }

  @Test
  void aFormThatDisallowsSlowWorkersBurnsOne() {
    horde.given(accept("f1", 7, form("caption").setSlowWorkers(false).build()));
    String job = only(horde.when(alchemistPop("p1", "alchemist", offering("caption").build(), 1)),
        JobsAssigned.class).jobs().get(0).getJobId();

    var events = horde.when(new Submit(submit("s1", job, 9).setGeneration("{\"caption\":\"a cat\"}").build()));

    assertThat(only(events, JobDelivered.class).chargeCenti()).isEqualTo(200);
    KudosTransaction settlement = (KudosTransaction) only(events, KudosIssued.class).command().getCommand();
    assertThat(settlement.getLegs()).extracting(KudosLeg::getAccount, KudosLeg::getAmountCenti)
        .containsExactlyInAnyOrder(tuple(Accounts.user(7), -200L), tuple(Accounts.BURN, 100L),
            tuple(Accounts.user(9), 100L));
  }

  @Test
  void aFormGoesBackToTheQueueAfterEachOfItsFirstThreeAbortsAndFaultsOnTheFourth() {
    horde.given(accept("f1", 7, form("caption").build()));
    for (int abort = 1; abort <= 4; abort++) {
      // Given the form popped
      only(horde.when(alchemistPop("p" + abort, "crashy", offering("caption").build(), 1)), JobsAssigned.class);
      // When its 3 minutes run out
      horde.advance(AlchemyForms.FORM_TTL.plusSeconds(1));
      var events = horde.tick();
      // Then it is aborted
      JobFaulted faulted = only(events, JobFaulted.class);
      assertThat(faulted.request().getProgress().getRestarted()).isEqualTo(abort);
      if (abort < 4) {
        // and waits again, not faulted
        assertThat(faulted.request().getProgress().getFaulted()).isFalse();
        assertThat(faulted.request().getProgress().getN()).isEqualTo(1);
        assertThat(queued()).containsExactly("f1");
        assertThat(events).noneMatch(RequestEnded.class::isInstance);
      } else {
        // until the fourth faults it
        assertThat(faulted.request().getProgress().getFaulted()).isTrue();
        assertThat(only(events, RequestEnded.class).outcome()).isEqualTo(RequestOutcome.FAULTED);
        assertThat(queued()).isEmpty();
      }
    }
    assertThat(horde.state.workerNamed("crashy").getUncompletedJobs()).isEqualTo(4);
  }

  @Test
  void anAlchemistEarnsFortyKudosPerTenMinutesOfUptime() {
    horde.given(alchemistPop("u0", "idle", offering("caption").build(), 1));
    String workerId = horde.state.workerNamed("idle").getWorkerId();
    List<KudosCommand> issued = new ArrayList<>();

    // When it checks in every 30 s for 10 and a half minutes
    for (int elapsed = 30; elapsed <= 630; elapsed += 30) {
      horde.advance(Duration.ofSeconds(30));
      horde.when(alchemistPop("u" + elapsed, "idle", offering("caption").build(), 1)).stream()
          .filter(KudosIssued.class::isInstance).map(e -> ((KudosIssued) e).command()).forEach(issued::add);
    }

    // Then it earns one uptime reward of 40, minted for its owner
    assertThat(issued).singleElement().satisfies(command -> {
      assertThat(command.getCommandId()).isEqualTo("uptime:" + workerId + ":630");
      KudosTransaction tx = (KudosTransaction) command.getCommand();
      assertThat(tx.getKind()).isEqualTo(KudosKind.UPTIME_REWARD);
      assertThat(tx.getLegs()).containsExactly(new KudosLeg(Accounts.user(9), 40_00L),
          new KudosLeg(Accounts.MINT, -40_00L));
      // Spendable even for an untrusted owner (the reference's bypass_eval; decision 0016)
      assertThat(tx.getEscrowExempt()).isTrue();
    });
    assertThat(horde.state.workerNamed("idle").getKudosUptimeCenti()).isEqualTo(40_00);
  }
}
