package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.runtime.ServiceMetrics;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "AI Horde is up" waits for every service's readiness, but not forever: a minute after the API answers, the
 * launcher announces it anyway, after a warning that names the service still not ready.
 */
class LauncherReadinessSystemTest {
  @TempDir
  Path data;

  @Test
  void announcesTheApiAMinuteLateWithAWarningWhenAServiceNeverGetsReady() throws Exception {
    // Given the projections' metrics port held by something that always answers 503
    HttpServer neverReady = HttpServer.create(new InetSocketAddress(0), 0);
    neverReady.createContext("/", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    neverReady.start();
    Map<String, String> env =
        Map.of(ServiceMetrics.portVariable("projections"), Integer.toString(neverReady.getAddress().getPort()));

    // When the horde starts
    try (HordeProcess horde = new HordeProcess(data, env).start()) {
      // Then the API was announced after a warning naming the projections, whose threads were dumped for the log
      List<String> output = horde.output();
      int warning = indexOf(output, "[projections] not ready yet; announcing the API");
      assertThat(warning).as(String.join("\n", output)).isNotNegative().isLessThan(indexOf(output, "AI Horde is up"));
      assertThat(output).anyMatch(line -> line.endsWith("scheduler ready"))
          .anyMatch(line -> line.endsWith("ledger ready")).noneMatch(line -> line.endsWith("projections ready"));
      assertThat(horde.notReadyDumps()).singleElement().asString()
          .startsWith("threads of projections").contains("Full thread dump");
      assertThat(horde.get("/status/heartbeat").status()).isEqualTo(200);
    } finally {
      neverReady.stop(0);
    }
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
