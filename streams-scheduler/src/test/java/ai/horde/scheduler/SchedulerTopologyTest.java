package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.T0;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.request;
import static ai.horde.scheduler.Fixtures.submit;
import static ai.horde.scheduler.Fixtures.workerCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountBalance;
import ai.horde.events.AccountCommand;
import ai.horde.events.AlchemyCapabilities;
import ai.horde.events.AlchemyCriteria;
import ai.horde.events.AlchemyResult;
import ai.horde.events.CancelRequested;
import ai.horde.events.DeleteWorker;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.HordeModes;
import ai.horde.events.JobEvent;
import ai.horde.events.JobEventKind;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.ModifyWorker;
import ai.horde.events.PopAnswer;
import ai.horde.events.PopRequested;
import ai.horde.events.RecordSuspicion;
import ai.horde.events.ReleaseHold;
import ai.horde.events.Reply;
import ai.horde.events.RequestAccepted;
import ai.horde.events.RequestFinished;
import ai.horde.events.RequestOutcome;
import ai.horde.events.RequestStatus;
import ai.horde.events.SubmitAnswer;
import ai.horde.events.SubmitRequested;
import ai.horde.events.TextGeneration;
import ai.horde.events.UserChanged;
import ai.horde.events.UserEvent;
import ai.horde.events.WorkerAnswer;
import ai.horde.events.WorkerCommand;
import ai.horde.events.WorkerState;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.text.TextKudos;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler topology end to end in a test driver: commands in, replies and history out. */
class SchedulerTopologyTest {
  @TempDir
  Path stateDir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, RequestAccepted> requests;
  private TestInputTopic<String, PopRequested> pops;
  private TestInputTopic<String, SubmitRequested> submits;
  private TestInputTopic<String, CancelRequested> cancels;
  private TestOutputTopic<String, Reply> replies;
  private TestOutputTopic<String, RequestStatus> status;
  private TestInputTopic<String, AccountBalance> balances;
  private TestOutputTopic<String, KudosCommand> kudos;
  private TestOutputTopic<String, JobEvent> jobEvents;
  private TestOutputTopic<String, RequestFinished> outcomes;
  private TestOutputTopic<String, WorkerState> workers;
  private TestInputTopic<String, WorkerCommand> workerCommands;

  @BeforeEach
  void start() {
    Properties props = KafkaClients.streams(HordeEnv.of(Map.of(HordeEnv.DATA_DIR, stateDir.toString())),
        "scheduler-test", 10);
    driver = new TopologyTestDriver(SchedulerTopology.build(SchedulerSettings.defaults(), Fixtures.kinds(),
        new SchedulerMetrics(meters)), props, T0);
    requests = input(Topics.TEXT_REQUESTS);
    pops = input(Topics.TEXT_POPS);
    submits = input(Topics.TEXT_SUBMITS);
    cancels = input(Topics.TEXT_CANCELS);
    replies = output(Topics.REPLIES);
    status = output(Topics.TEXT_STATUS);
    balances = input(Topics.KUDOS_BALANCES);
    kudos = output(Topics.KUDOS_COMMANDS);
    jobEvents = output(Topics.TEXT_JOB_EVENTS);
    outcomes = output(Topics.TEXT_REQUEST_OUTCOMES);
    workers = output(Topics.WORKERS);
    workerCommands = input(Topics.WORKER_COMMANDS);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aRequestIsPoppedDeliveredPaidAndReported() {
    // Given an anonymous request
    requests.pipeInput("r1", request("r1", 0).build());
    assertThat(latestStatus("r1").getProgress().getN()).isEqualTo(1);
    // When a worker pops
    pops.pipeInput("p1", pop("p1", "w1", 9).build());
    // Then its reply carries the job with the request's payload
    Reply popReply = replies.readValue();
    assertThat(popReply.getCorrelationId()).isEqualTo("p1");
    PopAnswer answer = (PopAnswer) popReply.getBody();
    assertThat(answer.getJobIds()).hasSize(1);
    assertThat(answer.getPayloadJson()).contains("Once upon a time");
    assertThat(answer.getTtlSeconds()).isEqualTo(150);
    assertThat(workers.readValue().getName()).isEqualTo("w1");
    String job = answer.getJobIds().get(0);

    // When it submits 3 s later
    driver.advanceWallClockTime(Duration.ofSeconds(3));
    submits.pipeInput(job, submit("s1", job, 9).build());

    // Then the reward is answered, the status is done with the exact text, and the kudos balance
    Reply submitReply = replies.readValue();
    assertThat(submitReply.getCorrelationId()).isEqualTo("s1");
    long reward = ((SubmitAnswer) submitReply.getBody()).getRewardCenti();
    assertThat(reward).isPositive();
    RequestStatus done = latestStatus("r1");
    assertThat(done.getProgress().getFinished()).isEqualTo(1);
    assertThat(done.getProgress().getFinishedAt()).isNotNull();
    assertThat(((TextGeneration) done.getProgress().getGenerations().get(0)).getText()).isEqualTo(" and they lived happily ever after.");
    // And the requester's account was sent the activation tax and the settlement (no hold: nothing to release)
    List<TestRecord<String, KudosCommand>> commands = kudos.readRecordsToList();
    assertThat(commands).extracting(TestRecord::key).containsExactly("user:0", "user:0");
    assertThat(commands).extracting(r -> r.value().getCommandId()).containsExactly("tax:r1", "generation:" + job);
    KudosTransaction tax = (KudosTransaction) commands.get(0).value().getCommand();
    assertThat(tax.getLegs()).containsExactly(new KudosLeg("user:0", -TextKudos.ACTIVATION_TAX_CENTI),
        new KudosLeg(Accounts.BURN, TextKudos.ACTIVATION_TAX_CENTI));
    KudosTransaction settlement = (KudosTransaction) commands.get(1).value().getCommand();
    assertThat(settlement.getLegs()).containsExactly(new KudosLeg("user:0", -(reward + TextKudos.JOB_TAX_CENTI)),
        new KudosLeg(Accounts.BURN, TextKudos.JOB_TAX_CENTI), new KudosLeg("user:9", reward));
    assertThat(sum(settlement)).isZero();
    assertThat(done.getProgress().getConsumedCenti())
        .isEqualTo(TextKudos.ACTIVATION_TAX_CENTI + reward + TextKudos.JOB_TAX_CENTI);
    assertThat(jobEvents.readValuesToList()).extracting(JobEvent::getKind)
        .containsExactly(JobEventKind.ASSIGNED, JobEventKind.DELIVERED);
    assertThat(outcomes.readValue().getOutcome()).isEqualTo(RequestOutcome.DONE);
  }

  @Test
  void aHeldPopIsAnsweredWhenARequestArrivesOrWhenItsHoldEnds() {
    // Given a pop held 20 s
    pops.pipeInput("p1", pop("p1", "w1", 9).setHoldUntil(T0.plusSeconds(20)).build());
    assertThat(replies.isEmpty()).isTrue();
    // When a request arrives 5 s later
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    requests.pipeInput("r1", request("r1", 0).build());
    // Then the held pop gets it at once
    assertThat(((PopAnswer) replies.readValue().getBody()).getJobIds()).hasSize(1);

    // Given another held pop
    Instant later = T0.plusSeconds(5);
    pops.pipeInput("p2", pop("p2", "w1", 9, later).setHoldUntil(later.plusSeconds(20)).build());
    // When nothing arrives before its hold ends
    driver.advanceWallClockTime(Duration.ofSeconds(19));
    assertThat(replies.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    // Then it is answered with no job
    Reply empty = replies.readValue();
    assertThat(empty.getCorrelationId()).isEqualTo("p2");
    assertThat(((PopAnswer) empty.getBody()).getJobIds()).isEmpty();
  }

  @Test
  void aJobNotSubmittedInTimeIsHandedOutAgain() {
    requests.pipeInput("r1", request("r1", 0).build());
    pops.pipeInput("p1", pop("p1", "w1", 9).build());
    String first = ((PopAnswer) replies.readValue().getBody()).getJobIds().get(0);
    // When its TTL passes
    driver.advanceWallClockTime(Duration.ofSeconds(151));
    // Then the status shows it restarted and waiting, and the next pop gets a new job
    RequestStatus restarted = latestStatus("r1");
    assertThat(restarted.getProgress().getRestarted()).isEqualTo(1);
    assertThat(restarted.getProgress().getN()).isEqualTo(1);
    Instant now = T0.plusSeconds(151);
    pops.pipeInput("p2", pop("p2", "w2", 10, now).build());
    String second = ((PopAnswer) replies.readValue().getBody()).getJobIds().get(0);
    assertThat(second).isNotEqualTo(first);
    assertThat(jobEvents.readValuesToList()).extracting(JobEvent::getKind)
        .containsExactly(JobEventKind.ASSIGNED, JobEventKind.TIMED_OUT, JobEventKind.ASSIGNED);
  }

  @Test
  void anUnservedRequestExpiresAfterTwentyMinutes() {
    requests.pipeInput("r1", request("r1", 0).build());
    cancels.pipeInput("other", new CancelRequested("other", T0));
    driver.advanceWallClockTime(Duration.ofMinutes(20));
    List<TestRecord<String, RequestStatus>> records = status.readRecordsToList();
    assertThat(records.get(records.size() - 1).value()).isNull();
    assertThat(outcomes.readValue().getOutcome()).isEqualTo(RequestOutcome.EXPIRED);
    assertThat(driver.getKeyValueStore(SchedulerTopology.REQUESTS).get("r1")).isNull();
  }

  @Test
  void aCensoredJobIsSettledFromTheHoldWhichIsReleasedOnceTheRequestEnds() {
    // Given a request of user 7 with an upfront hold, its job handed to a worker of user 9
    requests.pipeInput("r1", request("r1", 7).setHoldId("upfront:r1").build());
    pops.pipeInput("p1", pop("p1", "w1", 9).build());
    String job = ((PopAnswer) replies.readValue().getBody()).getJobIds().get(0);
    // When the worker delivers a censored generation
    driver.advanceWallClockTime(Duration.ofSeconds(3));
    submits.pipeInput(job, submit("s1", job, 9).setState("censored").build());
    long reward = ((SubmitAnswer) replies.readValue().getBody()).getRewardCenti();
    // Then the tax, the settlement (the reward minted, only the job tax charged) and the release, in order
    List<TestRecord<String, KudosCommand>> commands = kudos.readRecordsToList();
    assertThat(commands).extracting(TestRecord::key).containsOnly("user:7");
    assertThat(commands).extracting(r -> r.value().getCommandId())
        .containsExactly("tax:r1", "generation:" + job, "release:upfront:r1");
    KudosTransaction settlement = (KudosTransaction) commands.get(1).value().getCommand();
    assertThat(settlement.getHoldId()).isEqualTo("upfront:r1");
    assertThat(settlement.getLegs()).containsExactly(new KudosLeg("user:7", -TextKudos.JOB_TAX_CENTI),
        new KudosLeg(Accounts.BURN, TextKudos.JOB_TAX_CENTI), new KudosLeg("user:9", reward),
        new KudosLeg(Accounts.MINT, -reward));
    assertThat(sum(settlement)).isZero();
    assertThat(((ReleaseHold) commands.get(2).value().getCommand()).getHoldId()).isEqualTo("upfront:r1");
    // And when the finished request expires, the hold is not released again
    driver.advanceWallClockTime(Duration.ofMinutes(21));
    assertThat(outcomes.readValuesToList()).extracting(RequestFinished::getOutcome)
        .containsExactly(RequestOutcome.DONE);
    assertThat(driver.getKeyValueStore(SchedulerTopology.REQUESTS).get("r1")).isNull();
    assertThat(kudos.isEmpty()).isTrue();
  }

  @Test
  void aWorkerCheckingInForMoreThanTenMinutesEarnsAnUptimeReward() {
    // Given a worker that pops every 30 s for 10 minutes
    Instant at = T0;
    pops.pipeInput("u0", pop("u0", "w1", 9, at).build());
    for (int i = 1; i <= 20; i++) {
      driver.advanceWallClockTime(Duration.ofSeconds(30));
      at = at.plusSeconds(30);
      pops.pipeInput("u" + i, pop("u" + i, "w1", 9, at).build());
    }
    // Then no reward yet (600 s is not more than 600)
    assertThat(kudos.isEmpty()).isTrue();
    // When it checks in once more
    driver.advanceWallClockTime(Duration.ofSeconds(30));
    pops.pipeInput("u21", pop("u21", "w1", 9, at.plusSeconds(30)).build());
    // Then one reward is minted for its owner, and the worker shows it
    TestRecord<String, KudosCommand> reward = kudos.readRecord();
    assertThat(reward.key()).isEqualTo("user:9");
    KudosTransaction tx = (KudosTransaction) reward.value().getCommand();
    assertThat(tx.getKind()).isEqualTo(KudosKind.UPTIME_REWARD);
    assertThat(tx.getLegs()).containsExactly(new KudosLeg("user:9", 102_14L), new KudosLeg(Accounts.MINT, -102_14L));
    assertThat(kudos.isEmpty()).isTrue();
    List<WorkerState> states = workers.readValuesToList();
    WorkerState last = states.get(states.size() - 1);
    assertThat(last.getUptimeSeconds()).isEqualTo(630);
    assertThat(last.getUptimeRewardedSeconds()).isEqualTo(630);
    assertThat(last.getKudosUptimeCenti()).isEqualTo(102_14);
  }

  @Test
  void workerDetailsFollowEveryPopChangesAtOnceAndStillHerePopsWhenTheWindowEnds() {
    // Given a worker a minute old, last checked in 10 s ago
    pops.pipeInput("p1", pop("p1", "w1", 9, T0).build());
    driver.advanceWallClockTime(Duration.ofSeconds(50));
    pops.pipeInput("p2", pop("p2", "w1", 9, T0.plusSeconds(50)).build());
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    workers.readValuesToList();
    // When it pops [OTHER] then [M]: each is on the workers topic at once, [M] last
    pops.pipeInput("p3", pop("p3", "w1", 9, T0.plusSeconds(60)).setModels(List.of("koboldcpp/other")).build());
    pops.pipeInput("p4", pop("p4", "w1", 9, T0.plusSeconds(60)).build());
    assertThat(workers.readValuesToList()).extracting(WorkerState::getModels)
        .containsExactly(List.of("koboldcpp/other"), List.of("koboldcpp/thirteen"));
    // When it pops unchanged inside the window: nothing until the window ends, then that check-in
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    pops.pipeInput("p5", pop("p5", "w1", 9, T0.plusSeconds(65)).build());
    assertThat(workers.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(25));
    WorkerState flushed = workers.readValue();
    assertThat(flushed.getLastCheckInAt()).isEqualTo(T0.plusSeconds(65));
    assertThat(flushed.getModels()).containsExactly("koboldcpp/thirteen");
    assertThat(workers.isEmpty()).isTrue();
  }

  @Test
  void theGaugesCountWaitingRequestsPerModelHeldPopsAndJobsInFlight() {
    // Given two requests for a model, one for any model, a job handed out and a pop held open
    requests.pipeInput("r1", request("r1", 0).setCriteria(Fixtures.criteria().setModels(List.of("m/one")).build()).build());
    requests.pipeInput("r2", request("r2", 0).setCriteria(Fixtures.criteria().setModels(List.of("m/one")).build()).build());
    requests.pipeInput("r3", request("r3", 0).build());
    pops.pipeInput("p1", pop("p1", "w1", 9).build());
    pops.pipeInput("p2", pop("p2", "w2", 9).setModels(List.of("m/none")).setHoldUntil(T0.plusSeconds(20)).build());
    // When the clock ticks
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    // Then the gauges show them (the request for any model went to the first pop)
    assertThat(meters.get("horde.scheduler.waiting.requests").tag("model", "m/one").gauge().value()).isEqualTo(2);
    assertThat(meters.find("horde.scheduler.waiting.requests").tag("model", "any").gauge()).isNull();
    assertThat(meters.get("horde.scheduler.held.pops").gauge().value()).isEqualTo(1);
    assertThat(meters.get("horde.scheduler.jobs.in.flight").gauge().value()).isEqualTo(1);
  }

  @Test
  void aRicherRequestersLaterRequestIsPoppedFirst() {
    // Given the ledger's balances: user 5 is rich, user 1 is not
    balances.pipeInput("user:5", balance("user:5", 1000_00));
    balances.pipeInput("user:1", balance("user:1", 10_00));
    // And user 1's request before user 5's
    requests.pipeInput("poor", request("poor", 1).build());
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    requests.pipeInput("rich", request("rich", 5).setAcceptedAt(T0.plusSeconds(1)).build());
    // When a worker pops
    pops.pipeInput("p1", pop("p1", "w1", 9, T0.plusSeconds(1)).build());
    // Then it gets the richer requester's request
    assertThat(((PopAnswer) replies.readValue().getBody()).getJobIds()).hasSize(1);
    assertThat(jobEvents.readValue().getRequestId()).isEqualTo("rich");
    // And when the balances change, a later request is ordered by the new one
    balances.pipeInput("user:1", balance("user:1", 5000_00));
    requests.pipeInput("poor-again", request("poor-again", 1).setAcceptedAt(T0.plusSeconds(2)).build());
    pops.pipeInput("p2", pop("p2", "w2", 9, T0.plusSeconds(1)).build());
    replies.readValue();
    assertThat(jobEvents.readValue().getRequestId()).isEqualTo("poor-again");
  }

  @Test
  void aWorkerIsModifiedThroughItsCommandTopicAndTheAnswerGoesToTheAsker() {
    // Given a worker of user 9
    pops.pipeInput("p1", pop("p1", "w1", 9).build());
    replies.readValue();
    String id = workers.readValue().getWorkerId();
    // When its owner puts it into maintenance and renames it
    workerCommands.pipeInput(id, workerCommand("c1", id, 9,
        ModifyWorker.newBuilder().setMaintenance(true).setName("w1-renamed").build()).setReplyTo("ingress-2").build());
    // Then the new state is published and the asker is answered with the new name
    WorkerState modified = workers.readValue();
    assertThat(modified.getMaintenance()).isTrue();
    assertThat(modified.getMaintenanceMsg()).isEqualTo(Matching.DEFAULT_MAINTENANCE_MESSAGE);
    assertThat(modified.getName()).isEqualTo("w1-renamed");
    TestRecord<String, Reply> answer = replies.readRecord();
    assertThat(answer.key()).isEqualTo("ingress-2");
    assertThat(answer.value().getCorrelationId()).isEqualTo("c1");
    assertThat(answer.value().getReplyTo()).isEqualTo("ingress-2");
    assertThat(answer.value().getBody()).isEqualTo(new WorkerAnswer(id, "w1-renamed"));
    // And a stranger's command is refused, changing nothing
    workerCommands.pipeInput(id, workerCommand("c2", id, 10, ModifyWorker.newBuilder().setInfo("x").build()).build());
    Reply refused = replies.readValue();
    assertThat(refused.getCorrelationId()).isEqualTo("c2");
    assertThat(refused.getBody()).isEqualTo(new ErrorAnswer(403, "NotOwner", "You're not an admin. Sod off!"));
    assertThat(workers.isEmpty()).isTrue();
  }

  @Test
  void aDeletedWorkerIsTombstonedItsNameFreedAndItsJobTimesOut() {
    // Given a request's job handed to worker w1 of user 9
    requests.pipeInput("r1", request("r1", 7).build());
    pops.pipeInput("p1", pop("p1", "w1", 9).build());
    String job = ((PopAnswer) replies.readValue().getBody()).getJobIds().get(0);
    String id = workers.readValue().getWorkerId();
    jobEvents.readValue();
    // When its owner deletes it
    workerCommands.pipeInput(id, workerCommand("d1", id, 9, new DeleteWorker()).build());
    // Then its state is tombstoned and the owner is told which worker went
    TestRecord<String, WorkerState> tombstone = workers.readRecord();
    assertThat(tombstone.key()).isEqualTo(id);
    assertThat(tombstone.value()).isNull();
    Reply deleted = replies.readValue();
    assertThat(deleted.getCorrelationId()).isEqualTo("d1");
    assertThat(deleted.getBody()).isEqualTo(new WorkerAnswer(id, "w1"));
    assertThat(driver.getKeyValueStore(SchedulerTopology.WORKERS).get(id)).isNull();
    assertThat(driver.getKeyValueStore(SchedulerTopology.WORKER_NAMES).get("w1")).isNull();
    // And when its bridge still submits the job, it is refused without harm
    submits.pipeInput(job, submit("s1", job, 9).build());
    Reply submitted = replies.readValue();
    assertThat(submitted.getCorrelationId()).isEqualTo("s1");
    assertThat(((ErrorAnswer) submitted.getBody()).getRc()).isEqualTo("WrongCredentials");
    assertThat(kudos.readRecordsToList()).extracting(r -> r.value().getCommandId()).containsExactly("tax:r1");
    // And at its TTL the job times out, with no worker state written back
    driver.advanceWallClockTime(Duration.ofSeconds(151));
    JobEvent timedOut = jobEvents.readValue();
    assertThat(timedOut.getKind()).isEqualTo(JobEventKind.TIMED_OUT);
    assertThat(timedOut.getWorkerOwnerId()).isEqualTo(Outputs.UNKNOWN_OWNER);
    assertThat(workers.isEmpty()).isTrue();
    // And the name is free for another user's worker, which gets the job again
    pops.pipeInput("p2", pop("p2", "w1", 10, T0.plusSeconds(151)).build());
    assertThat(((PopAnswer) replies.readValue().getBody()).getJobIds()).hasSize(1);
    WorkerState reborn = workers.readValue();
    assertThat(reborn.getOwnerUserId()).isEqualTo(10);
    assertThat(reborn.getWorkerId()).isNotEqualTo(id);
  }

  @Test
  void aSharedKeyRequestsTaxAndSettlementNameTheKey() {
    // Given a request of user 7 made with a shared key, handed to a worker of user 9
    requests.pipeInput("r1", request("r1", 7).setSharedKey("key-hash").build());
    pops.pipeInput("p1", pop("p1", "w1", 9).build());
    String job = ((PopAnswer) replies.readValue().getBody()).getJobIds().get(0);
    // When it is delivered
    submits.pipeInput(job, submit("s1", job, 9).build());
    // Then the tax and the settlement both go to the key's owner and name the key
    List<TestRecord<String, KudosCommand>> commands = kudos.readRecordsToList();
    assertThat(commands).extracting(TestRecord::key).containsExactly("user:7", "user:7");
    assertThat(commands).extracting(r -> ((KudosTransaction) r.value().getCommand()).getSharedKey())
        .containsExactly("key-hash", "key-hash");
  }

  @Test
  void alchemyFormsTravelTheAlchemyTopicsAndOnePopAnswersForTwo() {
    // Given two forms of an interrogation on the alchemy topics
    TestInputTopic<String, RequestAccepted> forms = input(Topics.ALCHEMY_REQUESTS);
    TestOutputTopic<String, RequestStatus> formStatus = output(Topics.ALCHEMY_STATUS);
    TestOutputTopic<String, JobEvent> formEvents = output(Topics.ALCHEMY_JOB_EVENTS);
    for (String form : List.of("caption", "nsfw")) {
      forms.pipeInput(form, request(form, 7).setPayloadJson("{\"form\":\"" + form + "\"}").setCriteria(
          AlchemyCriteria.newBuilder().setInterrogationId("int-1").setForm(form).build()).build());
    }
    // When an alchemist pops for two
    input(Topics.ALCHEMY_POPS).pipeInput("p1", pop("p1", "alchemist", 9).setModels(List.of())
        .setCapabilities(AlchemyCapabilities.newBuilder().setForms(List.of("caption", "nsfw")).build())
        .setAmount(2).build());
    // Then one reply carries both forms
    List<Reply> answers = replies.readValuesToList();
    assertThat(answers).hasSize(1);
    PopAnswer answer = (PopAnswer) answers.get(0).getBody();
    assertThat(answer.getModel()).isEqualTo("caption");
    assertThat(answer.getAlsoAssigned()).singleElement().satisfies(also -> {
      assertThat(also.getRequestId()).isEqualTo("nsfw");
      assertThat(also.getModel()).isEqualTo("nsfw");
      assertThat(also.getPayloadJson()).isEqualTo("{\"form\":\"nsfw\"}");
    });
    // When both are delivered
    TestInputTopic<String, SubmitRequested> results = input(Topics.ALCHEMY_SUBMITS);
    String captionJob = answer.getJobIds().get(0);
    String nsfwJob = answer.getAlsoAssigned().get(0).getJobId();
    results.pipeInput(captionJob, submit("s1", captionJob, 9).setGeneration("{\"caption\":\"a cat\"}").build());
    results.pipeInput(nsfwJob, submit("s2", nsfwJob, 9).setGeneration("{\"nsfw\":false}").build());
    // Then each form's status carries its result, and its job events count one form each
    RequestStatus caption = null;
    for (var record : formStatus.readRecordsToList()) {
      if (record.key().equals("caption")) {
        caption = record.value();
      }
    }
    assertThat(caption.getProgress().getGenerations()).singleElement().isInstanceOfSatisfying(AlchemyResult.class,
        r -> assertThat(r.getResultJson()).isEqualTo("{\"caption\":\"a cat\"}"));
    assertThat(formEvents.readValuesToList()).extracting(JobEvent::getKind, JobEvent::getThings)
        .containsExactly(tuple(JobEventKind.ASSIGNED, 0L), tuple(JobEventKind.ASSIGNED, 0L),
            tuple(JobEventKind.DELIVERED, 1L), tuple(JobEventKind.DELIVERED, 1L));
  }

  @Test
  void raidModeAndOwnersTrustAreReadFromTheRegistrysTopicsAndSuspicionsSentToIt() {
    // Given the registry's modes say raid, and a worker of user 9
    input(Topics.HORDE_MODES).pipeInput(Topics.MODES_KEY, HordeModes.newBuilder().setRaid(true).setUpdatedAt(T0)
        .build());
    pops.pipeInput("p0", pop("p0", "w1", 9).build());
    String id = workers.readValue().getWorkerId();
    // When it drops eleven jobs (the raid threshold is ten)
    for (int i = 1; i <= 11; i++) {
      requests.pipeInput("r" + i, request("r" + i, 7).build());
      pops.pipeInput("p" + i, pop("p" + i, "w1", 9).build());
      String pop = "p" + i;
      String job = replies.readValuesToList().stream().filter(r -> r.getCorrelationId().equals(pop))
          .map(r -> ((PopAnswer) r.getBody()).getJobIds().get(0)).findFirst().orElseThrow();
      submits.pipeInput(job, submit("s" + i, job, 9).setState("faulted").build());
    }
    // Then the registry is asked to record the suspicion on its owner, and the worker is not told by maintenance
    var suspicions = output(Topics.ACCOUNT_COMMANDS).readValuesToList();
    assertThat(suspicions).extracting(AccountCommand::getCommand)
        .containsExactly(new RecordSuspicion(9L, "TOO_MANY_JOBS_ABORTED", id));
    assertThat(latestWorker(id).getMaintenance()).isFalse();

    // When a moderator pauses it, and the registry's history then says its owner was trusted
    workerCommands.pipeInput(id, workerCommand("c1", id, 1, ModifyWorker.newBuilder().setPaused(true).build())
        .setRequesterModerator(true).build());
    assertThat(latestWorker(id).getPaused()).isTrue();
    input(Topics.USER_EVENTS).pipeInput("9", UserEvent.newBuilder().setUserId(9).setOccurredAt(T0)
        .setEvent(UserChanged.newBuilder().setTrusted(true).build()).build());
    // Then the worker is un-paused and its owner's trust recorded
    WorkerState trusted = latestWorker(id);
    assertThat(trusted.getPaused()).isFalse();
    assertThat(trusted.getOwnerTrusted()).isTrue();
  }

  private static AccountBalance balance(String account, long centi) {
    return AccountBalance.newBuilder().setAccount(account).setBalanceCenti(centi).setUpdatedAt(T0).build();
  }

  private static long sum(KudosTransaction tx) {
    return tx.getLegs().stream().mapToLong(KudosLeg::getAmountCenti).sum();
  }

  private RequestStatus latestStatus(String requestId) {
    return latest(status, requestId);
  }

  private WorkerState latestWorker(String workerId) {
    return latest(workers, workerId);
  }

  /** The last value published for this key among those not read yet (all of which are read). */
  private static <V> V latest(TestOutputTopic<String, V> topic, String key) {
    V latest = null;
    for (var record : topic.readRecordsToList()) {
      if (record.key().equals(key)) {
        latest = record.value();
      }
    }
    return latest;
  }

  private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }
}
