package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The list and statistics reads over real HTTP against the whole horde, with data made through the API
 * only: test users, workers created by their first pop, text jobs by generations. Workers, teams and
 * statistics come through the projections' read models, so each read is awaited for a projection's lag.
 */
class ReadEndpointsSystemTest {
  private static final Duration PROJECTION_LAG = Duration.ofSeconds(30);
  private static final String KNOWN_MODEL = "koboldcpp/LLaMA2-13B-Psyfighter2";

  @TempDir
  static Path data;
  static HordeProcess horde;

  @BeforeAll
  static void start() throws Exception {
    // Short holds: a pop with nothing to do comes back after 1 s. A short check-in window lets a worker be
    // past its first window (where every pop is published) within the test.
    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "1000", "HORDE_CHECKIN_WINDOW_MS", "2000")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  private static Response pop(String key, String worker, String model, int threads) throws Exception {
    return horde.post("/generate/text/pop", popBody(worker, model, threads), "apikey", key);
  }

  private static String popBody(String worker, String model, int threads) {
    return "{\"name\":\"" + worker + "\",\"models\":[\"" + model + "\"],\"max_length\":512,"
        + "\"max_context_length\":4096,\"threads\":" + threads + ",\"bridge_agent\":\"reads-test:1:none\"}";
  }

  private static String ask(String key, String model, int maxLength) throws Exception {
    String models = model == null ? "[]" : "[\"" + model + "\"]";
    Response accepted = horde.post("/generate/text/async", "{\"prompt\":\"Hello\",\"models\":" + models
        + ",\"params\":{\"max_length\":" + maxLength + ",\"max_context_length\":1024}}", "apikey", key);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    return accepted.json().get("id").asText();
  }

  private static List<String> names(JsonNode workers) {
    List<String> names = new ArrayList<>();
    workers.forEach(worker -> names.add(worker.get("name").asText()));
    return names;
  }

  private static JsonNode line(JsonNode models, String name) {
    for (JsonNode model : models) {
      if (model.get("name").asText().equals(name)) {
        return model;
      }
    }
    return null;
  }

  @Test
  void workersAreListedByTypeAndByNameAndFoundById() throws Exception {
    // Given a worker created by its owner's first pop
    String owner = horde.testUser("reads-owner", 0).get("api_key").asText();
    assertThat(pop(owner, "Reads-Scribe", "reads/list-model", 2).status()).isEqualTo(200);

    // When the text workers are listed, then it is there once the projection folded it
    JsonNode[] listed = new JsonNode[1];
    await().atMost(PROJECTION_LAG).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      Response text = horde.get("/workers?type=text");
      assertThat(text.status()).as(text.body()).isEqualTo(200);
      assertThat(names(text.json())).contains("Reads-Scribe");
      listed[0] = text.json();
    });
    JsonNode worker = null;
    for (JsonNode candidate : listed[0]) {
      if (candidate.get("name").asText().equals("Reads-Scribe")) {
        worker = candidate;
      }
    }
    assertThat(worker.get("type").asText()).isEqualTo("text");
    assertThat(worker.get("online").asBoolean()).isTrue();
    assertThat(worker.get("threads").asInt()).isEqualTo(2);
    assertThat(worker.get("performance").asText()).isEqualTo("1.0 tokens per second");
    assertThat(worker.get("models")).extracting(JsonNode::asText).containsExactly("reads/list-model");
    assertThat(worker.get("max_length").asInt()).isEqualTo(512);
    assertThat(worker.get("max_context_length").asInt()).isEqualTo(4096);
    assertThat(worker.get("bridge_agent").asText()).isEqualTo("reads-test:1:none");
    assertThat(worker.get("team").toString()).isEqualTo("{\"name\":null,\"id\":null}");
    assertThat(worker.has("owner")).isFalse(); // its owner did not make its workers public
    assertThat(worker.has("forms")).isFalse(); // an alchemist's only
    String id = worker.get("id").asText();

    // And by name, case-insensitively, the name winning over the type
    JsonNode byName = horde.get("/workers?name=reads-scribe&type=image").json();
    assertThat(names(byName)).containsExactly("Reads-Scribe");
    // And no image worker nor alchemist exists (alchemists are listed by type once they pop /interrogate/pop)
    assertThat(horde.get("/workers?type=image").json()).isEmpty();
    assertThat(horde.get("/workers?type=interrogation").json()).isEmpty();

    // When it is read by id and by exact name, then the details are the same worker's
    Response single = horde.get("/workers/" + id);
    assertThat(single.status()).as(single.body()).isEqualTo(200);
    assertThat(single.json().get("name").asText()).isEqualTo("Reads-Scribe");
    assertThat(single.json().get("kudos_details").has("uptime")).isTrue();
    Response named = horde.get("/workers/name/Reads-Scribe");
    assertThat(named.status()).as(named.body()).isEqualTo(200);
    assertThat(named.json().get("id").asText()).isEqualTo(id);

    // And a moderator sees the privileged fields, an unknown key is ignored
    Response created = horde.post("/dev/test-user",
        "{\"username\":\"reads-mod\",\"oauth_id\":\"reads-mod\",\"kudos\":0,\"moderator\":true}");
    String moderator = created.json().get("api_key").asText();
    JsonNode privileged = horde.get("/workers/" + id, "apikey", moderator).json();
    assertThat(privileged.get("paused").asBoolean()).isFalse();
    assertThat(privileged.get("owner").asText()).startsWith("reads-owner#");
    Response ignored = horde.get("/workers/" + id, "apikey", "no-such-key");
    assertThat(ignored.status()).isEqualTo(200);
    assertThat(ignored.json().has("paused")).isFalse();
  }

  @Test
  void aWorkersListingFollowsItsPopsWithinASecond() throws Exception {
    String m = "coalesce/M";
    String other = "coalesce/OTHER";
    // Given a worker past its first check-in window, whose last check-in was just now
    String owner = horde.testUser("coalesce-owner", 0).get("api_key").asText();
    pop(owner, "coalesce-worker", m, 1);
    Thread.sleep(2_500); // past the 2 s window of this horde
    pop(owner, "coalesce-worker", m, 1);

    // When it pops [M], [OTHER], [M] within a second (a worker's next pop answers its held one)
    horde.postAsync("/generate/text/pop", popBody("coalesce-worker", m, 1), "apikey", owner);
    Thread.sleep(200); // so that the pops arrive in this order
    horde.postAsync("/generate/text/pop", popBody("coalesce-worker", other, 1), "apikey", owner);
    // Then the change inside the window is not dropped: [OTHER] is listed
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(horde.get("/workers?name=coalesce-worker").json().get(0).get("models"))
            .extracting(JsonNode::asText).containsExactly(other));
    horde.postAsync("/generate/text/pop", popBody("coalesce-worker", m, 1), "apikey", owner);

    // And within a second of the last pop, the worker lists [M] and the models count it on M, not OTHER
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      JsonNode listed = horde.get("/workers?name=coalesce-worker").json();
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("models")).extracting(JsonNode::asText).containsExactly(m);
      JsonNode models = horde.get("/status/models?type=text").json();
      assertThat(line(models, m)).isNotNull();
      assertThat(line(models, other)).isNull();
    });
  }

  @Test
  void anUnknownWorkerIsNotFound() throws Exception {
    String unknown = UUID.randomUUID().toString();
    for (String path : List.of("/workers/" + unknown, "/workers/not-a-uuid", "/workers/name/nobody-here")) {
      Response missing = horde.get(path);
      assertThat(missing.status()).as(path).isEqualTo(404);
      assertThat(missing.json().get("rc").asText()).isEqualTo("WorkerNotFound");
    }
    assertThat(horde.get("/workers/not-a-uuid").json().get("message").asText())
        .isEqualTo("Worker with ID 'not-a-uuid' not found.");
  }

  @Test
  void modelsShowTheThreadsServingThemAndTheWaitingRequestsNamingThem() throws Exception {
    // Given an online worker with 3 threads on a model (its pop found nothing and came back)
    String owner = horde.testUser("models-owner", 0).get("api_key").asText();
    assertThat(pop(owner, "models-worker", KNOWN_MODEL, 3).json().get("id").isNull()).isTrue();
    // And, after it, two requests naming the model and one naming none
    String requester = horde.testUser("models-requester", 1000).get("api_key").asText();
    List<String> ids = List.of(ask(requester, KNOWN_MODEL, 100), ask(requester, KNOWN_MODEL, 150),
        ask(requester, null, 200));

    // When the text models are listed
    Response text = horde.get("/status/models?type=text");

    // Then the model counts the worker's threads, and max_length of the two waiting requests naming it
    assertThat(text.status()).as(text.body()).isEqualTo(200);
    JsonNode model = line(text.json(), KNOWN_MODEL);
    assertThat(model).as(text.body()).isNotNull();
    assertThat(model.get("count").asInt()).isEqualTo(3);
    assertThat(model.get("queued").asDouble()).isEqualTo(250.0);
    assertThat(model.get("jobs").asDouble()).isEqualTo(2.0);
    assertThat(model.get("performance").asDouble()).isEqualTo(1.0);
    assertThat(model.get("eta").asInt()).isEqualTo(83); // int(250 / (3 × 1.0))
    assertThat(model.get("type").asText()).isEqualTo("text");
    // And the one model is found by its (URL-encoded) name
    Response single = horde.get("/status/models/" + URLEncoder.encode(KNOWN_MODEL, StandardCharsets.UTF_8));
    assertThat(single.status()).as(single.body()).isEqualTo(200);
    assertThat(single.json()).hasSize(1);
    assertThat(single.json().get(0).get("queued").asDouble()).isEqualTo(250.0);
    // And the default type (image) has no models, a bad model_state or count is refused
    assertThat(horde.get("/status/models").json()).isEmpty();
    assertThat(line(horde.get("/status/models?type=text&min_count=4").json(), KNOWN_MODEL)).isNull();
    Response badState = horde.get("/status/models?type=text&model_state=some");
    assertThat(badState.status()).isEqualTo(400);
    assertThat(badState.json().get("message").asText()).isEqualTo("'model_state' needs to be one of ['known', 'custom', 'all']");
    Response badCount = horde.get("/status/models?type=text&min_count=many");
    assertThat(badCount.status()).isEqualTo(400);
    assertThat(badCount.json().get("errors").get("min_count").asText()).startsWith("Filter only models that have at least this amount of threads serving.");
    // And the performance totals count the worker and the queue
    JsonNode performance = horde.get("/status/performance").json();
    assertThat(performance.get("text_worker_count").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(performance.get("text_thread_count").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(performance.get("queued_text_requests").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(performance.get("queued_tokens").asDouble()).isGreaterThanOrEqualTo(450.0);
    assertThat(performance.get("queued_requests").asInt()).isZero();
    // And no alchemist nor form: the alchemy topics are read all the same
    assertThat(performance.get("queued_forms").asDouble()).isZero();
    assertThat(performance.get("interrogator_count").asInt()).isZero();
    assertThat(performance.get("interrogator_thread_count").asInt()).isZero();
    ids.forEach(id -> {
      try {
        horde.delete("/generate/text/status/" + id);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void textStatisticsCountDeliveredJobs() throws Exception {
    // Given the totals before
    JsonNode before = horde.get("/stats/text/totals").json();
    long requestsBefore = before.get("total").get("requests").asLong();
    long tokensBefore = before.get("total").get("tokens").asLong();

    // When a job of max_length 120 is generated and delivered
    String owner = horde.testUser("stats-owner", 0).get("api_key").asText();
    String requester = horde.testUser("stats-requester", 1000).get("api_key").asText();
    ask(requester, "reads/stats-model", 120);
    JsonNode job = pop(owner, "stats-worker", "reads/stats-model", 1).json();
    assertThat(job.get("id").isNull()).as(job.toString()).isFalse();
    Response submitted = horde.post("/generate/text/submit",
        "{\"id\":\"" + job.get("id").asText() + "\",\"generation\":\"Hi there\"}", "apikey", owner);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);

    // Then the totals count one more request and its max_length as tokens (quirk Q23), in every period
    await().atMost(PROJECTION_LAG).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      JsonNode after = horde.get("/stats/text/totals").json();
      assertThat(after.get("total").get("requests").asLong()).isEqualTo(requestsBefore + 1);
      assertThat(after.get("total").get("tokens").asLong()).isEqualTo(tokensBefore + 120);
      assertThat(after.get("minute").get("tokens").asLong()).isGreaterThanOrEqualTo(120);
    });
    // And per model
    JsonNode models = horde.get("/stats/text/models").json();
    assertThat(models.get("day").get("reads/stats-model").asLong()).isEqualTo(1);
    assertThat(models.get("month").get("reads/stats-model").asLong()).isEqualTo(1);
    assertThat(models.get("total").get("reads/stats-model").asLong()).isEqualTo(1);
    // And the performance totals' past minute
    assertThat(horde.get("/status/performance").json().get("past_minute_tokens").asDouble())
        .isGreaterThanOrEqualTo(120.0);
    // And the users' records: the owner contributed the job, the requester asked for it (and for the request)
    await().atMost(PROJECTION_LAG).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      JsonNode ownerRecords = horde.get("/find_user", "apikey", owner).json().get("records");
      assertThat(ownerRecords.get("contribution").get("tokens").asLong()).isEqualTo(120);
      assertThat(ownerRecords.get("fulfillment").get("text").asLong()).isEqualTo(1);
      assertThat(ownerRecords.get("fulfillment").get("interrogation").asLong()).isZero();
      JsonNode requesterRecords = horde.get("/find_user", "apikey", requester).json().get("records");
      assertThat(requesterRecords.get("usage").get("tokens").asLong()).isEqualTo(120);
      assertThat(requesterRecords.get("request").get("text").asLong()).isGreaterThanOrEqualTo(1);
    });
  }

  @Test
  void theProjectionLagIsExposed() throws Exception {
    await().atMost(PROJECTION_LAG).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      Response lag = horde.get("/status/projections");
      assertThat(lag.status()).as(lag.body()).isEqualTo(200);
      assertThat(lag.json()).as(lag.body()).isNotEmpty();
      List<String> projections = new ArrayList<>();
      for (JsonNode projection : lag.json()) {
        projections.add(projection.get("name").asText());
        assertThat(projection.get("lag").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(Instant.parse(projection.get("checked_at").asText())).isBefore(Instant.now().plusSeconds(5));
      }
      assertThat(projections).contains("workers", "text-stats");
    });
  }

  @Test
  void teamsAndNewsAnswerWithoutAnyTeam() throws Exception {
    Response teams = horde.get("/teams");
    assertThat(teams.status()).as(teams.body()).isEqualTo(200);
    assertThat(teams.json().isArray()).isTrue();
    for (String id : List.of(UUID.randomUUID().toString(), "not-a-team")) {
      Response missing = horde.get("/teams/" + id);
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.json().get("rc").asText()).isEqualTo("TeamNotFound");
      assertThat(missing.json().get("message").asText()).isEqualTo("Team with ID '" + id + "' not found.");
    }
    JsonNode news = horde.get("/status/news").json();
    assertThat(news).isNotEmpty();
    assertThat(news.get(0).get("date_published").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
  }
}
