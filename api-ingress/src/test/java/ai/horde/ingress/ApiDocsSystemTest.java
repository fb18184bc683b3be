package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API documentation against the whole horde over real HTTP: {@code /api/swagger.json} is a valid OpenAPI
 * document, the Swagger UI is served without a CDN, and every documented operation, called with valid inputs
 * and with a failing one, answers a documented status with a body that matches the documented schema.
 *
 * <p>Adding an endpoint: annotate it (see the controllers, and the records their bodies are) and add its rows to
 * {@link #ROWS}: the operation as documented ({@code "METHOD /documented/path"}), the status the call must
 * answer, and how to make the call. Rows run in order; a row reads what earlier ones answered through
 * {@link Scenario#answer}. The test fails while any documented operation lacks a successful row, or, when it
 * documents a 4xx, a failing one.
 */
class ApiDocsSystemTest {
  @TempDir
  static Path data;
  static HordeProcess horde;

  private static final String MODEL = "docs/test-model";
  private static final String IMAGE_MODEL = "stable_diffusion";
  private static final String DREAMER =
      "AI Horde Worker reGen:9.0.1:https://github.com/Haidra-Org/horde-worker-reGen";
  private static final String BASE = "https://horde.invalid/api/swagger.json";
  private static final String NO_SUCH_ID = "00000000-0000-0000-0000-000000000000";

  /** One call of a documented operation: which operation, the status it must answer, and how to make it. */
  record Row(String operation, int status, Call call) {}

  /** Makes a call, given the scenario so far. */
  interface Call {
    Response send(Scenario s) throws Exception;
  }

  private static Row row(String operation, int status, Call call) {
    return new Row(operation, status, call);
  }

  /**
   * The calls, in the order they run: a small scenario (a user, a request, a pop, a submit, a status, kudos),
   * then the reads of status and statistics, the modes, the users, a shared key, a team, the popped worker (put
   * in the team), and the deletions last.
   */
  static final List<Row> ROWS = List.of(
      row("GET /api/v2/status/heartbeat", 200, s -> s.get("/api/v2/status/heartbeat")),

      row("GET /api/v2/find_user", 200, s -> s.get("/api/v2/find_user", "apikey", s.requester)),
      row("GET /api/v2/find_user", 401, s -> s.get("/api/v2/find_user")),
      row("GET /api/v2/find_user", 404, s -> s.get("/api/v2/find_user", "apikey", "not-a-key")),

      row("POST /api/v2/generate/text/async", 200, s -> s.post("/api/v2/generate/text/async",
          "{\"prompt\":\"Hi\",\"models\":[\"" + MODEL + "\"],\"dry_run\":true}", "apikey", s.requester)),
      row("POST /api/v2/generate/text/async", 202, s -> s.post("/api/v2/generate/text/async",
          "{\"prompt\":\"Once\",\"models\":[\"" + MODEL + "\"],\"params\":{\"max_length\":16,\"top_k\":5}}",
          "apikey", s.requester, "Client-Agent", "docs-test:1:test")),
      row("POST /api/v2/generate/text/async", 400, s -> s.post("/api/v2/generate/text/async",
          "{\"models\":[\"" + MODEL + "\"]}", "apikey", s.requester)),
      row("POST /api/v2/generate/text/async", 401, s -> s.post("/api/v2/generate/text/async",
          "{\"prompt\":\"Hi\"}", "apikey", "not-a-key")),

      row("GET /api/v2/generate/text/status/{id}", 200, s -> s.get("/api/v2/generate/text/status/"
          + s.answer("POST /api/v2/generate/text/async", 202).get("id").asText())),
      row("GET /api/v2/generate/text/status/{id}", 404, s -> s.get(
          "/api/v2/generate/text/status/00000000-0000-0000-0000-000000000000")),

      row("POST /api/v2/generate/text/pop", 200, s -> s.post("/api/v2/generate/text/pop",
          "{\"name\":\"docs-worker\",\"models\":[\"" + MODEL + "\"],\"max_length\":512,\"max_context_length\":4096}",
          "apikey", s.owner)),
      row("POST /api/v2/generate/text/pop", 400, s -> s.post("/api/v2/generate/text/pop",
          "{\"models\":[\"" + MODEL + "\"]}", "apikey", s.owner)),
      row("POST /api/v2/generate/text/pop", 401, s -> s.post("/api/v2/generate/text/pop",
          "{\"name\":\"docs-worker\",\"models\":[\"" + MODEL + "\"]}", "apikey", "not-a-key")),
      row("POST /api/v2/generate/text/pop", 403, s -> s.post("/api/v2/generate/text/pop",
          "{\"name\":\"docs-anonymous\",\"models\":[\"" + MODEL + "\"]}", "apikey", HordeProcess.ANONYMOUS)),

      row("POST /api/v2/generate/text/submit", 200, s -> s.post("/api/v2/generate/text/submit",
          "{\"id\":\"" + s.answer("POST /api/v2/generate/text/pop", 200).get("id").asText()
              + "\",\"generation\":\" upon a time\",\"seed\":7}", "apikey", s.owner)),
      row("POST /api/v2/generate/text/submit", 400, s -> s.post("/api/v2/generate/text/submit",
          "{\"id\":\"00000000-0000-0000-0000-000000000000\"}", "apikey", s.owner)),
      row("POST /api/v2/generate/text/submit", 404, s -> s.post("/api/v2/generate/text/submit",
          "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"generation\":\"x\"}", "apikey", s.owner)),
      // A done request's status carries a generation; a pop with nothing to do answers id null
      row("GET /api/v2/generate/text/status/{id}", 200, s -> {
        String id = s.answer("POST /api/v2/generate/text/async", 202).get("id").asText();
        await().atMost(10, TimeUnit.SECONDS).until(() ->
            s.get("/api/v2/generate/text/status/" + id).json().path("done").asBoolean());
        return s.get("/api/v2/generate/text/status/" + id);
      }),
      row("POST /api/v2/generate/text/pop", 200, s -> s.post("/api/v2/generate/text/pop",
          "{\"name\":\"docs-worker\",\"models\":[\"" + MODEL + "\"]}", "apikey", s.owner)),

      // The image half: a request, a dreamer's pop and submit (its image uploaded to the pop's link), statuses
      row("POST /api/v2/generate/async", 200, s -> s.post("/api/v2/generate/async",
          "{\"prompt\":\"a lighthouse\",\"models\":[\"" + IMAGE_MODEL + "\"],\"dry_run\":true}", "apikey", s.requester)),
      row("POST /api/v2/generate/async", 202, s -> s.post("/api/v2/generate/async",
          "{\"prompt\":\"a lighthouse\",\"models\":[\"" + IMAGE_MODEL + "\"],\"params\":{\"steps\":10}}",
          "apikey", s.requester, "Client-Agent", "docs-test:1:test")),
      row("POST /api/v2/generate/async", 400, s -> s.post("/api/v2/generate/async",
          "{\"prompt\":\"x\",\"params\":{\"width\":100}}", "apikey", s.requester)),
      row("POST /api/v2/generate/async", 401, s -> s.post("/api/v2/generate/async",
          "{\"prompt\":\"x\"}", "apikey", "not-a-key")),
      row("GET /api/v2/generate/check/{id}", 200, s -> s.get("/api/v2/generate/check/"
          + s.answer("POST /api/v2/generate/async", 202).get("id").asText())),
      row("GET /api/v2/generate/check/{id}", 404, s -> s.get("/api/v2/generate/check/" + NO_SUCH_ID)),
      row("POST /api/v2/generate/pop", 200, s -> s.post("/api/v2/generate/pop",
          "{\"name\":\"docs-dreamer\",\"models\":[\"" + IMAGE_MODEL + "\"],\"bridge_agent\":\"" + DREAMER + "\"}",
          "apikey", s.owner)),
      row("POST /api/v2/generate/pop", 400, s -> s.post("/api/v2/generate/pop",
          "{\"name\":\"docs-dreamer\",\"models\":[\"not an image model\"]}", "apikey", s.owner)),
      row("POST /api/v2/generate/pop", 401, s -> s.post("/api/v2/generate/pop",
          "{\"name\":\"docs-dreamer\",\"models\":[\"" + IMAGE_MODEL + "\"]}", "apikey", "not-a-key")),
      row("POST /api/v2/generate/pop", 403, s -> s.post("/api/v2/generate/pop",
          "{\"name\":\"docs-anonymous\",\"models\":[\"" + IMAGE_MODEL + "\"]}", "apikey", HordeProcess.ANONYMOUS)),
      row("POST /api/v2/generate/submit", 200, s -> {
        JsonNode job = s.answer("POST /api/v2/generate/pop", 200);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(job.get("r2_upload").asText()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'R', 'I', 'F', 'F'})).build(),
            HttpResponse.BodyHandlers.discarding());
        return s.post("/api/v2/generate/submit", "{\"id\":\"" + job.get("id").asText()
            + "\",\"generation\":\"R2\",\"seed\":7}", "apikey", s.owner);
      }),
      row("POST /api/v2/generate/submit", 400, s -> s.post("/api/v2/generate/submit",
          "{\"id\":\"" + NO_SUCH_ID + "\",\"generation\":\"R2\"}", "apikey", s.owner)),
      row("POST /api/v2/generate/submit", 404, s -> s.post("/api/v2/generate/submit",
          "{\"id\":\"" + NO_SUCH_ID + "\",\"generation\":\"R2\",\"seed\":1}", "apikey", s.owner)),
      row("GET /api/v2/generate/status/{id}", 200, s -> {
        String id = s.answer("POST /api/v2/generate/async", 202).get("id").asText();
        await().atMost(10, TimeUnit.SECONDS).until(() ->
            s.get("/api/v2/generate/check/" + id).json().path("done").asBoolean());
        return s.get("/api/v2/generate/status/" + id);
      }),
      row("GET /api/v2/generate/status/{id}", 404, s -> s.get("/api/v2/generate/status/" + NO_SUCH_ID)),
      row("POST /api/v2/generate/rate/{id}", 400, s -> s.post("/api/v2/generate/rate/"
          + s.answer("POST /api/v2/generate/async", 202).get("id").asText(), "{\"best\":\"" + NO_SUCH_ID + "\"}")),
      row("POST /api/v2/generate/rate/{id}", 404, s -> s.post("/api/v2/generate/rate/" + NO_SUCH_ID,
          "{\"best\":\"" + NO_SUCH_ID + "\"}")),
      row("POST /api/v2/generate/rate/{id}", 200, s -> {
        // A shared request of one image, generated and rated
        String id = s.post("/api/v2/generate/async", "{\"prompt\":\"rate me\",\"shared\":true,\"models\":[\""
            + IMAGE_MODEL + "\"]}", "apikey", s.requester).json().get("id").asText();
        JsonNode job = s.post("/api/v2/generate/pop", "{\"name\":\"docs-dreamer\",\"models\":[\"" + IMAGE_MODEL
            + "\"],\"bridge_agent\":\"" + DREAMER + "\"}", "apikey", s.owner).json();
        s.post("/api/v2/generate/submit", "{\"id\":\"" + job.get("id").asText() + "\",\"generation\":\"R2\","
            + "\"seed\":7}", "apikey", s.owner);
        await().atMost(10, TimeUnit.SECONDS).until(() ->
            s.get("/api/v2/generate/check/" + id).json().path("done").asBoolean());
        return s.post("/api/v2/generate/rate/" + id, "{\"ratings\":[{\"id\":\"" + job.get("id").asText()
            + "\",\"rating\":8,\"artifacts\":1}]}");
      }),
      row("DELETE /api/v2/generate/status/{id}", 200, s -> s.delete("/api/v2/generate/status/"
          + s.post("/api/v2/generate/async", "{\"prompt\":\"cancel me\",\"models\":[\"" + IMAGE_MODEL + "\"]}",
              "apikey", s.requester).json().get("id").asText())),
      row("DELETE /api/v2/generate/status/{id}", 404, s -> s.delete("/api/v2/generate/status/" + NO_SUCH_ID)),

      row("POST /api/v2/generate/text/async", 202, s -> s.post("/api/v2/generate/text/async",
          "{\"prompt\":\"Cancel me\",\"models\":[\"" + MODEL + "\"],\"params\":{\"max_length\":16}}",
          "apikey", s.requester)),
      row("DELETE /api/v2/generate/text/status/{id}", 200, s -> s.delete("/api/v2/generate/text/status/"
          + s.answer("POST /api/v2/generate/text/async", 202).get("id").asText())),
      row("DELETE /api/v2/generate/text/status/{id}", 404, s -> s.delete(
          "/api/v2/generate/text/status/00000000-0000-0000-0000-000000000000")),

      // The alchemy half: an interrogation of two forms, an alchemist's pop of both (its image uploaded to the
      // post-processor's link), its submits, the statuses, a pop with nothing to do, a cancel
      row("POST /api/v2/interrogate/async", 202, s -> s.post("/api/v2/interrogate/async",
          "{\"forms\":[{\"name\":\"caption\",\"payload\":{\"a\":\"b\"}},{\"name\":\"strip_background\"}],"
              + "\"source_image\":\"" + sourceImage() + "\"}", "apikey", s.requester, "Client-Agent", "docs-test:1:test")),
      row("POST /api/v2/interrogate/async", 400, s -> s.post("/api/v2/interrogate/async",
          "{\"forms\":[{\"name\":\"bogus\"}],\"source_image\":\"x\"}", "apikey", s.requester)),
      row("POST /api/v2/interrogate/async", 401, s -> s.post("/api/v2/interrogate/async",
          "{\"forms\":[{\"name\":\"caption\"}],\"source_image\":\"x\"}", "apikey", "not-a-key")),
      row("GET /api/v2/interrogate/status/{id}", 200, s -> s.get("/api/v2/interrogate/status/"
          + s.answer("POST /api/v2/interrogate/async", 202).get("id").asText())),
      row("GET /api/v2/interrogate/status/{id}", 404, s -> s.get("/api/v2/interrogate/status/" + NO_SUCH_ID)),
      row("POST /api/v2/interrogate/pop", 200, s -> {
        Response pop = null;
        for (int i = 0; i < 5 && (pop == null || pop.json().path("forms").isNull()); i++) {
          pop = s.post("/api/v2/interrogate/pop", "{\"name\":\"docs-alchemist\",\"forms\":[\"caption\","
              + "\"strip_background\"],\"amount\":2}", "apikey", s.owner);
        }
        return pop;
      }),
      row("POST /api/v2/interrogate/pop", 400, s -> s.post("/api/v2/interrogate/pop",
          "{\"name\":\"docs-alchemist\",\"max_tiles\":0}", "apikey", s.owner)),
      row("POST /api/v2/interrogate/pop", 401, s -> s.post("/api/v2/interrogate/pop",
          "{\"name\":\"docs-alchemist\"}", "apikey", "not-a-key")),
      row("POST /api/v2/interrogate/pop", 403, s -> s.post("/api/v2/interrogate/pop",
          "{\"name\":\"docs-anonymous\"}", "apikey", HordeProcess.ANONYMOUS)),
      row("POST /api/v2/interrogate/submit", 200, s -> {
        JsonNode forms = s.answer("POST /api/v2/interrogate/pop", 200).get("forms");
        JsonNode caption = forms.get(0).get("form").asText().equals("caption") ? forms.get(0) : forms.get(1);
        JsonNode strip = forms.get(0).get("form").asText().equals("caption") ? forms.get(1) : forms.get(0);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(strip.get("r2_upload").asText()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'R', 'I', 'F', 'F'})).build(),
            HttpResponse.BodyHandlers.discarding());
        s.post("/api/v2/interrogate/submit", "{\"id\":\"" + strip.get("id").asText()
            + "\",\"result\":{\"strip_background\":\"R2\"}}", "apikey", s.owner);
        return s.post("/api/v2/interrogate/submit", "{\"id\":\"" + caption.get("id").asText()
            + "\",\"result\":{\"caption\":\"a lighthouse\"}}", "apikey", s.owner);
      }),
      row("POST /api/v2/interrogate/submit", 400, s -> s.post("/api/v2/interrogate/submit",
          "{\"id\":\"" + NO_SUCH_ID + "\"}", "apikey", s.owner)),
      row("POST /api/v2/interrogate/submit", 401, s -> s.post("/api/v2/interrogate/submit",
          "{\"id\":\"" + NO_SUCH_ID + "\",\"result\":{}}", "apikey", "not-a-key")),
      row("POST /api/v2/interrogate/submit", 404, s -> s.post("/api/v2/interrogate/submit",
          "{\"id\":\"" + NO_SUCH_ID + "\",\"result\":{\"caption\":\"x\"}}", "apikey", s.owner)),
      // A done interrogation's status carries the results; a pop with nothing to do answers forms null
      row("GET /api/v2/interrogate/status/{id}", 200, s -> {
        String id = s.answer("POST /api/v2/interrogate/async", 202).get("id").asText();
        await().atMost(10, TimeUnit.SECONDS).until(() ->
            "done".equals(s.get("/api/v2/interrogate/status/" + id).json().path("state").asText()));
        return s.get("/api/v2/interrogate/status/" + id);
      }),
      row("POST /api/v2/interrogate/pop", 200, s -> s.post("/api/v2/interrogate/pop",
          "{\"name\":\"docs-alchemist\",\"forms\":[\"caption\"]}", "apikey", s.owner)),
      row("DELETE /api/v2/interrogate/status/{id}", 200, s -> s.delete("/api/v2/interrogate/status/"
          + s.post("/api/v2/interrogate/async", "{\"forms\":[{\"name\":\"nsfw\"}],\"source_image\":\""
              + sourceImage() + "\"}", "apikey", s.requester).json().get("id").asText())),
      row("DELETE /api/v2/interrogate/status/{id}", 404, s -> s.delete("/api/v2/interrogate/status/" + NO_SUCH_ID)),

      row("POST /api/v2/kudos/transfer", 200, s -> s.post("/api/v2/kudos/transfer",
          "{\"username\":\"" + s.ownerAlias + "\",\"amount\":1}", "apikey", s.requester)),
      row("POST /api/v2/kudos/transfer", 400, s -> s.post("/api/v2/kudos/transfer",
          "{\"username\":\"" + s.ownerAlias + "\",\"amount\":\"ten\"}", "apikey", s.requester)),
      row("POST /api/v2/kudos/transfer", 401, s -> s.post("/api/v2/kudos/transfer",
          "{\"username\":\"" + s.ownerAlias + "\",\"amount\":1}", "apikey", "not-a-key")),

      row("POST /api/v2/kudos/award", 200, s -> s.post("/api/v2/kudos/award",
          "{\"username\":\"" + s.ownerAlias + "\",\"amount\":1}", "apikey", s.awarder)),
      row("POST /api/v2/kudos/award", 400, s -> s.post("/api/v2/kudos/award", "{\"amount\":1}",
          "apikey", s.awarder)),
      row("POST /api/v2/kudos/award", 401, s -> s.post("/api/v2/kudos/award",
          "{\"username\":\"" + s.ownerAlias + "\"}", "apikey", "not-a-key")),
      row("POST /api/v2/kudos/award", 403, s -> s.post("/api/v2/kudos/award",
          "{\"username\":\"" + s.ownerAlias + "\",\"amount\":1}", "apikey", s.requester)),

      row("GET /api/v2/kudos/postings", 200, s -> {
        // The journal lags the ledger: wait for the transfer to be listed, so a posting is checked too
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
            s.get("/api/v2/kudos/postings?limit=5", "apikey", s.requester).json().path("postings").size() > 0);
        return s.get("/api/v2/kudos/postings?page=1&limit=5", "apikey", s.requester);
      }),
      row("GET /api/v2/kudos/postings", 400, s -> s.get("/api/v2/kudos/postings?page=abc", "apikey", s.requester)),
      row("GET /api/v2/kudos/postings", 401, s -> s.get("/api/v2/kudos/postings", "apikey", "not-a-key")),
      row("GET /api/v2/kudos/postings", 403, s -> s.get("/api/v2/kudos/postings?user_id=" + s.ownerId,
          "apikey", s.requester)),
      row("GET /api/v2/kudos/postings", 404, s -> s.get("/api/v2/kudos/postings?user_id=999999",
          "apikey", s.moderator)),

      // Status and statistics
      row("GET /api/v2/status/models", 200, s -> s.get("/api/v2/status/models?type=text")),
      row("GET /api/v2/status/models", 400, s -> s.get("/api/v2/status/models?type=text&model_state=bogus")),
      row("GET /api/v2/status/models", 400, s -> s.get("/api/v2/status/models?min_count=many")),
      row("GET /api/v2/status/models/{modelName}", 200, s -> s.get("/api/v2/status/models/unknown-model")),
      row("GET /api/v2/status/performance", 200, s -> s.get("/api/v2/status/performance")),
      row("GET /api/v2/status/news", 200, s -> s.get("/api/v2/status/news")),
      row("GET /api/v2/status/projections", 200, s -> s.get("/api/v2/status/projections")),
      row("GET /api/v2/stats/text/totals", 200, s -> {
        // The statistics lag the jobs: wait for the delivered job, so that the counts are checked too
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
            s.get("/api/v2/stats/text/totals").json().path("total").path("requests").asLong() > 0);
        return s.get("/api/v2/stats/text/totals");
      }),
      row("GET /api/v2/stats/text/models", 200, s -> s.get("/api/v2/stats/text/models")),
      row("GET /api/v2/stats/img/totals", 200, s -> s.get("/api/v2/stats/img/totals")),
      row("GET /api/v2/stats/img/models", 200, s -> s.get("/api/v2/stats/img/models")),

      row("GET /api/v2/status/modes", 200, s -> s.get("/api/v2/status/modes")),
      row("GET /api/v2/status/modes", 200, s -> s.get("/api/v2/status/modes", "apikey", s.moderator)),
      row("GET /api/v2/status/modes", 401, s -> s.get("/api/v2/status/modes", "apikey", "not-a-key")),
      row("GET /api/v2/status/modes", 403, s -> s.get("/api/v2/status/modes", "apikey", s.requester)),
      row("PUT /api/v2/status/modes", 200, s -> s.put("/api/v2/status/modes", "{\"invite_only\":false}",
          "apikey", s.moderator)),
      row("PUT /api/v2/status/modes", 400, s -> s.put("/api/v2/status/modes", "{\"raid\":\"yes\"}",
          "apikey", s.moderator)),
      row("PUT /api/v2/status/modes", 401, s -> s.put("/api/v2/status/modes", "{\"invite_only\":false}",
          "apikey", "not-a-key")),
      row("PUT /api/v2/status/modes", 403, s -> s.put("/api/v2/status/modes", "{\"invite_only\":false}",
          "apikey", s.requester)),

      // Users
      row("GET /api/v2/users", 200, s -> s.get("/api/v2/users?sort=age")),
      row("GET /api/v2/users", 400, s -> s.get("/api/v2/users?page=abc")),
      row("GET /api/v2/users/{id}", 200, s -> s.get("/api/v2/users/" + s.ownerId)),
      row("GET /api/v2/users/{id}", 200, s -> s.get("/api/v2/users/" + s.ownerId, "apikey", s.owner)),
      row("GET /api/v2/users/{id}", 200, s -> s.get("/api/v2/users/" + s.ownerId, "apikey", s.moderator)),
      row("GET /api/v2/users/{id}", 401, s -> s.get("/api/v2/users/" + s.ownerId, "apikey", "not-a-key")),
      row("GET /api/v2/users/{id}", 404, s -> s.get("/api/v2/users/999999")),
      row("PUT /api/v2/users/{id}", 200, s -> s.put("/api/v2/users/" + s.ownerId,
          "{\"contact\":\"owner@example.com\",\"public_workers\":true}", "apikey", s.owner)),
      row("PUT /api/v2/users/{id}", 200, s -> s.put("/api/v2/users/" + s.ownerId,
          "{\"concurrency\":30,\"admin_comment\":\"Documented\"}", "apikey", s.moderator)),
      row("PUT /api/v2/users/{id}", 400, s -> s.put("/api/v2/users/" + s.ownerId, "{\"concurrency\":1000}",
          "apikey", s.moderator)),
      row("PUT /api/v2/users/{id}", 401, s -> s.put("/api/v2/users/" + s.ownerId, "{\"vpn\":true}",
          "apikey", "not-a-key")),
      row("PUT /api/v2/users/{id}", 403, s -> s.put("/api/v2/users/" + s.ownerId, "{\"trusted\":true}",
          "apikey", s.requester)),
      row("PUT /api/v2/users/{id}", 404, s -> s.put("/api/v2/users/999999", "{\"vpn\":true}",
          "apikey", s.moderator)),
      // The owner's details at level 2, now with a contact and an admin comment
      row("GET /api/v2/users/{id}", 200, s -> s.get("/api/v2/users/" + s.ownerId, "apikey", s.moderator)),

      // Shared keys
      row("PUT /api/v2/sharedkeys", 200, s -> s.put("/api/v2/sharedkeys",
          "{\"kudos\":10,\"name\":\"docs key\",\"expiry\":30}", "apikey", s.requester)),
      row("PUT /api/v2/sharedkeys", 200, s -> s.put("/api/v2/sharedkeys", "{}", "apikey", s.owner)),
      row("PUT /api/v2/sharedkeys", 400, s -> s.put("/api/v2/sharedkeys", "{\"kudos\":\"many\"}",
          "apikey", s.requester)),
      row("PUT /api/v2/sharedkeys", 401, s -> s.put("/api/v2/sharedkeys", "{}", "apikey", "not-a-key")),
      row("PUT /api/v2/sharedkeys", 403, s -> s.put("/api/v2/sharedkeys", "{}", "apikey", HordeProcess.ANONYMOUS)),
      row("GET /api/v2/sharedkeys/{id}", 200, s -> s.get("/api/v2/sharedkeys/" + s.sharedKey())),
      row("GET /api/v2/sharedkeys/{id}", 401, s -> s.get("/api/v2/sharedkeys/" + NO_SUCH_ID)),
      row("PATCH /api/v2/sharedkeys/{id}", 200, s -> s.patch("/api/v2/sharedkeys/" + s.sharedKey(),
          "{\"max_text_tokens\":100,\"expiry\":-1}", "apikey", s.requester)),
      row("PATCH /api/v2/sharedkeys/{id}", 400, s -> s.patch("/api/v2/sharedkeys/" + s.sharedKey(), "{}",
          "apikey", s.requester)),
      row("PATCH /api/v2/sharedkeys/{id}", 401, s -> s.patch("/api/v2/sharedkeys/" + s.sharedKey(),
          "{\"name\":\"mine\"}", "apikey", "not-a-key")),
      row("PATCH /api/v2/sharedkeys/{id}", 403, s -> s.patch("/api/v2/sharedkeys/" + s.sharedKey(),
          "{\"name\":\"mine\"}", "apikey", s.owner)),

      // Teams: a trusted moderator creates one
      row("POST /api/v2/teams", 200, s -> s.post("/api/v2/teams",
          "{\"name\":\"Docs Team\",\"info\":\"Documenting things\"}", "apikey", s.moderator)),
      row("POST /api/v2/teams", 400, s -> s.post("/api/v2/teams", "{\"info\":\"No name\"}",
          "apikey", s.moderator)),
      row("POST /api/v2/teams", 401, s -> s.post("/api/v2/teams", "{\"name\":\"Nobody's\"}",
          "apikey", "not-a-key")),
      row("POST /api/v2/teams", 403, s -> s.post("/api/v2/teams", "{\"name\":\"Untrusted\"}",
          "apikey", s.requester)),
      row("GET /api/v2/teams/{id}", 200, s -> {
        // The team reads come from the read models, which lag the registry
        String path = "/api/v2/teams/" + s.team();
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
            s.get(path).status() == 200);
        return s.get(path, "apikey", s.moderator);
      }),
      row("GET /api/v2/teams/{id}", 401, s -> s.get("/api/v2/teams/" + s.team(), "apikey", "not-a-key")),
      row("GET /api/v2/teams/{id}", 403, s -> s.get("/api/v2/teams/" + s.team(), "apikey", s.requester)),
      row("GET /api/v2/teams/{id}", 404, s -> s.get("/api/v2/teams/" + NO_SUCH_ID)),
      row("PATCH /api/v2/teams/{id}", 200, s -> s.patch("/api/v2/teams/" + s.team(),
          "{\"info\":\"Documented things\"}", "apikey", s.moderator)),
      row("PATCH /api/v2/teams/{id}", 400, s -> s.patch("/api/v2/teams/" + s.team(), "{}", "apikey", s.moderator)),
      row("PATCH /api/v2/teams/{id}", 401, s -> s.patch("/api/v2/teams/" + s.team(), "{\"info\":\"Nobody's\"}",
          "apikey", "not-a-key")),
      row("PATCH /api/v2/teams/{id}", 403, s -> s.patch("/api/v2/teams/" + s.team(), "{\"info\":\"Not mine\"}",
          "apikey", s.requester)),
      row("PATCH /api/v2/teams/{id}", 404, s -> s.patch("/api/v2/teams/" + NO_SUCH_ID, "{\"info\":\"None\"}",
          "apikey", s.moderator)),

      // Prompt filters: a moderator's
      row("PUT /api/v2/filters", 200, s -> s.put("/api/v2/filters",
          "{\"regex\":\"docsword\",\"filter_type\":20,\"description\":\"Documented\"}", "apikey", s.moderator)),
      row("PUT /api/v2/filters", 400, s -> s.put("/api/v2/filters", "{\"regex\":\"x\",\"filter_type\":9}",
          "apikey", s.moderator)),
      row("PUT /api/v2/filters", 401, s -> s.put("/api/v2/filters", "{\"regex\":\"x\",\"filter_type\":10}",
          "apikey", "not-a-key")),
      row("PUT /api/v2/filters", 403, s -> s.put("/api/v2/filters", "{\"regex\":\"x\",\"filter_type\":10}",
          "apikey", s.requester)),
      row("GET /api/v2/filters", 200, s -> s.get("/api/v2/filters?filter_type=20", "apikey", s.moderator)),
      row("GET /api/v2/filters", 400, s -> s.get("/api/v2/filters?filter_type=many", "apikey", s.moderator)),
      row("GET /api/v2/filters", 401, s -> s.get("/api/v2/filters", "apikey", "not-a-key")),
      row("GET /api/v2/filters", 403, s -> s.get("/api/v2/filters", "apikey", s.requester)),
      row("POST /api/v2/filters", 200, s -> s.post("/api/v2/filters", "{\"prompt\":\"a docsword\"}",
          "apikey", s.moderator)),
      row("POST /api/v2/filters", 400, s -> s.post("/api/v2/filters", "{}", "apikey", s.moderator)),
      row("POST /api/v2/filters", 401, s -> s.post("/api/v2/filters", "{\"prompt\":\"x\"}", "apikey", "not-a-key")),
      row("POST /api/v2/filters", 403, s -> s.post("/api/v2/filters", "{\"prompt\":\"x\"}", "apikey", s.requester)),
      row("GET /api/v2/filters/regex", 200, s -> s.get("/api/v2/filters/regex", "apikey", s.moderator)),
      row("GET /api/v2/filters/regex", 400, s -> s.get("/api/v2/filters/regex")),
      row("GET /api/v2/filters/regex", 401, s -> s.get("/api/v2/filters/regex", "apikey", "not-a-key")),
      row("GET /api/v2/filters/regex", 403, s -> s.get("/api/v2/filters/regex", "apikey", s.requester)),
      row("GET /api/v2/filters/{filterId}", 200, s -> s.get("/api/v2/filters/" + s.filter(), "apikey", s.moderator)),
      row("GET /api/v2/filters/{filterId}", 400, s -> s.get("/api/v2/filters/" + s.filter())),
      row("GET /api/v2/filters/{filterId}", 401, s -> s.get("/api/v2/filters/" + s.filter(), "apikey", "not-a-key")),
      row("GET /api/v2/filters/{filterId}", 403, s -> s.get("/api/v2/filters/" + s.filter(), "apikey", s.requester)),
      row("GET /api/v2/filters/{filterId}", 404, s -> s.get("/api/v2/filters/999999", "apikey", s.moderator)),
      row("PATCH /api/v2/filters/{filterId}", 200, s -> s.patch("/api/v2/filters/" + s.filter(),
          "{\"description\":\"Documented again\"}", "apikey", s.moderator)),
      row("PATCH /api/v2/filters/{filterId}", 400, s -> s.patch("/api/v2/filters/" + s.filter(), "{}",
          "apikey", s.moderator)),
      row("PATCH /api/v2/filters/{filterId}", 401, s -> s.patch("/api/v2/filters/" + s.filter(),
          "{\"description\":\"x\"}", "apikey", "not-a-key")),
      row("PATCH /api/v2/filters/{filterId}", 403, s -> s.patch("/api/v2/filters/" + s.filter(),
          "{\"description\":\"x\"}", "apikey", s.requester)),
      row("PATCH /api/v2/filters/{filterId}", 404, s -> s.patch("/api/v2/filters/999999",
          "{\"description\":\"x\"}", "apikey", s.moderator)),
      row("DELETE /api/v2/filters/{filterId}", 400, s -> s.delete("/api/v2/filters/" + s.filter())),
      row("DELETE /api/v2/filters/{filterId}", 401, s -> s.delete("/api/v2/filters/" + s.filter(),
          "apikey", "not-a-key")),
      row("DELETE /api/v2/filters/{filterId}", 403, s -> s.delete("/api/v2/filters/" + s.filter(),
          "apikey", s.requester)),
      row("DELETE /api/v2/filters/{filterId}", 404, s -> s.delete("/api/v2/filters/999999", "apikey", s.moderator)),
      row("DELETE /api/v2/filters/{filterId}", 200, s -> s.delete("/api/v2/filters/" + s.filter(),
          "apikey", s.moderator)),

      // IP timeouts: a moderator's, of a documentation address (no call of this test comes from it)
      row("POST /api/v2/operations/ipaddr", 200, s -> s.post("/api/v2/operations/ipaddr",
          "{\"ipaddr\":\"198.51.100.7\",\"hours\":1}", "apikey", s.moderator)),
      row("POST /api/v2/operations/ipaddr", 400, s -> s.post("/api/v2/operations/ipaddr",
          "{\"ipaddr\":\"not-an-address\",\"hours\":1}", "apikey", s.moderator)),
      row("POST /api/v2/operations/ipaddr", 401, s -> s.post("/api/v2/operations/ipaddr",
          "{\"ipaddr\":\"198.51.100.7\",\"hours\":1}", "apikey", "not-a-key")),
      row("POST /api/v2/operations/ipaddr", 403, s -> s.post("/api/v2/operations/ipaddr",
          "{\"ipaddr\":\"198.51.100.7\",\"hours\":1}", "apikey", s.requester)),
      row("GET /api/v2/operations/ipaddr", 200, s -> s.get("/api/v2/operations/ipaddr", "apikey", s.moderator)),
      row("GET /api/v2/operations/ipaddr", 400, s -> s.get("/api/v2/operations/ipaddr")),
      row("GET /api/v2/operations/ipaddr", 401, s -> s.get("/api/v2/operations/ipaddr", "apikey", "not-a-key")),
      row("GET /api/v2/operations/ipaddr", 403, s -> s.get("/api/v2/operations/ipaddr", "apikey", s.requester)),
      row("GET /api/v2/operations/ipaddr/{ipaddr}", 200, s -> s.get("/api/v2/operations/ipaddr/198.51.100.7",
          "apikey", s.moderator)),
      row("GET /api/v2/operations/ipaddr/{ipaddr}", 400, s -> s.get("/api/v2/operations/ipaddr/198.51.100.7")),
      row("GET /api/v2/operations/ipaddr/{ipaddr}", 401, s -> s.get("/api/v2/operations/ipaddr/198.51.100.7",
          "apikey", "not-a-key")),
      row("GET /api/v2/operations/ipaddr/{ipaddr}", 403, s -> s.get("/api/v2/operations/ipaddr/198.51.100.7",
          "apikey", s.requester)),
      row("DELETE /api/v2/operations/ipaddr", 400, s -> s.deleteWithBody("/api/v2/operations/ipaddr", "{}",
          "apikey", s.moderator)),
      row("DELETE /api/v2/operations/ipaddr", 401, s -> s.deleteWithBody("/api/v2/operations/ipaddr",
          "{\"ipaddr\":\"198.51.100.7\"}", "apikey", "not-a-key")),
      row("DELETE /api/v2/operations/ipaddr", 403, s -> s.deleteWithBody("/api/v2/operations/ipaddr",
          "{\"ipaddr\":\"198.51.100.7\"}", "apikey", s.requester)),
      row("DELETE /api/v2/operations/ipaddr", 200, s -> s.deleteWithBody("/api/v2/operations/ipaddr",
          "{\"ipaddr\":\"198.51.100.7\"}", "apikey", s.moderator)),

      // Workers: the pop above created docs-worker, which the read models show a moment later
      row("GET /api/v2/workers/name/{workerName}", 200, s -> {
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
            s.get("/api/v2/workers/name/docs-worker").status() == 200);
        return s.get("/api/v2/workers/name/docs-worker");
      }),
      row("GET /api/v2/workers/name/{workerName}", 404, s -> s.get("/api/v2/workers/name/no-such-worker")),
      row("GET /api/v2/workers", 200, s -> s.get("/api/v2/workers?type=text", "apikey", s.moderator)),
      row("PUT /api/v2/workers/{id}", 200, s -> s.put("/api/v2/workers/" + s.worker(),
          "{\"info\":\"A documented worker\",\"maintenance\":false,\"team\":\"" + s.team() + "\"}",
          "apikey", s.owner)),
      row("PUT /api/v2/workers/{id}", 400, s -> s.put("/api/v2/workers/" + s.worker(), "{\"name\":\"abc\"}",
          "apikey", s.owner)),
      row("PUT /api/v2/workers/{id}", 401, s -> s.put("/api/v2/workers/" + s.worker(), "{\"maintenance\":true}",
          "apikey", "not-a-key")),
      row("PUT /api/v2/workers/{id}", 403, s -> s.put("/api/v2/workers/" + s.worker(), "{\"maintenance\":true}",
          "apikey", s.requester)),
      row("PUT /api/v2/workers/{id}", 404, s -> s.put("/api/v2/workers/" + NO_SUCH_ID, "{\"maintenance\":true}",
          "apikey", s.owner)),
      row("GET /api/v2/workers/{id}", 200, s -> {
        // In its team once the read model has folded the change
        String path = "/api/v2/workers/" + s.worker();
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
            s.get(path).json().path("team").path("id").asText().equals(s.team()));
        return s.get(path, "apikey", s.moderator);
      }),
      row("GET /api/v2/workers/{id}", 200, s -> s.get("/api/v2/workers/" + s.worker())),
      // A worker's address: the test's own calls come from it, so it is timed out only for these few calls
      row("PUT /api/v2/operations/block_worker_ipaddr/{worker_id}", 400, s -> s.put(
          "/api/v2/operations/block_worker_ipaddr/" + s.worker(), "{\"days\":0}", "apikey", s.moderator)),
      row("PUT /api/v2/operations/block_worker_ipaddr/{worker_id}", 401, s -> s.put(
          "/api/v2/operations/block_worker_ipaddr/" + s.worker(), "{\"days\":1}", "apikey", "not-a-key")),
      row("PUT /api/v2/operations/block_worker_ipaddr/{worker_id}", 403, s -> s.put(
          "/api/v2/operations/block_worker_ipaddr/" + s.worker(), "{\"days\":1}", "apikey", s.requester)),
      row("PUT /api/v2/operations/block_worker_ipaddr/{worker_id}", 404, s -> s.put(
          "/api/v2/operations/block_worker_ipaddr/00000000-0000-0000-0000-000000000000", "{\"days\":1}",
          "apikey", s.moderator)),
      row("PUT /api/v2/operations/block_worker_ipaddr/{worker_id}", 200, s -> s.put(
          "/api/v2/operations/block_worker_ipaddr/" + s.worker(), "{\"days\":1}", "apikey", s.moderator)),
      row("DELETE /api/v2/operations/block_worker_ipaddr/{worker_id}", 400, s -> s.delete(
          "/api/v2/operations/block_worker_ipaddr/" + s.worker())),
      row("DELETE /api/v2/operations/block_worker_ipaddr/{worker_id}", 401, s -> s.delete(
          "/api/v2/operations/block_worker_ipaddr/" + s.worker(), "apikey", "not-a-key")),
      row("DELETE /api/v2/operations/block_worker_ipaddr/{worker_id}", 403, s -> s.delete(
          "/api/v2/operations/block_worker_ipaddr/" + s.worker(), "apikey", s.requester)),
      row("DELETE /api/v2/operations/block_worker_ipaddr/{worker_id}", 404, s -> s.delete(
          "/api/v2/operations/block_worker_ipaddr/00000000-0000-0000-0000-000000000000", "apikey", s.moderator)),
      // (released before any other call: the answer comes once the views no longer hold the timeout)
      row("DELETE /api/v2/operations/block_worker_ipaddr/{worker_id}", 200, s -> s.delete(
          "/api/v2/operations/block_worker_ipaddr/" + s.worker(), "apikey", s.moderator)),
      row("GET /api/v2/workers/{id}", 404, s -> s.get("/api/v2/workers/" + NO_SUCH_ID)),

      // Worker messages: the owner's to docs-worker
      row("POST /api/v2/workers/messages", 200, s -> s.post("/api/v2/workers/messages",
          "{\"worker_id\":\"" + s.worker() + "\",\"message\":\"A documented message\",\"expiry\":2}",
          "apikey", s.owner)),
      row("POST /api/v2/workers/messages", 400, s -> s.post("/api/v2/workers/messages", "{\"message\":\"\"}",
          "apikey", s.owner)),
      row("POST /api/v2/workers/messages", 401, s -> s.post("/api/v2/workers/messages", "{\"message\":\"x\"}",
          "apikey", "not-a-key")),
      row("POST /api/v2/workers/messages", 403, s -> s.post("/api/v2/workers/messages",
          "{\"worker_id\":\"" + s.worker() + "\",\"message\":\"Not my worker\"}", "apikey", s.requester)),
      row("POST /api/v2/workers/messages", 404, s -> s.post("/api/v2/workers/messages",
          "{\"worker_id\":\"" + NO_SUCH_ID + "\",\"message\":\"Nobody's worker\"}", "apikey", s.moderator)),
      row("GET /api/v2/workers/messages", 200, s -> s.get("/api/v2/workers/messages", "apikey", s.owner)),
      row("GET /api/v2/workers/messages", 400, s -> s.get("/api/v2/workers/messages?validity=soon",
          "apikey", s.owner)),
      row("GET /api/v2/workers/messages", 401, s -> s.get("/api/v2/workers/messages", "apikey", "not-a-key")),
      row("GET /api/v2/workers/messages", 403, s -> s.get("/api/v2/workers/messages?user_id=" + s.ownerId,
          "apikey", s.requester)),
      row("GET /api/v2/workers/messages/{id}", 200, s -> s.get("/api/v2/workers/messages/" + s.message())),
      row("GET /api/v2/workers/messages/{id}", 404, s -> s.get("/api/v2/workers/messages/" + NO_SUCH_ID)),
      row("GET /api/v2/teams", 200, s -> {
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
            s.get("/api/v2/teams/" + s.team()).json().path("worker_count").asInt() == 1);
        return s.get("/api/v2/teams");
      }),

      // Deletions last
      row("DELETE /api/v2/sharedkeys/{id}", 400, s -> s.delete("/api/v2/sharedkeys/" + s.sharedKey())),
      row("DELETE /api/v2/sharedkeys/{id}", 401, s -> s.delete("/api/v2/sharedkeys/" + s.sharedKey(),
          "apikey", "not-a-key")),
      row("DELETE /api/v2/sharedkeys/{id}", 403, s -> s.delete("/api/v2/sharedkeys/" + s.sharedKey(),
          "apikey", s.owner)),
      row("DELETE /api/v2/sharedkeys/{id}", 200, s -> s.delete("/api/v2/sharedkeys/" + s.sharedKey(),
          "apikey", s.requester)),
      row("DELETE /api/v2/teams/{id}", 400, s -> s.delete("/api/v2/teams/" + s.team())),
      row("DELETE /api/v2/teams/{id}", 401, s -> s.delete("/api/v2/teams/" + s.team(), "apikey", "not-a-key")),
      row("DELETE /api/v2/teams/{id}", 403, s -> s.delete("/api/v2/teams/" + s.team(), "apikey", s.requester)),
      row("DELETE /api/v2/teams/{id}", 404, s -> s.delete("/api/v2/teams/" + NO_SUCH_ID, "apikey", s.moderator)),
      row("DELETE /api/v2/teams/{id}", 200, s -> s.delete("/api/v2/teams/" + s.team(), "apikey", s.moderator)),
      row("DELETE /api/v2/workers/messages/{id}", 400, s -> s.delete("/api/v2/workers/messages/" + s.message())),
      row("DELETE /api/v2/workers/messages/{id}", 401, s -> s.delete("/api/v2/workers/messages/" + s.message(),
          "apikey", "not-a-key")),
      row("DELETE /api/v2/workers/messages/{id}", 403, s -> s.delete("/api/v2/workers/messages/" + s.message(),
          "apikey", s.requester)),
      row("DELETE /api/v2/workers/messages/{id}", 404, s -> s.delete("/api/v2/workers/messages/" + NO_SUCH_ID,
          "apikey", s.owner)),
      row("DELETE /api/v2/workers/messages/{id}", 200, s -> s.delete("/api/v2/workers/messages/" + s.message(),
          "apikey", s.moderator)),
      row("DELETE /api/v2/workers/{id}", 401, s -> s.delete("/api/v2/workers/" + s.worker(),
          "apikey", "not-a-key")),
      row("DELETE /api/v2/workers/{id}", 403, s -> s.delete("/api/v2/workers/" + s.worker(),
          "apikey", s.requester)),
      row("DELETE /api/v2/workers/{id}", 404, s -> s.delete("/api/v2/workers/" + NO_SUCH_ID, "apikey", s.owner)),
      row("DELETE /api/v2/workers/{id}", 200, s -> s.delete("/api/v2/workers/" + s.worker(), "apikey", s.owner)),
      row("DELETE /api/v2/users/{id}", 401, s -> s.delete("/api/v2/users/" + s.ownerId, "apikey", "not-a-key")),
      row("DELETE /api/v2/users/{id}", 403, s -> s.delete("/api/v2/users/" + s.ownerId, "apikey", s.requester)),
      row("DELETE /api/v2/users/{id}", 404, s -> s.delete("/api/v2/users/999999", "apikey", s.requester)),
      row("DELETE /api/v2/users/{id}", 200, s -> {
        // A user of its own, which deletes itself
        JsonNode leaving = horde.testUser("docs-leaving", 0);
        return s.delete("/api/v2/users/" + leaving.get("user_id").asLong(), "apikey",
            leaving.get("api_key").asText());
      }));

  /** A small webp as base64: an interrogation's source image. */
  private static String sourceImage() throws java.io.IOException {
    try (java.io.InputStream in = ApiDocsSystemTest.class.getResourceAsStream("/image/lossy.webp")) {
      return java.util.Base64.getEncoder().encodeToString(in.readAllBytes());
    }
  }

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "2000")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  @Test
  void theDocumentIsAValidOpenApiDocument() throws Exception {
    // When
    Response served = horde.send(HttpRequest.newBuilder(uri("/api/swagger.json")).GET().build());

    // Then
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIParser().readContents(served.body(), null, options);
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
    assertThat(parsed.getOpenAPI().getServers()).singleElement().extracting("url").isEqualTo("/");
    assertThat(parsed.getOpenAPI().getPaths()).containsKey("/api/v2/generate/text/async")
        .doesNotContainKey("/api/v2/dev/test-user").doesNotContainKey("/api/swagger.json");
    // Every body is documented as JSON, with a named schema; every schema has the name of its model
    JsonNode document = served.json();
    assertThat(document.path("components").path("schemas").fieldNames()).toIterable().isNotEmpty()
        .noneMatch(name -> name.contains("."));
    document.path("paths").forEach(path -> path.forEach(operation -> operation.path("responses")
        .forEach(response -> assertThat(response.path("content").fieldNames()).toIterable()
            .containsExactly("application/json"))));
  }

  @Test
  void theSwaggerUiIsServedWithItsOwnScripts() throws Exception {
    // When
    Response page = horde.send(HttpRequest.newBuilder(uri("/api/")).GET().build());

    // Then it loads the document and its scripts from this server, not from a CDN
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("/api/swagger.json").contains("/api/swagger-ui/res/swagger-ui-bundle.js")
        .doesNotContain("https://");
    for (String resource : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css")) {
      Response served = horde.send(HttpRequest.newBuilder(uri("/api/swagger-ui/res/" + resource)).GET().build());
      assertThat(served.status()).as(resource).isEqualTo(200);
      assertThat(served.body()).as(resource).isNotEmpty();
    }
    assertThat(horde.send(HttpRequest.newBuilder(uri("/api/swagger-ui/res/..%2Findex.html")).GET().build())
        .status()).isEqualTo(404);
  }

  @Test
  void everyDocumentedOperationAnswersInTheDocumentedShape() throws Exception {
    // Given the document, and a requester, a worker owner and the awarder (user 1, the first user)
    JsonNode document = horde.send(HttpRequest.newBuilder(uri("/api/swagger.json")).GET().build()).json();
    JsonNode awarder = horde.testUser("docs-awarder", 0);
    // Test users are moderators unless told otherwise
    JsonNode moderator = horde.post("/dev/test-user", "{\"username\":\"docs-mod\",\"oauth_id\":\"docs-mod\"}")
        .json();
    Scenario s = new Scenario(awarder, moderator, horde.testUser("docs-requester", 1000),
        horde.testUser("docs-owner", 0));
    Schemas schemas = new Schemas(document);

    // When every row is called, then each answers its status with a body its schema accepts
    Map<String, Set<Integer>> exercised = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Row row : ROWS) {
      Response response = row.call().send(s);
      String call = row.operation() + " -> " + response.status() + " " + response.body();
      if (response.status() != row.status()) {
        failures.add("expected " + row.status() + ": " + call);
        continue;
      }
      JsonNode responses = operation(document, row.operation()).path("responses");
      if (!responses.has(Integer.toString(row.status()))) {
        failures.add("status not documented: " + call);
        continue;
      }
      for (ValidationMessage error : schemas.check(operation(document, row.operation()), row.status(),
          response.json())) {
        failures.add(error.getMessage() + ": " + call);
      }
      s.answers.put(row.operation() + " " + row.status(), response.json());
      if (s.sharedKey == null && row.operation().equals("PUT /api/v2/sharedkeys") && row.status() == 200) {
        s.sharedKey = response.json().get("id").asText();
      }
      exercised.computeIfAbsent(row.operation(), op -> new TreeSet<>()).add(row.status());
    }
    assertThat(failures).isEmpty();
    // (and the schemas are closed: a field more or less than documented is caught)
    JsonNode user = s.answer("GET /api/v2/find_user", 200);
    JsonNode findUser = operation(document, "GET /api/v2/find_user");
    assertThat(schemas.check(findUser, 200, ((ObjectNode) user.deepCopy()).put("surprise", 1))).isNotEmpty();
    assertThat(schemas.check(findUser, 200, ((ObjectNode) user.deepCopy())
        .without("kudos"))).isNotEmpty();

    // And every documented operation was called successfully, and with a failing input where it can fail
    Map<String, Set<Integer>> documented = documentedOperations(document);
    assertThat(exercised.keySet()).containsExactlyInAnyOrderElementsOf(documented.keySet());
    documented.forEach((operation, statuses) -> {
      Set<Integer> called = exercised.get(operation);
      assertThat(called).as(operation + " called successfully").anyMatch(status -> status < 300);
      if (statuses.stream().anyMatch(status -> status >= 400 && status < 500)) {
        assertThat(called).as(operation + " called with a failing input").anyMatch(status -> status >= 400);
      }
    });
  }

  @Test
  void aTeamShowsItsWorkersAndOnlyToModerators() throws Exception {
    // Given a trusted user's team, and a worker whose owner puts it in that team
    JsonNode lead = horde.post("/dev/test-user", "{\"username\":\"team-lead\",\"oauth_id\":\"team-lead\","
        + "\"moderator\":false,\"trusted\":true}").json();
    JsonNode owner = horde.testUser("team-worker-owner", 0);
    String ownerKey = owner.get("api_key").asText();
    Response created = horde.post("/teams", "{\"name\":\"Readers\",\"info\":\"Reading teams\"}",
        "apikey", lead.get("api_key").asText());
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String teamId = created.json().get("id").asText();
    Response popped = horde.post("/generate/text/pop", "{\"name\":\"team-worker\",\"models\":[\"team/model\"],"
        + "\"max_length\":512,\"max_context_length\":4096}", "apikey", ownerKey);
    assertThat(popped.status()).as(popped.body()).isEqualTo(200);
    await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
        horde.get("/workers/name/team-worker").status() == 200);
    String workerId = horde.get("/workers/name/team-worker").json().get("id").asText();

    // When
    Response joined = horde.send(horde.request("/workers/" + workerId, "apikey", ownerKey)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"team\":\"" + teamId + "\"}")).build());

    // Then the team shows the worker, its model and (text workers add none) no requests nor kudos
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    assertThat(joined.json().get("team").asText()).isEqualTo("Readers");
    await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
        horde.get("/teams/" + teamId).json().path("worker_count").asInt() == 1);
    JsonNode team = horde.get("/teams/" + teamId).json();
    assertThat(team.get("name").asText()).isEqualTo("Readers");
    assertThat(team.get("info").asText()).isEqualTo("Reading teams");
    assertThat(team.get("creator").asText()).isEqualTo(lead.get("alias").asText());
    assertThat(team.get("worker_count").asInt()).isEqualTo(1);
    assertThat(team.get("requests_fulfilled").isIntegralNumber()).isTrue();
    assertThat(team.get("requests_fulfilled").asLong()).isZero();
    assertThat(team.get("kudos").isDouble()).isTrue();
    assertThat(team.get("kudos").asDouble()).isZero();
    assertThat(team.get("workers")).hasSize(1);
    JsonNode member = team.get("workers").get(0);
    assertThat(member.get("type").asText()).isEqualTo("text");
    assertThat(member.get("name").asText()).isEqualTo("team-worker");
    assertThat(member.get("id").asText()).isEqualTo(workerId);
    assertThat(member.get("online").asBoolean()).isTrue();
    assertThat(team.get("models")).hasSize(1);
    assertThat(team.get("models").get(0).get("name").asText()).isEqualTo("team/model");
    assertThat(team.get("models").get(0).get("count").asInt()).isEqualTo(1);
    // and the worker names its team
    JsonNode worker = horde.get("/workers/" + workerId).json();
    assertThat(worker.get("team").get("name").asText()).isEqualTo("Readers");
    assertThat(worker.get("team").get("id").asText()).isEqualTo(teamId);
    // and only a moderator's key may read it
    Response notModerator = horde.get("/teams/" + teamId, "apikey", ownerKey);
    assertThat(notModerator.status()).isEqualTo(403);
    assertThat(notModerator.json().get("rc").asText()).isEqualTo("NotModerator");
    Response unknownKey = horde.get("/teams/" + teamId, "apikey", "not-a-key");
    assertThat(unknownKey.status()).isEqualTo(401);
    assertThat(unknownKey.json().get("rc").asText()).isEqualTo("InvalidAPIKey");
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + horde.httpPort + path);
  }

  /** Every operation of the document, as {@code "METHOD /path"}, with its documented statuses. */
  private static Map<String, Set<Integer>> documentedOperations(JsonNode document) {
    Map<String, Set<Integer>> operations = new TreeMap<>();
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      Set<Integer> statuses = new TreeSet<>();
      op.getValue().path("responses").fieldNames().forEachRemaining(code -> statuses.add(Integer.parseInt(code)));
      operations.put(op.getKey().toUpperCase() + " " + path.getKey(), statuses);
    }));
    return operations;
  }

  private static JsonNode operation(JsonNode document, String operation) {
    String[] parts = operation.split(" ", 2);
    JsonNode found = document.path("paths").path(parts[1]).path(parts[0].toLowerCase());
    assertThat(found.isMissingNode()).as("documented: " + operation).isFalse();
    return found;
  }

  /**
   * The response schemas of the document, as JSON Schema (the OpenAPI 3.0 dialect, {@code nullable}
   * honoured), resolved against the document itself so that {@code $ref}s to its components work.
   */
  private static final class Schemas {
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true)
        .build();
    private final Map<String, JsonSchema> cache = new HashMap<>();

    Schemas(JsonNode document) {
      String text = document.toString();
      factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder
          .metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri())
          .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, text))));
    }

    /** The body checked against the operation's schema for the status, a named one of the document's. */
    Set<ValidationMessage> check(JsonNode operation, int status, JsonNode body) {
      JsonNode schema = operation.path("responses").path(Integer.toString(status)).path("content")
          .path("application/json").path("schema");
      if ("array".equals(schema.path("type").asText())) {
        // A list of a named schema: each item is checked against it
        assertThat(body.isArray()).as("an array answered for " + status).isTrue();
        Set<ValidationMessage> errors = new java.util.LinkedHashSet<>();
        body.forEach(item -> errors.addAll(validate(schema.path("items").path("$ref").asText(), status, item)));
        return errors;
      }
      return validate(schema.path("$ref").asText(), status, body);
    }

    private Set<ValidationMessage> validate(String ref, int status, JsonNode body) {
      assertThat(ref).as("the schema of a " + status + " is a named one").startsWith("#/components/schemas/");
      return cache.computeIfAbsent(ref, r -> factory.getSchema(SchemaLocation.of(BASE + r), config)).validate(body);
    }
  }

  /** What the rows share: the users, and every answer so far by operation and status (the latest). */
  static final class Scenario {
    final String awarder;
    final String moderator;
    final String requester;
    final String owner;
    final String ownerAlias;
    final long ownerId;
    final Map<String, JsonNode> answers = new LinkedHashMap<>();
    String sharedKey;

    Scenario(JsonNode awarder, JsonNode moderator, JsonNode requester, JsonNode owner) {
      this.awarder = awarder.get("api_key").asText();
      this.moderator = moderator.get("api_key").asText();
      this.requester = requester.get("api_key").asText();
      this.owner = owner.get("api_key").asText();
      this.ownerAlias = owner.get("alias").asText();
      this.ownerId = owner.get("user_id").asLong();
    }

    /** The id of the filter the moderator put. */
    String filter() {
      return answer("PUT /api/v2/filters", 200).get("id").asText();
    }

    /** The latest answer of an operation with a status, from an earlier row. */
    JsonNode answer(String operation, int status) {
      JsonNode answer = answers.get(operation + " " + status);
      assertThat(answer).as("an earlier row answered " + operation + " with " + status).isNotNull();
      return answer;
    }

    Response get(String path, String... headers) throws Exception {
      return horde.send(request(path, headers).GET().build());
    }

    Response delete(String path, String... headers) throws Exception {
      return horde.send(request(path, headers).DELETE().build());
    }

    Response post(String path, String body, String... headers) throws Exception {
      return send("POST", path, body, headers);
    }

    Response deleteWithBody(String path, String body, String... headers) throws Exception {
      return send("DELETE", path, body, headers);
    }

    Response put(String path, String body, String... headers) throws Exception {
      return send("PUT", path, body, headers);
    }

    Response patch(String path, String body, String... headers) throws Exception {
      return send("PATCH", path, body, headers);
    }

    private static Response send(String method, String path, String body, String... headers) throws Exception {
      return horde.send(request(path, headers).header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The shared key the requester made (the first {@code PUT /sharedkeys}). */
    String sharedKey() {
      return sharedKey;
    }

    /** The team made by {@code POST /teams}. */
    String team() {
      return answer("POST /api/v2/teams", 200).get("id").asText();
    }

    /** The id of the owner's message to docs-worker, as {@code POST /workers/messages} answered it. */
    String message() {
      return answer("POST /api/v2/workers/messages", 200).get("id").asText();
    }

    /** The id of docs-worker, as {@code GET /workers/name/docs-worker} answered it. */
    String worker() {
      return answer("GET /api/v2/workers/name/{workerName}", 200).get("id").asText();
    }

    private static HttpRequest.Builder request(String path, String... headers) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
      for (int i = 0; i < headers.length; i += 2) {
        builder.header(headers[i], headers[i + 1]);
      }
      return builder;
    }
  }
}
