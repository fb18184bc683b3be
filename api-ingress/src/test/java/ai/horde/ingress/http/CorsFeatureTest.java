package ai.horde.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Browsers from any origin (KoboldAI Lite's https://lite.koboldai.net, a page opened from disk: {@code null})
 * are answered with the reference's CORS headers on every route, preflights included, and every error is JSON.
 */
@MicronautTest(transactional = false)
class CorsFeatureTest extends FeatureTest {
  private static final List<String> ORIGINS = List.of("https://lite.koboldai.net", "null", "http://localhost:8000");

  @Test
  void everyOriginIsAnsweredWithTheReferencesHeaders() {
    for (String origin : ORIGINS) {
      for (Answer answer : List.of(
          api.get("/api/v2/status/heartbeat", "Origin", origin),
          api.post("/api/v2/generate/text/async", "{}", "Origin", origin),
          api.get("/api/v2/no/such/route", "Origin", origin),
          api.get("/", "Origin", origin))) {
        assertThat(answer.status()).as(origin + " " + answer.body()).isNotEqualTo(403);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as(origin).hasValue("*");
        assertThat(answer.headers().firstValue("Horde-Node")).isPresent();
      }
      // Errors, the framework's included, are JSON
      for (Answer error : List.of(
          api.post("/api/v2/generate/text/async", "{}", "Origin", origin),
          api.post("/api/v2/generate/text/async", "{not json", "Origin", origin),
          api.get("/api/v2/no/such/route", "Origin", origin),
          api.delete("/api/v2/status/heartbeat", "Origin", origin))) {
        assertThat(error.status()).as(origin + " " + error.body()).isBetween(400, 499);
        assertThat(error.headers().firstValue("Access-Control-Allow-Origin")).as(origin).hasValue("*");
        assertThat(error.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(error.json().path("message").asText()).as(error.body()).isNotEmpty();
      }
      assertThat(api.get("/api/v2/status/heartbeat", "Origin", origin).json().path("message").asText())
          .isEqualTo("OK");
      assertThat(api.post("/api/v2/generate/text/async", "{}", "Origin", origin).rc()).isEqualTo("RequestValidationError");
      assertThat(api.get("/api/v2/no/such/route", "Origin", origin).rc()).isEqualTo("NotFound");
    }
  }

  @Test
  void aPreflightIsAnsweredForEveryPathAndOrigin() {
    for (String origin : ORIGINS) {
      for (String path : List.of("/api/v2/generate/text/async", "/api/v2/no/such/route", "/register")) {
        Answer preflight = api.send("OPTIONS", path, null, "Origin", origin, "Access-Control-Request-Method",
            "POST", "Access-Control-Request-Headers", "apikey, content-type, client-agent");
        assertThat(preflight.status()).as(origin + " " + path).isEqualTo(200);
        assertThat(preflight.body()).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
            .contains("apikey").contains("Client-Agent").contains("Content-Type");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
      }
    }
  }
}
