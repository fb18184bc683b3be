package ai.horde.projections;

import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds one {@link ReadModel} on a thread of its own. It owns every partition of the model's topics outright
 * (no consumer group, nothing committed to Kafka): where it has got to is stored in
 * {@code projection_offsets}, in the same database transaction as the rows of each poll, so that after a
 * crash nothing is applied twice or missed.
 *
 * <p>The stored offsets are also its fencing token. Each poll's transaction first takes the projection's
 * lock and checks the stored offsets are still those this thread last read or wrote; if a rebuild or a
 * second instance moved them (or holds the lock), it writes nothing and seeks back to what is stored. Two
 * instances therefore never apply a record twice; they only waste polls, taking turns.
 *
 * <p>When a poll cannot be stored (database down, undecodable record) it rolls back, waits, seeks back to
 * the stored offsets and tries again; an undecodable record therefore stops the model, loudly, rather than
 * being skipped. Other models carry on.
 */
final class ModelProjector {
  private static final Logger LOG = LoggerFactory.getLogger(ModelProjector.class);
  private static final long RETRY_DELAY_MS = 1_000;

  /** How one poll's transaction ended. */
  private enum Outcome { APPLIED, FENCED, BUSY }

  private final ReadModel model;
  private final ReadModel.Fold fold;
  private final Transactor transactor;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final CountDownLatch stopping = new CountDownLatch(1);
  /** The offsets stored in the database, as this thread last read or wrote them. */
  private final Map<TopicPartition, Long> stored = new HashMap<>();
  private final AtomicLong fenced = new AtomicLong();
  private final AtomicLong folded = new AtomicLong();

  ModelProjector(ReadModel model, Transactor transactor, HordeEnv env) {
    this(model, model.fold(), transactor, env);
  }

  /** With another fold than the model's: tests wrap it to fail on purpose. */
  ModelProjector(ReadModel model, ReadModel.Fold fold, Transactor transactor, HordeEnv env) {
    this.model = model;
    this.fold = fold;
    this.transactor = transactor;
    this.consumer = new KafkaConsumer<>(KafkaClients.consumer(env, "projections-" + model.projection()));
    this.thread = new Thread(this::run, "projector-" + model.projection());
  }

  ReadModel model() {
    return model;
  }

  /** How many polls were thrown away because someone else had moved (or was moving) the stored offsets. */
  long fenced() {
    return fenced.get();
  }

  /** How many records this thread has folded into the read model. */
  long folded() {
    return folded.get();
  }

  /** Whether its thread runs (it stops only when told to). */
  boolean running() {
    return thread.isAlive();
  }

  void start() {
    // These threads are what keep the service's JVM alive: the context has no server.
    thread.setDaemon(false);
    thread.start();
  }

  void stop() throws InterruptedException {
    stopping.countDown();
    consumer.wakeup();
    thread.join();
  }

  private void run() {
    boolean positioned = false;
    try {
      while (stopping.getCount() > 0) {
        try {
          positioned = positioned || seekToStoredOffsets();
          if (positioned) {
            Outcome outcome = project(consumer.poll(Duration.ofMillis(500)));
            if (outcome == Outcome.APPLIED) {
              continue;
            }
            fenced.incrementAndGet();
            positioned = false;
            if (outcome == Outcome.FENCED) {
              LOG.info("the offsets of projection {} were moved by another writer; seeking to them",
                  model.projection());
              continue;
            }
            LOG.debug("projection {} is locked by another writer; waiting", model.projection());
          }
        } catch (WakeupException e) {
          continue; // stop() was called
        } catch (RuntimeException e) {
          LOG.error("projection {} failed; retrying from its stored offsets", model.projection(), e);
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
    for (Topic<String, ?> topic : model.topics()) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name());
      if (infos.isEmpty()) {
        LOG.warn("waiting for topic {} to be created", topic.name());
        return false;
      }
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    stored.clear();
    stored.putAll(transactor.inTransaction(store -> store.offsets(model.projection())));
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

  /** Applies one poll and stores the new positions, all in one transaction, unless fenced. */
  private Outcome project(ConsumerRecords<byte[], byte[]> records) {
    // Positions, not last offset + 1: they also step over transaction markers, which carry no record.
    Map<TopicPartition, Long> advanced = new HashMap<>();
    for (TopicPartition partition : consumer.assignment()) {
      long position = consumer.position(partition);
      if (!Long.valueOf(position).equals(stored.get(partition))) {
        advanced.put(partition, position);
      }
    }
    if (advanced.isEmpty()) {
      return Outcome.APPLIED;
    }
    Outcome outcome = transactor.inTransaction(store -> {
      if (!store.lock(model.projection(), false)) {
        return Outcome.BUSY;
      }
      if (!store.offsets(model.projection()).equals(stored)) {
        return Outcome.FENCED;
      }
      for (ConsumerRecord<byte[], byte[]> record : records) {
        fold.apply(record, store);
      }
      store.saveOffsets(model.projection(), advanced);
      return Outcome.APPLIED;
    });
    if (outcome == Outcome.APPLIED) {
      stored.putAll(advanced);
      folded.addAndGet(records.count());
    }
    return outcome;
  }
}
