package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.events.IpTimeout;
import ai.horde.events.UserEvent;
import ai.horde.events.UserSuspected;
import ai.horde.ingress.HordeProcess.Response;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of issue 12 over real HTTP, with two ingress instances on one broker: a moderator adds regex
 * filters through one instance and the other refuses a matching image prompt within a second with 400
 * {@code CorruptPrompt}; the registry records the account's {@code CORRUPT_PROMPT} suspicion and times the
 * address out for 3, then 9 minutes (read from the topics, as every instance reads them).
 */
class PromptFiltersSystemTest {
  private static final String ADDRESS = "198.51.100.23";
  private static final String PROMPT = "a forbiddenword with an othersubject";

  @TempDir
  static Path data;
  @TempDir
  static Path secondData;
  static HordeProcess horde;
  static HordeProcess second;

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of()).start();
    second = horde.anotherIngress(secondData).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (second != null) {
      second.close();
    }
    if (horde != null) {
      horde.close();
    }
  }

  @Test
  void aModeratorsFilterBlocksOnEveryInstanceAndItsOffencesTimeTheAddressOutLonger() throws Exception {
    // Given a moderator, and a user whose image requests pass on the second instance
    String moderator = horde.post("/dev/test-user", "{\"username\":\"filter-mod\",\"oauth_id\":\"filter-mod\","
        + "\"kudos\":0,\"trusted\":false,\"moderator\":true}").json().get("api_key").asText();
    var user = horde.testUser("corrupt-requester", 100);
    String key = user.get("api_key").asText();
    long userId = user.get("user_id").asLong();
    String dryRun = "{\"prompt\":\"" + PROMPT + "\",\"replacement_filter\":false,\"dry_run\":true}";
    assertThat(image(second, dryRun, key).status()).isEqualTo(200);

    // When the moderator adds a filter of each group through the first instance
    Response first = horde.put("/filters", "{\"regex\":\"forbidden\\\\w+\",\"filter_type\":10}", "apikey", moderator);
    Response other = horde.put("/filters", "{\"regex\":\"othersubject\",\"filter_type\":20}", "apikey", moderator);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().get("regex").asText()).isEqualTo("forbidden\\w+");
    assertThat(other.json().get("user").asText()).startsWith("filter-mod#");

    // Then within a second the second instance refuses the prompt (the first refusal is the first offence)
    Response refused = await().pollInterval(50, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS)
        .until(() -> image(second, dryRun, key), r -> r.status() != 200);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().get("rc").asText()).isEqualTo("CorruptPrompt");
    assertThat(refused.json().get("message").asText()).isEqualTo("This prompt appears to violate our terms of "
        + "service and will be reported. Please contact us if you think this is an error.");
    // And the first instance tests the prompt the same way
    Response tested = horde.post("/filters", "{\"prompt\":\"" + PROMPT + "\"}", "apikey", moderator);
    assertThat(tested.json().get("suspicion").asText()).isEqualTo("2");

    // And the address is in timeout on the other instance too, until a moderator releases it
    Response timedOut = await().pollInterval(50, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS)
        .until(() -> image(horde, dryRun, key), r -> r.status() == 403);
    assertThat(timedOut.json().get("rc").asText()).isEqualTo("TimeoutIP");
    Response released = horde.send(horde.request("/operations/ipaddr", "apikey", moderator,
        "Content-Type", "application/json")
        .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"ipaddr\":\"" + ADDRESS + "\"}")).build());
    assertThat(released.status()).as(released.body()).isEqualTo(200);

    // When the address offends again (its offences are counted for 24 hours, releases or not)
    Response again = await().pollInterval(50, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS)
        .until(() -> image(second, dryRun, key), r -> r.status() != 403);
    assertThat(again.json().get("rc").asText()).isEqualTo("CorruptPrompt");

    // Then it was timed out for 3, then 9 minutes, and the account is suspected of a corrupt prompt once
    List<ConsumerRecord<byte[], byte[]>> timeouts = await().atMost(30, TimeUnit.SECONDS)
        .until(() -> read(Topics.IP_TIMEOUTS), records -> records.size() >= 3);
    List<ConsumerRecord<byte[], byte[]>> written = timeouts.stream().filter(r -> r.value() != null).toList();
    assertThat(written).hasSize(2).allSatisfy(r -> assertThat(Topics.IP_TIMEOUTS.key(r)).isEqualTo(ADDRESS));
    assertThat(minutes(written.get(0))).isEqualTo(3);
    assertThat(minutes(written.get(1))).isEqualTo(9);
    assertThat(Topics.IP_TIMEOUTS.value(written.get(0)).getReason()).isEqualTo("corrupt_prompt");
    List<UserEvent> suspicions = read(Topics.USER_EVENTS).stream().map(Topics.USER_EVENTS::value)
        .filter(e -> e.getUserId() == userId && e.getEvent() instanceof UserSuspected).toList();
    assertThat(suspicions).singleElement()
        .satisfies(e -> assertThat(((UserSuspected) e.getEvent()).getReason()).isEqualTo("CORRUPT_PROMPT"));
  }

  private static Response image(HordeProcess instance, String body, String key) throws Exception {
    return instance.post("/generate/async", body, "apikey", key, "X-Forwarded-For", ADDRESS);
  }

  /** How long a timeout lasts from the moment its report was written, in whole minutes. */
  private static long minutes(ConsumerRecord<byte[], byte[]> record) {
    IpTimeout timeout = Topics.IP_TIMEOUTS.value(record);
    return Math.round((timeout.getUntil().toEpochMilli() - record.timestamp()) / 60_000.0);
  }

  /** Every record of a topic so far. */
  private static List<ConsumerRecord<byte[], byte[]>> read(Topic<String, ?> topic) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, horde.bootstrapServers());
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
