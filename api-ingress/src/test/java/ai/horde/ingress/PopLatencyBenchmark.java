package ai.horde.ingress;

import ai.horde.ingress.HordeProcess.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * How fast a held pop gets a job: the time from the 202 of {@code POST /generate/text/async} to the answer
 * of a pop that was already waiting, over real HTTP against the whole horde. Printed beside a raw Kafka
 * baseline measured on the same broker in the same run: one acks=all produce and its read_committed
 * consumption, which the path through the horde needs three of (the request, the reply, and the scheduler's
 * transaction commit in between). Run with {@code bench/pop-latency}.
 */
public final class PopLatencyBenchmark {
  private PopLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Path data = Files.createTempDirectory("horde-bench");
    try (HordeProcess horde = new HordeProcess(data, Map.of()).start()) {
      String owner = horde.testUser("bench-owner", 0).get("api_key").asText();
      String requester = horde.testUser("bench-requester", 1000).get("api_key").asText();
      List<Double> popMs = new ArrayList<>();
      for (int i = 0; i < rounds + 5; i++) {
        CompletableFuture<Response> held = horde.postAsync("/generate/text/pop",
            "{\"name\":\"bench-worker\",\"models\":[\"bench/model\"]}", "apikey", owner);
        Thread.sleep(300); // the pop parks in the scheduler
        Response accepted = horde.post("/generate/text/async", "{\"prompt\":\"Hi\",\"models\":[\"bench/model\"]}",
            "apikey", requester);
        long after202 = System.nanoTime();
        Response job = held.get(30, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - after202) / 1e6;
        if (accepted.status() != 202 || job.json().get("id").isNull()) {
          throw new IllegalStateException("round " + i + " failed: " + accepted.body() + " / " + job.body());
        }
        horde.post("/generate/text/submit", "{\"id\":\"" + job.json().get("id").asText() + "\",\"generation\":\"ok\"}",
            "apikey", owner);
        if (i >= 5) { // the first rounds warm up the JIT
          popMs.add(ms);
        }
      }
      List<Double> rawMs = kafkaRoundTrips(horde.bootstrapServers(), rounds);
      print("held pop answered after the 202", popMs);
      print("raw Kafka produce -> read_committed consume", rawMs);
      System.out.printf("ratio of medians: %.1f%n", median(popMs) / median(rawMs));
    } finally {
      deleteQuietly(data);
    }
  }

  private static List<Double> kafkaRoundTrips(String bootstrap, int rounds) throws Exception {
    String topic = "bench.round-trip";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
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
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
      for (int i = 0; i < rounds + 5; i++) {
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, (long) i, start)).get();
        boolean seen = false;
        while (!seen) {
          for (var record : consumer.poll(Duration.ofMillis(200))) {
            seen |= record.key() == i;
          }
        }
        if (i >= 5) {
          ms.add((System.nanoTime() - start) / 1e6);
        }
      }
    }
    return ms;
  }

  private static void print(String what, List<Double> ms) {
    List<Double> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    System.out.printf("%-45s n=%d  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n", what, sorted.size(),
        percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1));
  }

  private static double median(List<Double> ms) {
    List<Double> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    return percentile(sorted, 50);
  }

  private static double percentile(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static void deleteQuietly(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
