package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import ai.horde.ingress.HostileRequests.Targets;
import ai.horde.ingress.RawHttp.Request;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance 8 over real HTTP against a whole horde: more than 10,000 malformed and hostile requests
 * ({@link HostileRequests}, from the horde's own OpenAPI document, so every documented operation is covered, and
 * those documented later too) get no 5xx, and every error is JSON {@code {"message", "rc"}}; afterwards the
 * horde still serves an ordinary request, the kudos journal replays to the ledger's live state and the read
 * models catch up (nothing the requests did stopped a projection).
 *
 * <p>The requests are made from a fixed seed ({@code -Dhorde.fuzz.seed=N} for another); a failure prints the
 * seed and the requests that failed, each reproducible with {@link RawHttp}. They are sent by a few callers at
 * once (the machine has 2 cores); the order in which they arrive, and so what the ones that are accepted
 * change, varies between runs, which the assertions do not depend on.
 */
class FuzzSystemTest {
  private static final long SEED = Long.getLong("horde.fuzz.seed", 12_08L);
  private static final int CALLERS = 6;
  /** Failures listed in a line each, and shown in full (request and answer): the output stays bounded. */
  private static final int LISTED = 200;
  private static final int SHOWN = 5;

  @TempDir
  Path data;

  @Test
  void hostileRequestsToEveryOperationGetJsonErrorsAndLeaveTheBooksBalanced() throws Exception {
    try (HordeProcess horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "100")).start()) {
      // Given other users, their keys and things of theirs to point at, and the horde's documented operations
      Targets targets = targets(horde);
      JsonNode document = horde.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + horde.httpPort + "/api/swagger.json")).GET().build()).json();
      List<String> operations = HostileRequests.operations(document);
      List<Request> requests = HostileRequests.of(document, targets, SEED);
      System.out.printf("fuzz: seed %d, %d requests over %d documented operations%n", SEED, requests.size(),
          operations.size());
      assertThat(operations).hasSizeGreaterThan(40);
      assertThat(requests).hasSizeGreaterThanOrEqualTo(10_000);

      // When they are sent
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      long started = System.nanoTime();
      ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
      for (Request request : requests) {
        callers.execute(() -> {
          String failure;
          try {
            RawHttp.Response response = RawHttp.send(horde.httpPort, request);
            statuses.computeIfAbsent(response.status(), status -> new AtomicInteger()).incrementAndGet();
            failure = failure(request, response);
          } catch (Exception e) {
            failure = "no answer (" + e + ")";
          }
          if (failure != null) {
            failures.add(failure.replace('\n', ' ') + " <- " + request.describe());
          }
        });
      }
      callers.shutdown();
      assertThat(callers.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
      System.out.printf("fuzz: sent in %d s, statuses %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
          new TreeMap<>(statuses));

      // Then no request failed the horde, and every error said what was wrong as JSON
      assertThat(failures).as("seed %d: %d of %d requests failed:%n%s%n%nthe first %d in full:%n%s", SEED,
          failures.size(), requests.size(), failures.stream().map(f -> f.substring(0, f.indexOf("\n  ")))
              .limit(LISTED).collect(Collectors.joining("\n")), SHOWN,
          failures.stream().limit(SHOWN).collect(Collectors.joining("\n\n"))).isEmpty();
      // And the horde still serves an ordinary request
      assertThat(horde.put("/status/modes", "{\"invite_only\":false,\"raid\":false}", "apikey", targets.moderator())
          .status()).isEqualTo(200);
      String after = horde.testUser("fuzz-after", 100).get("api_key").asText();
      Response queued = horde.post("/generate/text/async", "{\"prompt\":\"after\",\"models\":[\"fuzz/m\"]}",
          "apikey", after);
      assertThat(queued.status()).as(queued.body()).isEqualTo(202);
      Response status = horde.get("/generate/text/status/" + queued.json().get("id").asText());
      assertThat(status.status()).as(status.body()).isEqualTo(200);
      // And the kudos books replay without drift
      horde.cleanLedgerReplay();
      // And every read model catches up with its topic
      await().atMost(60, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).untilAsserted(() -> {
        JsonNode projections = horde.get("/status/projections").json();
        assertThat(projections).isNotEmpty();
        projections.forEach(projection -> assertThat(projection.get("lag").asLong()).as(projection.toString()).isZero());
      });
    }
  }

  /** What is wrong with the answer to a request, or null. */
  private static String failure(Request request, RawHttp.Response response) {
    if (response.status() >= 500) {
      return "answered " + response.status() + ": " + RawHttp.cut(response.text(), 300);
    }
    if (response.status() < 400 || request.method().equals("HEAD")) {
      return null;
    }
    if (!response.headers().getOrDefault("content-type", "").startsWith("application/json")) {
      return "answered " + response.status() + " as " + response.headers().get("content-type") + ": "
          + RawHttp.cut(response.text(), 300);
    }
    try {
      JsonNode error = HordeProcess.JSON.readTree(response.body());
      if (error.path("message").isTextual() && error.path("rc").isTextual()) {
        return null;
      }
    } catch (Exception notJson) {
      // reported below
    }
    return "answered " + response.status() + " without {message, rc}: " + RawHttp.cut(response.text(), 300);
  }

  /** Three users (one trusted, one a moderator) and the things the trusted one has: requests, a job, a worker. */
  private static Targets targets(HordeProcess horde) throws Exception {
    JsonNode alice = horde.testUser("fuzz-alice", 100_000, true, false);
    JsonNode bob = horde.testUser("fuzz-bob", 1_000);
    JsonNode moderator = horde.testUser("fuzz-mod", 1_000, true, true);
    String key = alice.get("api_key").asText();
    List<String> ids = new ArrayList<>(List.of(alice.get("user_id").asText(), moderator.get("user_id").asText()));
    ids.add(created(horde.post("/generate/text/async", "{\"prompt\":\"fuzz\",\"models\":[\"fuzz/m\"]}", "apikey", key)));
    ids.add(created(horde.post("/generate/text/pop", "{\"name\":\"fuzz-scribe\",\"models\":[\"fuzz/m\"]}",
        "apikey", key)));
    ids.add(created(horde.post("/generate/async", "{\"prompt\":\"fuzz\",\"models\":[\"stable_diffusion\"],\"params\":{\"steps\":10}}", "apikey", key)));
    ids.add(created(horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"caption\"}],\"source_image\":\""
        + Base64.getEncoder().encodeToString(HordeProcess.resource("/image/lossy.webp")) + "\"}", "apikey", key)));
    ids.add(created(horde.post("/teams", "{\"name\":\"fuzz-team\"}", "apikey", key)));
    ids.add(created(horde.put("/sharedkeys", "{\"kudos\":100,\"name\":\"fuzz-key\"}", "apikey", key)));
    String[] worker = new String[1];
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
      Response found = horde.get("/workers/name/fuzz-scribe", "apikey", key);
      assertThat(found.status()).as(found.body()).isEqualTo(200);
      worker[0] = found.json().get("id").asText();
    });
    ids.add(worker[0]);
    String sharedKey = ids.get(ids.size() - 2);
    return new Targets(key, bob.get("api_key").asText(), moderator.get("api_key").asText(), sharedKey, ids,
        List.of(alice.get("username").asText(), "fuzz-scribe", "fuzz-team", "fuzz/m"));
  }

  /** The id of what a call created. */
  private static String created(Response response) throws Exception {
    assertThat(response.status()).as(response.body()).isBetween(200, 202);
    return response.json().get("id").asText();
  }
}
