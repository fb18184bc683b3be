package ai.horde.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics and health of a service without an HTTP API (scheduler, ledger, projections): a Prometheus
 * registry with the JVM's meters, served on its own port as {@code GET /metrics} (Prometheus text format) and
 * {@code GET /health} (200 {@code {"status":"UP"}} while the service says it is healthy, else 503 {@code DOWN};
 * down until it says anything) and {@code GET /health/readiness} (the same, while it says it is ready to do its
 * work; as healthy unless it says otherwise). A Kafka Streams service binds its client's metrics to
 * {@link #registry()}, is healthy while the client runs or rebalances and ready while it runs: the launcher
 * announces the horde only once every service is ready.
 *
 * <p>The port is {@code HORDE_<SERVICE>_METRICS_PORT} (default: {@link #port}); {@code 0} turns the endpoint
 * off. A port that cannot be bound is logged and the service runs on without it: metrics must never stop the
 * horde.
 */
public final class ServiceMetrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMetrics.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Map<String, Integer> DEFAULT_PORTS =
      Map.of("scheduler", 7101, "ledger", 7102, "projections", 7103);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpServer server;
  private volatile BooleanSupplier healthy = () -> false;
  private volatile BooleanSupplier ready; // null: as healthy

  private ServiceMetrics(String service, int port) {
    registry.config().commonTags("service", service);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.server = port == 0 ? null : serve(service, port);
  }

  /** Starts the endpoint of {@code service} on its {@link #port}. */
  public static ServiceMetrics start(HordeEnv env, String service) {
    return new ServiceMetrics(service, port(env, service));
  }

  /**
   * Where {@code service} serves its metrics and health: {@code HORDE_<SERVICE>_METRICS_PORT}, else 7101 for the
   * scheduler, 7102 for the ledger, 7103 for the projections, and 0 (none) for any other.
   */
  public static int port(HordeEnv env, String service) {
    return env.getInt(portVariable(service), DEFAULT_PORTS.getOrDefault(service, 0));
  }

  /** What {@code /health} reports from now on. */
  public ServiceMetrics healthWhile(BooleanSupplier healthy) {
    this.healthy = healthy;
    return this;
  }

  /** What {@code /health/readiness} reports from now on (until then: as {@code /health}). */
  public ServiceMetrics readyWhile(BooleanSupplier ready) {
    this.ready = ready;
    return this;
  }

  /** {@code HORDE_SCHEDULER_METRICS_PORT} for {@code scheduler}. */
  public static String portVariable(String service) {
    return "HORDE_" + service.toUpperCase(java.util.Locale.ROOT) + "_METRICS_PORT";
  }

  /** Where the service registers its own meters. */
  public MeterRegistry registry() {
    return registry;
  }

  private HttpServer serve(String service, int port) {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
      http.createContext("/metrics", exchange -> answer(exchange, 200, PROMETHEUS_TEXT, registry.scrape()));
      http.createContext("/health", exchange -> answerHealth(exchange, healthy.getAsBoolean()));
      http.createContext("/health/readiness",
          exchange -> answerHealth(exchange, Objects.requireNonNullElse(ready, healthy).getAsBoolean()));
      http.start();
      LOG.info("{} metrics on http://localhost:{}/metrics", service, port);
      return http;
    } catch (IOException | RuntimeException e) {
      LOG.error("{} metrics cannot listen on port {}; running without them", service, port, e);
      return null;
    }
  }

  private static void answerHealth(HttpExchange exchange, boolean up) throws IOException {
    answer(exchange, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
  }

  private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  /** Stops the endpoint; again is a no-op (a service may close it from its shutdown hook and its main). */
  public synchronized void close() {
    if (registry.isClosed()) {
      return;
    }
    if (server != null) {
      server.stop(0);
    }
    registry.close();
  }
}
