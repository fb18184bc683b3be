package ai.horde.scheduler;

import ai.horde.image.ImageModelReference;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.runtime.ParentWatchdog;
import ai.horde.runtime.ServiceMetrics;
import ai.horde.text.ModelReference;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduler of every kind of work (text, image, alchemy): one Kafka Streams application, exactly-once,
 * until SIGTERM, with its metrics (Kafka Streams' own and {@link SchedulerMetrics}) and health on
 * {@link ServiceMetrics#port}.
 */
public final class SchedulerService {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);

  private SchedulerService() {}

  public static void main(String[] args) throws InterruptedException {
    HordeEnv env = HordeEnv.system();
    ParentWatchdog.watch(env);
    SchedulerSettings settings = SchedulerSettings.from(env);
    Properties props = KafkaClients.streams(env, "horde-scheduler", settings.commitIntervalMs());
    // A command processed within the commit interval of the previous commit is committed when the stream thread
    // next looks, which is after its poll: that poll must not outwait the interval (Streams' default is 100 ms).
    props.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(Math.max(1, settings.commitIntervalMs())));
    // One task reads every kind's topics: take whatever arrived rather than wait to interleave them by time.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
    // A record that cannot be decoded is logged and skipped instead of stopping the whole queue.
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    // The global copy of the ledger's balances is processed under the same (default) rules as the task.
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);

    ServiceMetrics metrics = ServiceMetrics.start(env, "scheduler");
    KafkaStreams streams = new KafkaStreams(
        SchedulerTopology.build(settings,
            List.of(new TextRules(settings, ModelReference.load()), new ImageRules(ImageModelReference.load()),
                new AlchemyRules()),
            new SchedulerMetrics(metrics.registry())), props);
    new KafkaStreamsMetrics(streams).bindTo(metrics.registry());
    metrics.healthWhile(() -> streams.state().isRunningOrRebalancing())
        .readyWhile(() -> streams.state() == KafkaStreams.State.RUNNING);
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      LOG.info("scheduler {} -> {}", before, now);
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        stopped.countDown();
      }
    });
    // A failed stream thread is replaced: its task is re-created from the committed state.
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("scheduler thread failed; replacing it", e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(10)));
      metrics.close();
      stopped.countDown();
    }, "scheduler-shutdown"));
    streams.start();
    stopped.await();
    // Its server's thread would keep the JVM alive after the client stopped on its own.
    metrics.close();
  }
}
