package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rate limits of spec §3.14 over real HTTP, with the test flag that every other system test sets left unset:
 * the text, kudos, user and worker routes trip at their limits with a 429 in the reference's words (and an
 * {@code rc}, and {@code Retry-After}), a per-second limit lets calls through again after its second, and the
 * heartbeat is never limited. That each limit recovers after its window is {@code RateLimitsTest}'s, on a clock
 * it moves.
 */
class RateLimitsSystemTest {
  @TempDir
  static Path data;
  static HordeProcess horde;

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of("HORDE_TEST_RATELIMIT_DISABLED", "false")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  @Test
  void textRequestsTripAtTwoASecondAndPassAgainAfterIt() throws Exception {
    String key = horde.testUser("limited-requester", 100).get("api_key").asText();
    String body = "{\"prompt\":\"Once upon a time\"}";
    // Given two requests in the same second
    assertThat(horde.post("/generate/text/async", body, "apikey", key).status()).isEqualTo(202);
    assertThat(horde.post("/generate/text/async", body, "apikey", key).status()).isEqualTo(202);
    // When a third follows at once
    Response third = horde.post("/generate/text/async", body, "apikey", key);
    // Then it is refused as the reference words it, and told when to come back
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.json().get("message").asText()).isEqualTo("2 per 1 second");
    assertThat(third.json().get("rc").asText()).isEqualTo("TooManyRequests");
    assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
    // (with the headers of every answer, so that a browser page can read it)
    assertThat(third.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(third.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    // And after the second, it passes again
    await().pollDelay(500, TimeUnit.MILLISECONDS).atMost(3, TimeUnit.SECONDS).until(() ->
        horde.post("/generate/text/async", body, "apikey", key).status() == 202);
  }

  @Test
  void aTransferTripsAtOneASecondPerKey() throws Exception {
    String key = horde.testUser("limited-giver", 100).get("api_key").asText();
    String taker = horde.testUser("limited-taker", 0).get("user_id").asText();
    String body = "{\"username\":\"limited-taker#" + taker + "\",\"amount\":1}";
    Response first = horde.post("/kudos/transfer", body, "apikey", key);
    Response second = horde.post("/kudos/transfer", body, "apikey", key);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.json().get("message").asText()).isEqualTo("1 per 1 second");
  }

  @Test
  void aUserTripsAtSixtyAMinuteAndAWorkerAtThirty() throws Exception {
    String user = "/users/" + horde.testUser("limited-user", 0).get("user_id").asText();
    for (int i = 0; i < 60; i++) {
      assertThat(horde.get(user).status()).isEqualTo(200);
    }
    Response user61 = horde.get(user);
    assertThat(user61.status()).isEqualTo(429);
    assertThat(user61.json().get("message").asText()).isEqualTo("60 per 1 minute");
    assertThat(Integer.parseInt(user61.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);

    String worker = "/workers/00000000-0000-0000-0000-000000000000";
    for (int i = 0; i < 30; i++) {
      assertThat(horde.get(worker).status()).isEqualTo(404);
    }
    assertThat(horde.get(worker).json().get("message").asText()).isEqualTo("30 per 1 minute");
  }

  @Test
  void theHeartbeatAndPreflightsAreNeverLimited() throws Exception {
    for (int i = 0; i < 120; i++) {
      assertThat(horde.get("/status/heartbeat").status()).isEqualTo(200);
    }
    for (int i = 0; i < 100; i++) {
      Response preflight = horde.send(HttpRequest.newBuilder(URI.create(horde.baseUrl() + "/status/modes"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
      assertThat(preflight.status()).isEqualTo(200);
    }
  }
}
