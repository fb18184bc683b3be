package ai.horde.ingress;

import ai.horde.events.Reply;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingress's link to the deciders: writes events and commands (acknowledged by every in-sync replica before
 * the returned future completes), and matches the replies that come back on {@code horde.replies}, keyed by
 * this instance's id, to the commands waiting for them.
 *
 * <p>The replies consumer is positioned at the end of the topic before this bean is ready, so no reply to a
 * command sent afterwards can be missed. Known gap: a reply that arrives after its command timed out is
 * dropped; for a pop this means a job handed to nobody, which its TTL then returns to the queue.
 */
@Context
final class CommandGateway {
  private static final Logger LOG = LoggerFactory.getLogger(CommandGateway.class);

  private final String instanceId;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> replies;
  private final Map<String, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  CommandGateway() {
    HordeEnv env = HordeEnv.system();
    this.instanceId = env.get("HORDE_INSTANCE_ID", UUID.randomUUID().toString());
    this.producer = new KafkaProducer<>(KafkaClients.producer(env, "ingress-" + instanceId));
    this.replies = new KafkaConsumer<>(KafkaClients.consumer(env, "ingress-replies-" + instanceId));
    List<TopicPartition> partitions = Kafka.partitionsOf(replies, Topics.REPLIES);
    replies.assign(partitions);
    replies.seekToEnd(partitions);
    partitions.forEach(replies::position);
    this.thread = new Thread(this::run, "ingress-replies");
    thread.setDaemon(true);
    thread.start();
  }

  String instanceId() {
    return instanceId;
  }

  /** Writes one record; completes once Kafka acknowledged it. */
  <V> CompletableFuture<RecordMetadata> send(Topic<String, V> topic, String key, V value) {
    CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
    producer.send(topic.record(key, value), (metadata, error) -> Async.EXECUTOR.execute(() -> {
      if (error != null) {
        sent.completeExceptionally(error);
      } else {
        sent.complete(metadata);
      }
    }));
    return sent;
  }

  /**
   * Writes a command and completes with the body of its reply, or with a {@code TimeoutException} when no
   * reply came within {@code timeout}.
   */
  <V> CompletableFuture<Object> ask(Topic<String, V> topic, String key, V command, String correlationId,
      Duration timeout) {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    pending.put(correlationId, reply);
    send(topic, key, command).whenComplete((sent, error) -> {
      if (error != null) {
        reply.completeExceptionally(error);
      }
    });
    return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((body, error) -> pending.remove(correlationId));
  }

  /** Whether replies are still being read: without them no pop or submit can be answered. */
  boolean live() {
    return thread.isAlive();
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = replies.poll(Duration.ofMillis(200));
        } catch (WakeupException e) {
          break;
        } catch (KafkaException e) {
          LOG.error("reading replies failed; retrying", e);
          Thread.sleep(1_000);
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          deliver(record);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      replies.close();
    }
  }

  /** One reply to its waiting call; a reply that cannot be read is skipped, not allowed to stop the others. */
  private void deliver(ConsumerRecord<byte[], byte[]> record) {
    try {
      if (!instanceId.equals(Topics.REPLIES.key(record))) {
        return;
      }
      Reply reply = Topics.REPLIES.value(record);
      CompletableFuture<Object> waiting = pending.remove(reply.getCorrelationId());
      if (waiting != null) {
        Async.EXECUTOR.execute(() -> waiting.complete(reply.getBody()));
      }
    } catch (RuntimeException e) {
      LOG.error("skipping a reply that cannot be read (offset {})", record.offset(), e);
    }
  }

  @PreDestroy
  void close() throws InterruptedException {
    running = false;
    replies.wakeup();
    thread.join(5_000);
    producer.close(Duration.ofSeconds(5));
  }
}
