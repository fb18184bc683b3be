package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.T0;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.request;
import static ai.horde.scheduler.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.Reply;
import ai.horde.events.TextCancelRequested;
import ai.horde.events.TextJobEvent;
import ai.horde.events.TextJobEventKind;
import ai.horde.events.TextPopAnswer;
import ai.horde.events.TextPopRequested;
import ai.horde.events.TextRequestAccepted;
import ai.horde.events.TextRequestFinished;
import ai.horde.events.TextRequestOutcome;
import ai.horde.events.TextRequestStatus;
import ai.horde.events.TextSubmitAnswer;
import ai.horde.events.TextSubmitRequested;
import ai.horde.events.WorkerState;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
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

  private TopologyTestDriver driver;
  private TestInputTopic<String, TextRequestAccepted> requests;
  private TestInputTopic<String, TextPopRequested> pops;
  private TestInputTopic<String, TextSubmitRequested> submits;
  private TestInputTopic<String, TextCancelRequested> cancels;
  private TestOutputTopic<String, Reply> replies;
  private TestOutputTopic<String, TextRequestStatus> status;
  private TestOutputTopic<String, KudosTransaction> kudos;
  private TestOutputTopic<String, TextJobEvent> jobEvents;
  private TestOutputTopic<String, TextRequestFinished> outcomes;
  private TestOutputTopic<String, WorkerState> workers;

  @BeforeEach
  void start() {
    Properties props = KafkaClients.streams(HordeEnv.of(Map.of(HordeEnv.DATA_DIR, stateDir.toString())),
        "scheduler-test", 10);
    driver = new TopologyTestDriver(SchedulerTopology.build(SchedulerSettings.defaults(), Fixtures.MODELS), props, T0);
    requests = input(Topics.TEXT_REQUESTS);
    pops = input(Topics.TEXT_POPS);
    submits = input(Topics.TEXT_SUBMITS);
    cancels = input(Topics.TEXT_CANCELS);
    replies = output(Topics.REPLIES);
    status = output(Topics.TEXT_STATUS);
    kudos = output(Topics.KUDOS_TRANSACTIONS);
    jobEvents = output(Topics.TEXT_JOB_EVENTS);
    outcomes = output(Topics.TEXT_REQUEST_OUTCOMES);
    workers = output(Topics.WORKERS);
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
    TextPopAnswer answer = (TextPopAnswer) popReply.getBody();
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
    long reward = ((TextSubmitAnswer) submitReply.getBody()).getRewardCenti();
    assertThat(reward).isPositive();
    TextRequestStatus done = latestStatus("r1");
    assertThat(done.getProgress().getFinished()).isEqualTo(1);
    assertThat(done.getProgress().getFinishedAt()).isNotNull();
    assertThat(done.getProgress().getGenerations().get(0).getText()).isEqualTo(" and they lived happily ever after.");
    KudosTransaction settlement = kudos.readValue();
    assertThat(settlement.getTransactionId()).isEqualTo("generation:" + job);
    assertThat(settlement.getLegs()).containsExactlyInAnyOrder(new KudosLeg("user:0", -reward), new KudosLeg("user:9", reward));
    assertThat(settlement.getLegs().stream().mapToLong(KudosLeg::getAmountCenti).sum()).isZero();
    assertThat(jobEvents.readValuesToList()).extracting(TextJobEvent::getKind)
        .containsExactly(TextJobEventKind.ASSIGNED, TextJobEventKind.DELIVERED);
    assertThat(outcomes.readValue().getOutcome()).isEqualTo(TextRequestOutcome.DONE);
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
    assertThat(((TextPopAnswer) replies.readValue().getBody()).getJobIds()).hasSize(1);

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
    assertThat(((TextPopAnswer) empty.getBody()).getJobIds()).isEmpty();
  }

  @Test
  void aJobNotSubmittedInTimeIsHandedOutAgain() {
    requests.pipeInput("r1", request("r1", 0).build());
    pops.pipeInput("p1", pop("p1", "w1", 9).build());
    String first = ((TextPopAnswer) replies.readValue().getBody()).getJobIds().get(0);
    // When its TTL passes
    driver.advanceWallClockTime(Duration.ofSeconds(151));
    // Then the status shows it restarted and waiting, and the next pop gets a new job
    TextRequestStatus restarted = latestStatus("r1");
    assertThat(restarted.getProgress().getRestarted()).isEqualTo(1);
    assertThat(restarted.getProgress().getN()).isEqualTo(1);
    Instant now = T0.plusSeconds(151);
    pops.pipeInput("p2", pop("p2", "w2", 10, now).build());
    String second = ((TextPopAnswer) replies.readValue().getBody()).getJobIds().get(0);
    assertThat(second).isNotEqualTo(first);
    assertThat(jobEvents.readValuesToList()).extracting(TextJobEvent::getKind)
        .containsExactly(TextJobEventKind.ASSIGNED, TextJobEventKind.TIMED_OUT, TextJobEventKind.ASSIGNED);
  }

  @Test
  void anUnservedRequestExpiresAfterTwentyMinutes() {
    requests.pipeInput("r1", request("r1", 0).build());
    cancels.pipeInput("other", new TextCancelRequested("other", T0));
    driver.advanceWallClockTime(Duration.ofMinutes(20));
    List<TestRecord<String, TextRequestStatus>> records = status.readRecordsToList();
    assertThat(records.get(records.size() - 1).value()).isNull();
    assertThat(outcomes.readValue().getOutcome()).isEqualTo(TextRequestOutcome.EXPIRED);
    assertThat(driver.getKeyValueStore(SchedulerTopology.REQUESTS).get("r1")).isNull();
  }

  private TextRequestStatus latestStatus(String requestId) {
    TextRequestStatus latest = null;
    for (var record : status.readRecordsToList()) {
      if (record.key().equals(requestId)) {
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
