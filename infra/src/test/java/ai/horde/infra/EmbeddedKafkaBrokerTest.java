package ai.horde.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topics;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {
  private static final String TOPIC = Topics.USER_EVENTS.name();

  @Test
  void keepsAcknowledgedRecordsAcrossARestart(@TempDir Path dataDir) throws Exception {
    // Given a broker with a topic and three records written with acks=all by an idempotent producer
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, 0, 0)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(KafkaClients.producer(env(broker), "test-producer"))) {
        for (String value : List.of("a", "b", "c")) {
          producer.send(new ProducerRecord<>(TOPIC, bytes(value), bytes(value))).get();
        }
      }
      // Then a read_committed consumer reads them
      assertThat(readAll(broker, 3)).containsExactly("a", "b", "c");
    }

    // When the broker is restarted on the same directory
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, 0, 0)) {
      // Then the records are still there
      assertThat(readAll(broker, 3)).containsExactly("a", "b", "c");
    }
  }

  @Test
  void refusesAPortInUseWithAClearMessage(@TempDir Path dataDir) throws Exception {
    // Given a port someone listens on
    try (ServerSocket taken = new ServerSocket(0)) {
      // When a broker is to use it, Then it says so
      assertThatThrownBy(() -> new EmbeddedKafkaBroker(dataDir, taken.getLocalPort(), 0))
          .hasMessage("port " + taken.getLocalPort() + " for the Kafka broker is already in use");
    }
  }

  private static List<String> readAll(EmbeddedKafkaBroker broker, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.consumer(env(broker), "test-consumer"))) {
      TopicPartition partition = new TopicPartition(TOPIC, 0);
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        return values.size() >= expected;
      });
    }
    return values;
  }

  private static HordeEnv env(EmbeddedKafkaBroker broker) {
    return HordeEnv.of(Map.of(HordeEnv.BOOTSTRAP, broker.bootstrapServers()));
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
