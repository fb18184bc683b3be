package ai.horde.ingress.views;

import ai.horde.ingress.kafka.Async;
import ai.horde.ingress.kafka.ConsumerLoop;
import ai.horde.ingress.kafka.KafkaFactory;
import ai.horde.ingress.kafka.TopicPartitions;
import ai.horde.topics.Topic;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link HordeViews} from the topics with one consumer thread, reading every topic from its beginning
 * (read_committed). Started on the application's startup event, which it holds until the views have read all
 * that was there, so the server answers only from caught-up views.
 *
 * <p>{@link #caughtUp} asks the broker for the ends of the topics (read_committed) and completes once the
 * consumer's positions pass them: every write acknowledged before the call is then in the views, whichever
 * instance made it.
 */
// Kafka itself: feature tests (environment "test") replace what it feeds.
@Requires(notEnv = Environment.TEST)
@Singleton
final class ViewFeed implements ViewSync, ApplicationEventListener<StartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(ViewFeed.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  /** Expired requests are swept this often, not after every poll: a sweep looks at every live request. */
  private static final long SWEEP_EVERY_MS = 1_000;

  private final HordeViews views;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Admin admin;
  private final Clock clock;
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final List<CatchUp> waiting = new CopyOnWriteArrayList<>();
  private final ConsumerLoop loop;
  private volatile List<TopicPartition> partitions = List.of();
  private volatile boolean live;
  private long sweptAt;

  private record CatchUp(Map<TopicPartition, Long> targets, CompletableFuture<Void> done) {}

  ViewFeed(HordeViews views, @Named(KafkaFactory.VIEWS) KafkaConsumer<byte[], byte[]> consumer, Admin admin, Clock clock) {
    this.views = views;
    this.consumer = consumer;
    this.admin = admin;
    this.clock = clock;
    this.loop = new ConsumerLoop("ingress-views", consumer, Duration.ofMillis(100), this::fold);
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    List<TopicPartition> assigned = new ArrayList<>();
    for (Topic<String, ?> topic : HordeViews.TOPICS) {
      assigned.addAll(TopicPartitions.of(consumer, topic));
    }
    partitions = List.copyOf(assigned);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    loop.start();
    long started = System.nanoTime();
    caughtUp(HordeViews.TOPICS, START_TIMEOUT).join();
    live = true;
    LOG.info("views read the topics in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  @Override
  public boolean live() {
    return live && loop.alive();
  }

  @Override
  public CompletableFuture<Void> caughtUp(List<Topic<String, ?>> topics, Duration timeout) {
    List<String> names = topics.stream().map(Topic::name).toList();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.stream().filter(p -> names.contains(p.topic())).forEach(p -> latest.put(p, OffsetSpec.latest()));
    CompletableFuture<Void> done = new CompletableFuture<>();
    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().whenComplete((ends, error) -> {
      if (error != null) {
        Async.EXECUTOR.execute(() -> done.completeExceptionally(error));
        return;
      }
      Map<TopicPartition, Long> targets = new HashMap<>();
      ends.forEach((partition, end) -> targets.put(partition, end.offset()));
      CatchUp catchUp = new CatchUp(targets, done);
      waiting.add(catchUp);
      check(catchUp);
    });
    return done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ok, error) -> waiting.removeIf(c -> c.done() == done));
  }

  /** Folds one poll, then completes the catch-ups it reached (on the loop's thread). */
  private void fold(ConsumerRecords<byte[], byte[]> records) {
    long now = clock.millis();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      fold(record, now);
    }
    for (TopicPartition partition : partitions) {
      positions.put(partition, consumer.position(partition));
    }
    waiting.forEach(this::check);
    if (now - sweptAt >= SWEEP_EVERY_MS) {
      sweptAt = now;
      views.forgetExpired(now);
    }
  }

  /** A record that cannot be read is logged and skipped rather than allowed to stop every view. */
  private void fold(ConsumerRecord<byte[], byte[]> record, long now) {
    try {
      views.fold(record, now);
    } catch (RuntimeException e) {
      LOG.error("skipping a record of {} that cannot be read (offset {})", record.topic(), record.offset(), e);
    }
  }

  private void check(CatchUp catchUp) {
    boolean reached = catchUp.targets().entrySet().stream()
        .allMatch(target -> positions.getOrDefault(target.getKey(), 0L) >= target.getValue());
    if (reached && !catchUp.done().isDone()) {
      Async.EXECUTOR.execute(() -> catchUp.done().complete(null));
    }
  }

  @PreDestroy
  void close() throws InterruptedException {
    loop.close();
  }
}
