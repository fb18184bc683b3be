package ai.horde.ingress.status;

import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.ViewSync;
import ai.horde.ingress.views.Workers;
import ai.horde.work.WorkKind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;

/**
 * {@code GET /metrics}: this instance's meters in Prometheus' text format. Besides the JVM's and the HTTP
 * server's ({@code http_server_requests_seconds}), the horde as this instance sees it: text requests waiting,
 * online text workers, whether the views are live, and the commands waiting for a decider's reply
 * ({@code horde_ingress_waiting_commands}, by topic: held pops are those of {@code horde.text-pops}) with how long
 * their replies took ({@code horde_ingress_command_seconds}).
 */
@Hidden
@Controller
final class MetricsController {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsController(PrometheusMeterRegistry registry, HordeViews views, ViewSync sync, Clock clock) {
    this.registry = registry;
    bind(registry, views, sync, clock);
  }

  @Get(uri = "/metrics")
  @Produces(PROMETHEUS_TEXT)
  String scrape() {
    return registry.scrape();
  }

  private static void bind(MeterRegistry registry, HordeViews views, ViewSync sync, Clock clock) {
    Gauge.builder("horde.ingress.queued.requests", views, v -> v.statuses(WorkKind.TEXT).queued().size())
        .description("Text requests with jobs waiting for a worker, as this instance's views show them")
        .register(registry);
    Gauge.builder("horde.ingress.online.workers", views, v -> onlineTextWorkers(v, clock.millis()))
        .description("Text workers that checked in within 5 minutes").register(registry);
    Gauge.builder("horde.ingress.views.live", sync, s -> s.live() ? 1 : 0)
        .description("1 while the views have caught up with the topics and are being fed").register(registry);
  }

  private static long onlineTextWorkers(HordeViews views, long now) {
    return views.workers().all().stream()
        .filter(worker -> "text".equals(worker.getKind()) && Workers.online(worker, now)).count();
  }
}
