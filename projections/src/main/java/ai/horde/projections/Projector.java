package ai.horde.projections;

import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.ServiceMetrics;
import ai.horde.topics.Topic;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ModelProjector} per {@link ReadModel}, and every few seconds writes how far behind each
 * is to {@code projection_status} (outside the fold transactions; its {@code checked_at} is the clock's,
 * the only clock time in the read models' database).
 *
 * <p>Serves the service's metrics and health on {@link ServiceMetrics#port}: per projection the records folded
 * ({@code horde.projections.folded}), the lag as last checked ({@code horde.projections.lag}) and the polls
 * given up to another writer ({@code horde.projections.fenced}); healthy while every projector runs and the
 * last check reached both Kafka and the database.
 *
 * <p>The status is written by a timer of its own rather than Micronaut's {@code @Scheduled}, which would
 * create the bean again (and start its projectors) if it fired while the context closes.
 *
 * <p>Known gap: the lag of a compacted topic counts the offsets between the stored one and the end, some of
 * which compaction may have removed: an upper bound.
 */
@Context
final class Projector {
  private static final Logger LOG = LoggerFactory.getLogger(Projector.class);

  private final Transactor transactor;
  private final ServiceMetrics metrics;
  private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
  private volatile boolean checked = true;
  private final List<ModelProjector> projectors;
  private final Admin admin;
  private final Duration statusInterval;
  private final ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "projection-status");
    thread.setDaemon(true);
    return thread;
  });

  Projector(TransactionOperations<Connection> transactions,
      @Value("${projections.status-interval:5s}") Duration statusInterval) {
    this.statusInterval = statusInterval;
    HordeEnv env = HordeEnv.system();
    this.transactor = Transactor.of(transactions);
    this.projectors = Arrays.stream(ReadModel.values()).map(m -> new ModelProjector(m, transactor, env)).toList();
    this.admin = Admin.create(Map.of("bootstrap.servers", env.bootstrapServers(), "client.id", "projections-lag"));
    this.metrics = ServiceMetrics.start(env, "projections")
        .healthWhile(() -> checked && projectors.stream().allMatch(ModelProjector::running));
    for (ModelProjector projector : projectors) {
      String projection = projector.model().projection();
      MeterRegistry registry = metrics.registry();
      FunctionCounter.builder("horde.projections.folded", projector, ModelProjector::folded).tag("projection", projection)
          .description("records folded into the read model").register(registry);
      FunctionCounter.builder("horde.projections.fenced", projector, ModelProjector::fenced)
          .tag("projection", projection).description("polls given up to another writer").register(registry);
      // Not a number until the first check: a lag of 0 would claim a caught-up projection.
      Gauge.builder("horde.projections.lag", lags.computeIfAbsent(projection, p -> new AtomicLong(-1)),
              lag -> lag.get() < 0 ? Double.NaN : lag.get())
          .tag("projection", projection).description("records not folded yet, as last checked").register(registry);
    }
  }

  @PostConstruct
  void start() {
    projectors.forEach(ModelProjector::start);
    status.scheduleWithFixedDelay(this::writeStatus, statusInterval.toMillis(), statusInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() throws InterruptedException {
    status.shutdownNow();
    status.awaitTermination(10, TimeUnit.SECONDS);
    for (ModelProjector projector : projectors) {
      projector.stop();
    }
    admin.close();
    metrics.close();
  }

  /**
   * Records the model has not folded yet, summed over its partitions: from its stored offset, or from the
   * start of the log for a partition it has none for, to the last stable offset (the furthest a
   * read_committed consumer can get).
   */
  long lag(ReadModel model) throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, Long> done = transactor.inTransaction(store -> store.offsets(model.projection()));
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    List<String> topics = model.topics().stream().map(Topic::name).toList();
    for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
      topic.partitions().forEach(p -> {
        TopicPartition partition = new TopicPartition(topic.name(), p.partition());
        latest.put(partition, OffsetSpec.latest());
        earliest.put(partition, OffsetSpec.earliest());
      });
    }
    ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        admin.listOffsets(latest, committed).all().get(10, TimeUnit.SECONDS);
    Map<TopicPartition, ListOffsetsResultInfo> starts =
        admin.listOffsets(earliest, committed).all().get(10, TimeUnit.SECONDS);
    long lag = 0;
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
      long from = Math.max(done.getOrDefault(end.getKey(), 0L), starts.get(end.getKey()).offset());
      lag += Math.max(0, end.getValue().offset() - from);
    }
    return lag;
  }

  /** Writes every model's lag, each in a transaction of its own; a model whose lag cannot be had is skipped. */
  void writeStatus() {
    boolean all = true;
    for (ModelProjector projector : projectors) {
      String projection = projector.model().projection();
      try {
        long lag = lag(projector.model());
        Instant checkedAt = Instant.now();
        transactor.inTransaction(store -> {
          store.putStatus(projection, lag, checkedAt);
          return null;
        });
        lags.get(projection).set(lag);
        LOG.debug("projection {} is {} records behind", projection, lag);
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        all = false;
        LOG.warn("could not check the lag of projection {}: {}", projection, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    checked = all;
  }
}
