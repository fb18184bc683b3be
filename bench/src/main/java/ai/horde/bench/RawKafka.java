package ai.horde.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * The raw Kafka round trip the horde's paths are compared with: one produce (acks=all, idempotent, linger 0)
 * and its consumption by a read_committed consumer that waits on the partition, on the horde's own broker. A
 * pop answered after a request's 202 needs three of these (the request, the scheduler's transaction commit,
 * the reply).
 *
 * <p>Its topic is the benchmark's own and not in {@code Topics}: nothing else reads it.
 */
final class RawKafka {
  private static final String TOPIC = "bench.round-trip";
  private static final int WARM_UP = 5;

  private RawKafka() {}

  /** {@code rounds} round trips, one after the other, after a few unreported ones. */
  static Latencies roundTrips(String bootstrap, int rounds) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      if (!admin.listTopics().names().get().contains(TOPIC)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
    }
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    List<Double> ms = new ArrayList<>();
    try (var producer = new KafkaProducer<>(producerProps, new LongSerializer(), new LongSerializer());
        var consumer = new KafkaConsumer<>(consumerProps, new LongDeserializer(), new LongDeserializer())) {
      TopicPartition partition = new TopicPartition(TOPIC, 0);
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
      for (int i = 0; i < rounds + WARM_UP; i++) {
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(TOPIC, (long) i, start)).get();
        boolean seen = false;
        while (!seen) {
          for (var record : consumer.poll(Duration.ofMillis(200))) {
            seen |= record.key() == i;
          }
          if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
            throw new IllegalStateException("round trip " + i + " not consumed within 30 s");
          }
        }
        if (i >= WARM_UP) {
          ms.add((System.nanoTime() - start) / 1e6);
        }
      }
    }
    return Latencies.of(ms);
  }
}
