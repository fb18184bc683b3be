package ai.horde.ledger;

import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.runtime.ParentWatchdog;
import ai.horde.runtime.ServiceMetrics;
import ai.horde.topics.Topics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger process: runs {@link LedgerTopology} until it is stopped, then leaves the consumer group so that
 * the next start is not stalled by its old membership. Its metrics (Kafka Streams' own and
 * {@link LedgerMetrics}) and health are served on {@link ServiceMetrics#port}.
 *
 * <p>An uncaught exception in the stream thread shuts this client down (SHUTDOWN_CLIENT) and the process
 * exits with status 1. In this topology such an exception is deterministic (an undecodable record, a balance
 * overflow): replacing the thread would re-read the same record from the last commit and fail again, forever
 * and quietly. The aborted exactly-once transaction leaves nothing half-applied, and a dead process is what
 * the launcher and an operator notice. SHUTDOWN_APPLICATION is not used because it would stop healthy
 * instances too.
 */
public final class LedgerService {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerService.class);
  /** Replies (registrations, transfers) and remote legs become visible at a commit: this bounds their latency. */
  static final long COMMIT_INTERVAL_MS = 50;

  private LedgerService() {}

  /** The reference's automatic trust threshold in kudos (spec §4.6); unset or blank: no automatic trust. */
  static final String TRUST_THRESHOLD = "KUDOS_TRUST_THRESHOLD";

  /** {@value #TRUST_THRESHOLD} in centi-kudos, or null when it is not set. */
  static Long trustThresholdCenti(HordeEnv env) {
    String value = env.get(TRUST_THRESHOLD, "").strip();
    return value.isEmpty() ? null : new java.math.BigDecimal(value).movePointRight(2).longValue();
  }

  /**
   * The ledger's Kafka Streams settings: {@link KafkaClients#streams} with its commit interval, and no task idling
   * (every task of this topology reads one partition of one topic, so there is nothing to wait for; Kafka Streams
   * otherwise formats a log message for every record it checks).
   */
  static Properties streamsConfig(HordeEnv env) {
    Properties props = KafkaClients.streams(env, LedgerTopology.APPLICATION_ID, COMMIT_INTERVAL_MS);
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    return props;
  }

  /**
   * How many partitions {@code horde.kudos-commands} has, as the broker says (the registry's count may not be the
   * topic's: TopicBootstrap never changes an existing topic's), so that a task applies at once the legs of the
   * accounts whose commands Kafka places on its own partition. 0, every other user's leg going through transit,
   * if the broker cannot say.
   */
  static int commandPartitions(HordeEnv env) throws InterruptedException {
    String topic = Topics.KUDOS_COMMANDS.name();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
          .partitions().size();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("cannot read how many partitions {} has ({}): every other user's leg goes through transit", topic,
          e.toString());
      return 0;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    HordeEnv env = HordeEnv.system();
    ParentWatchdog.watch(env);
    ServiceMetrics metrics = ServiceMetrics.start(env, "ledger");
    KafkaStreams streams = new KafkaStreams(
        LedgerTopology.build(new LedgerMetrics(metrics.registry()), trustThresholdCenti(env), commandPartitions(env)),
        streamsConfig(env));
    new KafkaStreamsMetrics(streams).bindTo(metrics.registry());
    metrics.healthWhile(() -> streams.state().isRunningOrRebalancing())
        .readyWhile(() -> streams.state() == KafkaStreams.State.RUNNING);

    CountDownLatch stopped = new CountDownLatch(1);
    streams.setStateListener((newState, oldState) -> {
      LOG.info("streams {} -> {}", oldState, newState);
      if (newState == KafkaStreams.State.RUNNING) {
        LOG.info("ledger RUNNING against {}", env.bootstrapServers());
      } else if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
        stopped.countDown();
      }
    });
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; shutting the ledger down", e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(10)));
      metrics.close();
    }, "ledger-shutdown"));

    streams.start();
    stopped.await();
    // Its server's thread would keep the JVM alive after the client stopped on its own.
    metrics.close();
    if (streams.state() == KafkaStreams.State.ERROR) {
      System.exit(1);
    }
  }
}
