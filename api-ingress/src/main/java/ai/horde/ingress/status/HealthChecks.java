package ai.horde.ingress.status;

import ai.horde.ingress.kafka.CommandGateway;
import ai.horde.ingress.views.ViewSync;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.reactivestreams.Publisher;

/**
 * What {@code /health} reports besides the database (Micronaut's own JDBC indicator): ready while the broker
 * answers and the views have caught up with the topics; live while the threads that read the views and the
 * replies run. {@code /health/readiness} and {@code /health/liveness} show each part.
 */
final class HealthChecks {
  private HealthChecks() {}

  private static Publisher<HealthResult> upWhile(String name, boolean up) {
    return Publishers.just(HealthResult.builder(name, up ? HealthStatus.UP : HealthStatus.DOWN).build());
  }

  /** The broker answers a description of the cluster within two seconds. */
  @Singleton
  @Readiness
  @Requires(beans = Admin.class)
  static final class Broker implements HealthIndicator {
    private final Admin admin;

    Broker(Admin admin) {
      this.admin = admin;
    }

    @Override
    public Publisher<HealthResult> getResult() {
      return Publishers.fromCompletableFuture(() -> admin.describeCluster(new DescribeClusterOptions()
              .timeoutMs(2_000)).nodes().toCompletionStage().toCompletableFuture()
          .orTimeout(3, TimeUnit.SECONDS)
          .handle((nodes, error) -> error == null
              ? HealthResult.builder("kafka", HealthStatus.UP).details(Map.of("brokers", nodes.size())).build()
              : HealthResult.builder("kafka", HealthStatus.DOWN).exception(error).build()));
    }
  }

  /** The views read all that was on the topics at start, and are still being fed. */
  @Singleton
  @Readiness
  static final class Views implements HealthIndicator {
    private final ViewSync views;

    Views(ViewSync views) {
      this.views = views;
    }

    @Override
    public Publisher<HealthResult> getResult() {
      return upWhile("views", views.live());
    }
  }

  /** Replies to commands are still being read: without them no pop, submit or change can be answered. */
  @Singleton
  @Liveness
  static final class Replies implements HealthIndicator {
    private final CommandGateway gateway;

    Replies(CommandGateway gateway) {
      this.gateway = gateway;
    }

    @Override
    public Publisher<HealthResult> getResult() {
      return upWhile("replies", gateway.live());
    }
  }
}
