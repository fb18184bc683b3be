package ai.horde.projections;

import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topic;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ReadModelFold} over its topics on one thread. It owns every partition outright (no consumer
 * group, nothing committed to Kafka): where it has got to is stored in {@code projection_offsets}, in the
 * same database transaction as the rows of each poll, so that after a crash nothing is applied twice or
 * missed.
 *
 * <p>When a poll cannot be stored (database down, undecodable record) it rolls back, waits, seeks back to
 * the stored offsets and tries again; an undecodable record therefore stops the projection, loudly, rather
 * than being skipped. Known gap: the lag is only logged, not exported as a metric.
 */
@Context
final class Projector {
  /** Kept when the journal joined the topics: the offsets stored under it stay valid. */
  static final String NAME = "users-balances-workers";
  private static final Logger LOG = LoggerFactory.getLogger(Projector.class);
  private static final long RETRY_DELAY_MS = 1_000;

  private final TransactionOperations<Connection> transactions;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Admin admin;
  private final Thread thread = new Thread(this::run, "projector");
  private final CountDownLatch stopping = new CountDownLatch(1);
  /** The offsets stored in the database, as this thread last read or wrote them. */
  private final Map<TopicPartition, Long> stored = new HashMap<>();

  Projector(TransactionOperations<Connection> transactions) {
    HordeEnv env = HordeEnv.system();
    this.transactions = transactions;
    this.consumer = new KafkaConsumer<>(KafkaClients.consumer(env, "projections"));
    this.admin = Admin.create(Map.of("bootstrap.servers", env.bootstrapServers(), "client.id", "projections-lag"));
  }

  @PostConstruct
  void start() {
    // This thread is what keeps the service's JVM alive: the context has no server.
    thread.setDaemon(false);
    thread.start();
  }

  @PreDestroy
  void stop() throws InterruptedException {
    stopping.countDown();
    consumer.wakeup();
    thread.join();
    admin.close();
  }

  /** Records not yet projected, summed over every partition (those never read count from offset 0). */
  long lag() throws ExecutionException, InterruptedException {
    Map<TopicPartition, Long> done = storedOffsets();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    List<String> topics = ReadModelFold.TOPICS.stream().map(Topic::name).toList();
    for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
      topic.partitions().forEach(
          p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
    }
    // read_committed: the end is the last stable offset, the furthest the consumer can get.
    var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
    return ends.entrySet().stream().mapToLong(e -> e.getValue().offset() - done.getOrDefault(e.getKey(), 0L)).sum();
  }

  @Scheduled(fixedDelay = "10s", initialDelay = "10s")
  void logLag() throws ExecutionException, InterruptedException {
    if (LOG.isDebugEnabled()) {
      LOG.debug("projection {} is {} records behind", NAME, lag());
    }
  }

  private void run() {
    boolean positioned = false;
    try {
      while (stopping.getCount() > 0) {
        try {
          positioned = positioned || seekToStoredOffsets();
          if (positioned) {
            project(consumer.poll(Duration.ofMillis(500)));
            continue;
          }
        } catch (WakeupException e) {
          continue; // stop() was called
        } catch (RuntimeException e) {
          LOG.error("projection {} failed; retrying from its stored offsets", NAME, e);
          positioned = false;
        }
        stopping.await(RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close();
    }
  }

  /** Assigns every partition and seeks it to its stored offset; false while a topic does not exist yet. */
  private boolean seekToStoredOffsets() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<String, ?> topic : ReadModelFold.TOPICS) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name());
      if (infos.isEmpty()) {
        LOG.warn("waiting for topic {} to be created", topic.name());
        return false;
      }
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    stored.clear();
    stored.putAll(storedOffsets());
    consumer.assign(partitions);
    for (TopicPartition partition : partitions) {
      Long next = stored.get(partition);
      if (next == null) {
        consumer.seekToBeginning(List.of(partition));
      } else {
        consumer.seek(partition, next);
      }
    }
    return true;
  }

  private Map<TopicPartition, Long> storedOffsets() {
    return transactions.executeRead(status -> new ReadModelStore(status.getConnection()).offsets(NAME));
  }

  /** Applies one poll and stores the new positions, all in one transaction. */
  private void project(ConsumerRecords<byte[], byte[]> records) {
    // Positions, not last offset + 1: they also step over transaction markers, which carry no record.
    Map<TopicPartition, Long> advanced = new HashMap<>();
    for (TopicPartition partition : consumer.assignment()) {
      long position = consumer.position(partition);
      if (!Long.valueOf(position).equals(stored.get(partition))) {
        advanced.put(partition, position);
      }
    }
    if (advanced.isEmpty()) {
      return;
    }
    transactions.executeWrite(status -> {
      ReadModelStore store = new ReadModelStore(status.getConnection());
      for (ConsumerRecord<byte[], byte[]> record : records) {
        ReadModelFold.apply(record, store);
      }
      store.saveOffsets(NAME, advanced);
      return null;
    });
    stored.putAll(advanced);
  }
}
