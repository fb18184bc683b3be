package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.infra.EmbeddedKafkaBroker;
import ai.horde.ingress.HordeProcess.Response;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator watches, against the whole horde over real HTTP: the {@code /metrics} of ingress, the
 * scheduler, the ledger and the projections have the series the README names, and {@code /health} follows the broker, down while it is stopped and up again once it is back. The
 * broker is this test's own (the horde pointed at it with {@code KAFKA_BOOTSTRAP_SERVERS}), so it can be stopped
 * and started again on the same port and data.
 */
class OperabilitySystemTest {
  @TempDir
  Path data;

  @Test
  void healthFollowsTheBrokerAndMetricsHaveTheReadmesSeries() throws Exception {
    // Given a broker of the test's own, and the horde on it
    int kafkaPort = freePort();
    int controllerPort = freePort();
    Path kafkaData = data.resolve("own-kafka");
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(kafkaData, kafkaPort, controllerPort);
    try (HordeProcess horde = new HordeProcess(data.resolve("horde"),
        Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers())).start()) {
      await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(health(horde).status()).isEqualTo(200));
      assertThat(health(horde).json().get("status").asText()).isEqualTo("UP");

      // When it is scraped, then the series the README names are there
      horde.get("/status/heartbeat");
      String metrics = root(horde, "/metrics").body();
      assertThat(metrics).contains("horde_ingress_queued_requests", "horde_ingress_online_workers",
          "horde_ingress_views_live 1.0", "http_server_requests_seconds_count", "jvm_memory_used_bytes");

      // And, once a user exists and a request waits, the other services' series are there too
      horde.testUser("operator", 10);
      horde.post("/generate/text/async", "{\"prompt\":\"Hi\",\"models\":[\"ops/model\"]}",
          "apikey", HordeProcess.ANONYMOUS);
      await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        assertThat(root(horde, "/metrics").body()).contains("horde_ingress_waiting_commands{topic=\"horde.account-commands\"}",
            "horde_ingress_command_seconds_count{outcome=\"answered\",topic=\"horde.account-commands\"}");
        assertThat(service(horde, "scheduler", "/metrics").body()).contains(
            "horde_scheduler_waiting_requests{model=\"ops/model\",service=\"scheduler\"} 1.0",
            "horde_scheduler_held_pops", "horde_scheduler_jobs_in_flight", "kafka_stream_thread_process_total",
            "kafka_stream_alive_stream_threads");
        assertThat(service(horde, "ledger", "/metrics").body()).contains(
            "horde_ledger_commands_total{command=\"OpenAccount\",outcome=\"done\",service=\"ledger\"}",
            "horde_ledger_postings_total", "kafka_stream_thread_process_total");
        assertThat(service(horde, "projections", "/metrics").body()).contains(
            "horde_projections_lag{projection=\"accounts\"", "horde_projections_folded_total{projection=\"accounts\"");
      });
      for (String service : horde.metricsPorts.keySet()) {
        assertThat(service(horde, service, "/health").status()).as(service).isEqualTo(200);
      }

      // When the broker stops, then the horde is not ready, and says why
      broker.close();
      await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        Response down = health(horde);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("details").get("kafka").get("status").asText()).isEqualTo("DOWN");
      });

      // When it is back, then the horde is ready again
      EmbeddedKafkaBroker again = new EmbeddedKafkaBroker(kafkaData, kafkaPort, controllerPort);
      try {
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(health(horde).status()).isEqualTo(200));
        assertThat(horde.get("/status/heartbeat").json().get("message").asText()).isEqualTo("OK");
      } finally {
        horde.close();
        again.close();
      }
    }
  }

  private static Response health(HordeProcess horde) throws Exception {
    return root(horde, "/health");
  }

  private static Response service(HordeProcess horde, String service, String path) throws Exception {
    return horde.send(HttpRequest.newBuilder(URI.create("http://localhost:" + horde.metricsPorts.get(service) + path))
        .timeout(Duration.ofSeconds(30)).GET().build());
  }

  private static Response root(HordeProcess horde, String path) throws Exception {
    return horde.send(HttpRequest.newBuilder(URI.create("http://localhost:" + horde.httpPort + path))
        .timeout(Duration.ofSeconds(30)).GET().build());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
