package ai.horde.ingress;

import static ai.horde.ingress.HordeProcess.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text loop over real HTTP against the whole horde (embedded broker, PostgreSQL and every service as
 * child processes), as KoboldAI Lite and a worker drive it.
 */
class TextLoopSystemTest {
  @TempDir
  static Path data;
  static HordeProcess horde;

  @BeforeAll
  static void start() throws Exception {
    // Short holds keep the tests quick; a held pop is still answered long before its hold ends.
    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "3000")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  private static String pop(String name, String key, String extra) throws Exception {
    return "{\"name\":\"" + name + "\",\"models\":[\"koboldcpp/LLaMA2-13B-Psyfighter2\"],\"max_length\":512,"
        + "\"max_context_length\":4096,\"bridge_agent\":\"KoboldCppEmbedWorker:2:https://github.com/LostRuins/koboldcpp\""
        + extra + "}";
  }

  private static String request(String prompt, String model, String params) {
    return "{\"prompt\":" + HordeProcess.JSON.valueToTree(prompt) + ",\"models\":[\"" + model + "\"],\"params\":"
        + params + "}";
  }

  @Test
  void theHeartbeatAnswersWithCorsAndNodeHeaders() throws Exception {
    Response heartbeat = horde.get("/status/heartbeat");
    assertThat(heartbeat.status()).isEqualTo(200);
    assertThat(heartbeat.json().get("message").asText()).isEqualTo("OK");
    assertThat(heartbeat.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(heartbeat.headers().firstValue("Horde-Node")).isPresent();
    var preflight = horde.send(horde.request("/generate/text/async")
        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertThat(preflight.status()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("apikey");
  }

  @Test
  void theWalkThroughWorks() throws Exception {
    // Given a worker owner, and the anonymous account's balance
    String owner = horde.testUser("walk-owner", 100, true).get("api_key").asText();
    double ownerBefore = horde.kudos(owner);
    double anonymousBefore = horde.kudos(ANONYMOUS);

    // When anonymous asks for text, with params the worker must receive verbatim (a newer sampler included)
    String params = "{\"max_length\":120,\"max_context_length\":1024,\"temperature\":0.7,\"top_p\":0.92,"
        + "\"rep_pen\":1.08,\"stop_sequence\":[\"\\nYou:\"],\"sampler_order\":[6,0,1,3,4,2,5],\"dry_multiplier\":0.8}";
    Response accepted = horde.post("/generate/text/async", request(" Once upon a time", "koboldcpp/LLaMA2-13B-Psyfighter2", params),
        "apikey", ANONYMOUS,
        "Client-Agent", "walk-through:1:test");
    assertThat(accepted.status()).isEqualTo(202);
    String id = accepted.json().get("id").asText();
    // A status read right after the 202 finds it waiting
    Response waiting = horde.get("/generate/text/status/" + id);
    assertThat(waiting.status()).isEqualTo(200);
    assertThat(waiting.json().get("done").asBoolean()).isFalse();

    // Then the worker's pop gets exactly that job with the params verbatim
    JsonNode job = horde.post("/generate/text/pop", pop("walk-worker", owner, ""), "apikey", owner).json();
    assertThat(job.get("id").asText()).isNotEmpty();
    assertThat(job.get("ids")).hasSize(1);
    assertThat(job.get("ttl").asInt()).isEqualTo(150);
    JsonNode payload = job.get("payload");
    assertThat(payload.get("prompt").asText()).isEqualTo(" Once upon a time");
    assertThat(payload.get("n").asInt()).isEqualTo(1);
    HordeProcess.JSON.readTree(params).fields().forEachRemaining(param ->
        assertThat(payload.get(param.getKey())).as(param.getKey()).isEqualTo(param.getValue()));

    // When it submits a text with leading space, newlines and non-ASCII characters
    String text = " there was a horde 🐉\nof \"volunteers\", ü.";
    Response submitted = horde.post("/generate/text/submit",
        "{\"id\":\"" + job.get("id").asText() + "\",\"generation\":" + HordeProcess.JSON.valueToTree(text) + "}",
        "apikey", owner);
    assertThat(submitted.status()).isEqualTo(200);
    double reward = submitted.json().get("reward").asDouble();
    assertThat(reward).isPositive();

    // Then the status is done with the text byte-identical
    await().atMost(5, TimeUnit.SECONDS).until(() -> horde.get("/generate/text/status/" + id).json().get("done").asBoolean());
    JsonNode done = horde.get("/generate/text/status/" + id).json();
    assertThat(done.get("finished").asInt()).isEqualTo(1);
    assertThat(done.get("is_possible").asBoolean()).isTrue(); // KoboldAI Lite fails a request on false
    assertThat(done.get("generations").get(0).get("text").asText()).isEqualTo(text);
    assertThat(done.get("generations").get(0).get("worker_name").asText()).isEqualTo("walk-worker");
    assertThat(done.get("generations").get(0).get("model").asText()).isEqualTo("koboldcpp/LLaMA2-13B-Psyfighter2");
    // And within a second the owner gained the reward, and anonymous paid it plus the horde tax (1 when the
    // request was accepted, 1 with the job), never below its floor of -50 (spec §4.4, §4.6)
    await().atMost(1, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> {
          assertThat(horde.kudos(owner)).isEqualTo(ownerBefore + reward, org.assertj.core.data.Offset.offset(0.001));
          assertThat(horde.kudos(ANONYMOUS)).isEqualTo(Math.max(anonymousBefore - reward - 2, -50),
              org.assertj.core.data.Offset.offset(0.001));
        });
  }

  @Test
  void aWorkerThatDoesNotFitIsToldWhy() throws Exception {
    String owner = horde.testUser("fit-owner", 0).get("api_key").asText();
    String requester = horde.testUser("fit-requester", 100).get("api_key").asText();
    String id = horde.post("/generate/text/async", request("Hi", "fit/model", "{\"max_length\":400,"
        + "\"max_context_length\":8192}"), "apikey", requester).json().get("id").asText();
    // A worker with max_length 200 and context 4096 is skipped for context first
    JsonNode none = horde.post("/generate/text/pop",
        "{\"name\":\"fit-small\",\"models\":[\"fit/model\"],\"max_length\":200,\"max_context_length\":4096}",
        "apikey", owner).json();
    assertThat(none.get("id").isNull()).isTrue();
    assertThat(none.get("ids")).isEmpty();
    assertThat(none.get("skipped").get("max_context_length").asInt()).isGreaterThanOrEqualTo(1);
    horde.delete("/generate/text/status/" + id);
  }

  @Test
  void threeJobsGoToThreeWorkers() throws Exception {
    String owner = horde.testUser("three-owner", 0).get("api_key").asText();
    String requester = horde.testUser("three-requester", 100).get("api_key").asText();
    horde.post("/generate/text/async",
        "{\"prompt\":\"Hi\",\"models\":[\"three/model\"],\"params\":{\"n\":3,\"max_length\":32}}", "apikey", requester);
    Set<String> jobs = new HashSet<>();
    for (String worker : List.of("three-a", "three-b", "three-c")) {
      JsonNode job = horde.post("/generate/text/pop",
          "{\"name\":\"" + worker + "\",\"models\":[\"three/model\"]}", "apikey", owner).json();
      jobs.add(job.get("id").asText());
    }
    assertThat(jobs).hasSize(3).doesNotContainNull();
  }

  @Test
  void aHeldPopIsAnsweredAsSoonAsARequestArrives() throws Exception {
    String owner = horde.testUser("held-owner", 0).get("api_key").asText();
    String requester = horde.testUser("held-requester", 100).get("api_key").asText();
    // Given a worker waiting with nothing to do
    CompletableFuture<Response> held = horde.postAsync("/generate/text/pop",
        "{\"name\":\"held-worker\",\"models\":[\"held/model\"]}", "apikey", owner);
    Thread.sleep(500); // let the pop reach the scheduler and park
    assertThat(held).isNotDone();
    // When a request for its model is accepted
    Response accepted = horde.post("/generate/text/async", "{\"prompt\":\"Hi\",\"models\":[\"held/model\"]}",
        "apikey", requester);
    long acceptedAt = System.nanoTime();
    // Then the held pop gets it well before its hold ends
    Response job = held.get(10, TimeUnit.SECONDS);
    long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acceptedAt);
    assertThat(job.json().get("payload").get("prompt").asText()).isEqualTo("Hi");
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(afterMs).as("ms from the 202 to the job").isLessThan(1000);
  }

  @Test
  void aDowngradedSharedKeyRequestWaitsBehindItsOwnersNormalOne() throws Exception {
    // Given an owner with 100 kudos and a shared key of theirs with 1 kudo left
    String owner = horde.testUser("downgrade-owner", 100).get("api_key").asText();
    Response key = horde.send(horde.request("/sharedkeys", "apikey", owner).header("Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"kudos\":1}")).build());
    assertThat(key.status()).as(key.body()).isEqualTo(200);
    String shared = key.json().get("id").asText();
    // When the key asks first, for more than it has left, allowing a downgrade; then the owner asks normally
    Response downgraded = horde.post("/generate/text/async", "{\"prompt\":\"cut\",\"models\":[\"downgrade/model\"],"
        + "\"allow_downgrade\":true,\"params\":{\"max_length\":80}}", "apikey", shared);
    assertThat(downgraded.status()).as(downgraded.body()).isEqualTo(202);
    Response normal = horde.post("/generate/text/async", "{\"prompt\":\"whole\",\"models\":[\"downgrade/model\"],"
        + "\"params\":{\"max_length\":80}}", "apikey", owner);
    assertThat(normal.status()).as(normal.body()).isEqualTo(202);
    String cut = downgraded.json().get("id").asText();
    String whole = normal.json().get("id").asText();

    // Then the statuses show the scheduler's order: the later, normal request ahead of the downgraded one
    await().atMost(5, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      int cutPosition = horde.get("/generate/text/status/" + cut).json().get("queue_position").asInt();
      int wholePosition = horde.get("/generate/text/status/" + whole).json().get("queue_position").asInt();
      assertThat(wholePosition).isPositive().isLessThan(cutPosition);
    });
    // And a worker serving the model is handed the normal one first, then the downgraded one
    String workerOwner = horde.testUser("downgrade-worker-owner", 0).get("api_key").asText();
    String pop = "{\"name\":\"downgrade-worker\",\"models\":[\"downgrade/model\"],\"max_length\":512}";
    JsonNode first = horde.post("/generate/text/pop", pop, "apikey", workerOwner).json();
    assertThat(first.get("payload").get("prompt").asText()).isEqualTo("whole");
    JsonNode second = horde.post("/generate/text/pop", pop, "apikey", workerOwner).json();
    assertThat(second.get("payload").get("prompt").asText()).isEqualTo("cut");
  }

  @Test
  void aLongPromptReachesTheWorkerWhole() throws Exception {
    String owner = horde.testUser("long-owner", 0).get("api_key").asText();
    // Given a 2 MB prompt, twice Kafka's default record size
    String prompt = "The horde remembers. ".repeat(100_000);
    Response accepted = horde.post("/generate/text/async", "{\"prompt\":\"" + prompt + "\",\"models\":[\"long/model\"],"
        + "\"params\":{\"max_context_length\":1048576}}", "apikey", ANONYMOUS);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    // Then the worker gets all of it
    JsonNode job = horde.post("/generate/text/pop", "{\"name\":\"long-worker\",\"models\":[\"long/model\"],"
        + "\"max_context_length\":1048576}", "apikey", owner).json();
    assertThat(job.get("payload").get("prompt").asText()).isEqualTo(prompt);
    // And a body past the limit is refused with a JSON error, not a failure
    Response tooLarge = horde.post("/generate/text/async", "{\"prompt\":\"" + "x".repeat(17_000_000) + "\"}",
        "apikey", ANONYMOUS);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().get("rc").asText()).isEqualTo("PayloadTooLarge");
  }

  @Test
  void badInputGetsTheReferenceErrors() throws Exception {
    String owner = horde.testUser("bad-owner", 0).get("api_key").asText();
    String stranger = horde.testUser("bad-stranger", 0).get("api_key").asText();

    assertError(horde.post("/generate/text/async", "{\"prompt\":\"x\"}"), 400, "RequestValidationError");
    assertThat(horde.post("/generate/text/async", "{\"prompt\":\"x\"}").json().get("errors").has("apikey")).isTrue();
    assertError(horde.post("/generate/text/async", "{\"prompt\":\"x\"}", "apikey", "not-a-key"), 401, "InvalidAPIKey");
    assertError(horde.post("/generate/text/async", "{\"prompt\":\"\"}", "apikey", ANONYMOUS), 400, "MissingPrompt");
    Response range = horde.post("/generate/text/async", "{\"prompt\":\"x\",\"params\":{\"n\":21}}", "apikey", ANONYMOUS);
    assertError(range, 400, "RequestValidationError");
    assertThat(range.json().get("errors").get("params.n").asText()).isEqualTo("21 is greater than the maximum of 20");
    assertError(horde.post("/generate/text/async", "{\"prompt\":\"x\",\"params\":{\"max_length\":512,"
        + "\"max_context_length\":256}}", "apikey", ANONYMOUS), 400, "TokenOverflow");
    assertError(horde.post("/generate/text/async", "{\"prompt\": \"x\",", "apikey", ANONYMOUS), 400, "BadRequest");
    assertError(horde.get("/generate/text/status/no-such-request"), 404, "RequestNotFound");
    assertError(horde.get("/no/such/path"), 404, "NotFound");
    assertError(horde.post("/generate/text/pop", pop("bad-anon", ANONYMOUS, ""), "apikey", ANONYMOUS), 403,
        "AnonForbiddenWorker");
    assertError(horde.post("/generate/text/submit", "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"generation\":\"x\"}",
        "apikey", owner), 404, "InvalidJobID");
    assertError(horde.post("/generate/text/submit", "{\"id\":\"x\",\"generation\":\"x\"}", "apikey", "not-a-key"), 401,
        "InvalidAPIKey");

    // A real job: a stranger may not submit it, and its owner only once
    String requester = horde.testUser("bad-requester", 100).get("api_key").asText();
    horde.post("/generate/text/async", "{\"prompt\":\"x\",\"models\":[\"bad/model\"]}", "apikey", requester);
    String job = horde.post("/generate/text/pop", "{\"name\":\"bad-worker\",\"models\":[\"bad/model\"]}",
        "apikey", owner).json().get("id").asText();
    assertError(horde.post("/generate/text/pop", "{\"name\":\"bad-worker\",\"models\":[\"bad/model\"]}",
        "apikey", stranger), 403, "WrongCredentials");
    assertError(horde.post("/generate/text/submit", "{\"id\":\"" + job + "\",\"generation\":\"x\"}", "apikey", stranger),
        403, "WrongCredentials");
    assertThat(horde.post("/generate/text/submit", "{\"id\":\"" + job + "\",\"generation\":\"x\"}", "apikey", owner)
        .status()).isEqualTo(200);
    assertError(horde.post("/generate/text/submit", "{\"id\":\"" + job + "\",\"generation\":\"x\"}", "apikey", owner),
        400, "DuplicateGen");
  }

  private static void assertError(Response response, int status, String rc) throws Exception {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().get("rc").asText()).isEqualTo(rc);
    assertThat(response.json().get("message").asText()).isNotBlank();
  }
}
