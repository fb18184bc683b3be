package ai.horde.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void servesTheRegistryAndTheHealthOnItsPort() throws Exception {
    // Given a service whose health can change
    int port = freePort();
    AtomicBoolean healthy = new AtomicBoolean(true);
    HordeEnv env = HordeEnv.of(Map.of(ServiceMetrics.portVariable("probe"), Integer.toString(port)));
    try (ServiceMetrics metrics = ServiceMetrics.start(env, "probe")) {
      assertThat(get(port, "/health").statusCode()).as("down until told").isEqualTo(503);
      metrics.healthWhile(healthy::get);
      metrics.registry().counter("horde_probe_things").increment(3);

      // When it is scraped, then its own meters and the JVM's are there, tagged with the service
      HttpResponse<String> scrape = get(port, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("horde_probe_things_total{service=\"probe\"} 3.0")
          .contains("jvm_memory_used_bytes");

      // And health follows the supplier
      assertThat(get(port, "/health").statusCode()).isEqualTo(200);
      healthy.set(false);
      HttpResponse<String> down = get(port, "/health");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("DOWN");
    }
  }

  @Test
  void readinessFollowsHealthUntilTheServiceSaysOtherwise() throws Exception {
    // Given a healthy service
    int port = freePort();
    AtomicBoolean ready = new AtomicBoolean(false);
    HordeEnv env = HordeEnv.of(Map.of(ServiceMetrics.portVariable("probe"), Integer.toString(port)));
    try (ServiceMetrics metrics = ServiceMetrics.start(env, "probe")) {
      metrics.healthWhile(() -> true);
      assertThat(get(port, "/health/readiness").statusCode()).as("ready as healthy by default").isEqualTo(200);

      // When it says when it is ready, then readiness follows that, and health stays as it was
      metrics.readyWhile(ready::get);
      assertThat(get(port, "/health/readiness").statusCode()).isEqualTo(503);
      assertThat(get(port, "/health").statusCode()).isEqualTo(200);
      ready.set(true);
      HttpResponse<String> up = get(port, "/health/readiness");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).contains("UP");
    }
  }

  @Test
  void theStreamsServicesHaveTheirOwnDefaultPorts() {
    HordeEnv unset = HordeEnv.of(Map.of());
    assertThat(ServiceMetrics.port(unset, "scheduler")).isEqualTo(7101);
    assertThat(ServiceMetrics.port(unset, "ledger")).isEqualTo(7102);
    assertThat(ServiceMetrics.port(unset, "projections")).isEqualTo(7103);
    assertThat(ServiceMetrics.port(unset, "ingress")).as("serves its own HTTP").isZero();
    assertThat(ServiceMetrics.port(HordeEnv.of(Map.of("HORDE_LEDGER_METRICS_PORT", "9")), "ledger")).isEqualTo(9);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void portZeroServesNothing() {
    HordeEnv env = HordeEnv.of(Map.of(ServiceMetrics.portVariable("probe"), "0"));
    try (ServiceMetrics metrics = ServiceMetrics.start(env, "probe")) {
      assertThat(metrics.registry()).isNotNull();
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
