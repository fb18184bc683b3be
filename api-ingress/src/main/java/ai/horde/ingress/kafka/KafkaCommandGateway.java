package ai.horde.ingress.kafka;

import ai.horde.events.Reply;
import ai.horde.ingress.HordeSettings;
import ai.horde.ingress.http.NulBytes;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CommandGateway} over Kafka: every write is acknowledged by every in-sync replica before its future
 * completes (idempotent producer, {@code acks=all}); replies are read by one thread, started on the
 * application's startup event after positioning at the end of {@code horde.replies}, so that no reply to a
 * command sent once the server answers can be missed. A record carrying a NUL character is refused, not written
 * ({@link NulStrings}).
 *
 * <p>Known gap: a reply that arrives after its command timed out is dropped; for a pop this means a job handed
 * to nobody, which its TTL then returns to the queue.
 */
// Kafka itself: feature tests (environment "test") replace what it feeds.
@Requires(notEnv = Environment.TEST)
@Singleton
final class KafkaCommandGateway implements CommandGateway, ApplicationEventListener<StartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaCommandGateway.class);

  private final String instanceId;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> replies;
  private final Map<String, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
  private final MeterRegistry meters;
  /** Commands waiting for their reply, by topic (a held pop is one of horde.text-pops). */
  private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();
  private final ConsumerLoop loop;

  KafkaCommandGateway(HordeSettings settings, KafkaProducer<byte[], byte[]> producer,
      @Named(KafkaFactory.REPLIES) KafkaConsumer<byte[], byte[]> replies, MeterRegistry meters) {
    this.meters = meters;
    this.instanceId = settings.instanceId();
    this.producer = producer;
    this.replies = replies;
    this.loop = new ConsumerLoop("ingress-replies", replies, Duration.ofMillis(200),
        records -> records.forEach(this::deliver));
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    List<TopicPartition> partitions = TopicPartitions.of(replies, Topics.REPLIES);
    replies.assign(partitions);
    replies.seekToEnd(partitions);
    partitions.forEach(replies::position);
    loop.start();
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public <V> CompletableFuture<Void> send(Topic<String, V> topic, String key, V value) {
    if (NulBytes.in(key) || NulStrings.in(value)) {
      return CompletableFuture.failedFuture(NulBytes.refusal());
    }
    CompletableFuture<Void> sent = new CompletableFuture<>();
    producer.send(topic.record(key, value), (metadata, error) -> Async.EXECUTOR.execute(() -> {
      if (error != null) {
        sent.completeExceptionally(error);
      } else {
        sent.complete(null);
      }
    }));
    return sent;
  }

  @Override
  public <V> CompletableFuture<Object> ask(Topic<String, V> topic, String key, V command, String correlationId,
      Duration timeout) {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    pending.put(correlationId, reply);
    AtomicInteger waitingHere = waiting.computeIfAbsent(topic.name(), name -> meters.gauge(
        "horde.ingress.waiting.commands", Tags.of("topic", name), new AtomicInteger()));
    waitingHere.incrementAndGet();
    Timer.Sample sample = Timer.start(meters);
    send(topic, key, command).whenComplete((sent, error) -> {
      if (error != null) {
        reply.completeExceptionally(error);
      }
    });
    return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((body, error) -> {
      pending.remove(correlationId);
      waitingHere.decrementAndGet();
      sample.stop(meters.timer("horde.ingress.command", "topic", topic.name(),
          "outcome", error == null ? "answered" : error instanceof TimeoutException ? "timeout" : "failed"));
    });
  }

  @Override
  public boolean live() {
    return loop.alive();
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
    loop.close();
  }
}
