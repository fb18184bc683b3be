package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alchemy loop over real HTTP against the whole horde, as a frontend and scripted alchemists drive it: an
 * interrogation's forms are queued one by one, alchemists pop them (one pop may take several), a post-processor
 * PUTs its image to the pop's upload link and submits {@code R2}, and the requester reads each form's result
 * (the image as a download link); the npm client drives the same loop unchanged. Each test asks for forms of its
 * own, so that the tests' forms do not meet.
 */
class AlchemyLoopSystemTest {
  private static final String ALCHEMIST = "AI Horde Worker reGen:9.0.1:https://github.com/Haidra-Org/horde-worker-reGen";

  @TempDir
  static Path data;
  static HordeProcess horde;
  static HttpServer images;
  static byte[] webp;
  static byte[] otherWebp;

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "2000")).start();
    webp = HordeProcess.resource("/image/lossy.webp");
    otherWebp = HordeProcess.resource("/image/lossless_alpha.webp");
    // Source images by URL: the small webp, and an image of 256 tiles (131072 × 1 pixels: tiny, but too wide)
    ByteArrayOutputStream wide = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(512 * 256, 1, BufferedImage.TYPE_INT_RGB), "png", wide);
    Map<String, byte[]> served = Map.of("/small.webp", webp, "/wide.png", wide.toByteArray());
    images = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    images.createContext("/", exchange -> {
      byte[] body = served.get(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    images.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (images != null) {
      images.stop(0);
    }
    if (horde != null) {
      horde.close();
    }
  }

  private static String url(String path) {
    return "http://localhost:" + images.getAddress().getPort() + path;
  }

  /** An alchemist's pop, repeated until it gets forms (a pop may come before the forms are in the queue). */
  private static JsonNode popUntilForms(String body, String key) throws Exception {
    JsonNode pop = null;
    for (int i = 0; i < 5 && (pop == null || pop.get("forms").isNull()); i++) {
      Response response = horde.post("/interrogate/pop", body, "apikey", key);
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      pop = response.json();
    }
    return pop;
  }

  private static String pop(String name, String forms, String extra) {
    return "{\"name\":\"" + name + "\",\"forms\":[" + forms + "],\"bridge_agent\":\"" + ALCHEMIST + "\"" + extra
        + "}";
  }

  private static JsonNode status(String id) throws Exception {
    Response status = horde.get("/interrogate/status/" + id);
    assertThat(status.status()).as(status.body()).isEqualTo(200);
    return status.json();
  }

  private static List<String> states(JsonNode status) {
    List<String> states = new ArrayList<>();
    status.get("forms").forEach(form -> states.add(form.get("state").asText()));
    return states;
  }

  @Test
  void twoAlchemistsServeTheFormsAndTheRequesterReadsTheirResults() throws Exception {
    String owner = horde.testUser("alchemy-owner", 0).get("api_key").asText();
    String requester = horde.testUser("alchemy-requester", 100).get("api_key").asText();
    double requesterBefore = horde.kudos(requester);

    // A request of three forms (a repeated one is ignored), the source image inline
    Response accepted = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"caption\",\"payload\":{\"n\":3}},"
        + "{\"name\":\"nsfw\"},{\"name\":\"RealESRGAN_x4plus\"},{\"name\":\"caption\"}],\"source_image\":\""
        + Base64.getEncoder().encodeToString(webp) + "\"}", "apikey", requester, "Client-Agent", "alchemy:1:test");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.json().fieldNames()).toIterable().containsExactly("id");
    String id = accepted.json().get("id").asText();
    JsonNode waiting = status(id);
    assertThat(waiting.get("state").asText()).isEqualTo("waiting");
    assertThat(waiting.get("forms").findValuesAsText("form")).containsExactly("caption", "nsfw", "RealESRGAN_x4plus");
    assertThat(states(waiting)).containsOnly("waiting");
    assertThat(waiting.get("forms").get(0).has("result")).isFalse();

    // One alchemist takes two forms at once, with the source image as a link and the payload as the reference
    // hands it out (its values as strings)
    JsonNode first = popUntilForms(pop("alchemist-a", "\"caption\",\"nsfw\"", ",\"amount\":2"), owner);
    assertThat(first.get("forms")).as(first.toString()).hasSize(2);
    assertThat(first.get("skipped").isEmpty()).isTrue();
    // (forms of the same age come in no particular order)
    assertThat(first.get("forms").findValuesAsText("form")).containsExactlyInAnyOrder("caption", "nsfw");
    boolean captionFirst = "caption".equals(first.get("forms").get(0).get("form").asText());
    JsonNode caption = first.get("forms").get(captionFirst ? 0 : 1);
    JsonNode nsfw = first.get("forms").get(captionFirst ? 1 : 0);
    assertThat(caption.get("payload").get("n").asText()).isEqualTo("3");
    assertThat(caption.has("r2_upload")).isFalse();
    assertThat(nsfw.has("payload")).isFalse();
    assertThat(HordeProcess.download(caption.get("source_image").asText())).isEqualTo(webp);
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      JsonNode processing = status(id);
      assertThat(processing.get("state").asText()).isEqualTo("processing");
      assertThat(states(processing)).containsExactly("processing", "processing", "waiting");
    });

    // Another takes the upscaler, with an upload link
    JsonNode second = popUntilForms(pop("alchemist-b", "\"RealESRGAN_x4plus\"", ""), owner);
    assertThat(second.get("forms")).hasSize(1);
    JsonNode upscale = second.get("forms").get(0);
    assertThat(upscale.get("form").asText()).isEqualTo("RealESRGAN_x4plus");
    assertThat(HordeProcess.upload(upscale.get("r2_upload").asText(), otherWebp)).isEqualTo(200);

    // They deliver: 1 kudos a form, 3 a tile for the upscaler
    Response captioned = horde.post("/interrogate/submit", "{\"id\":\"" + caption.get("id").asText()
        + "\",\"result\":{\"caption\":\"a lighthouse at dawn\"}}", "apikey", owner);
    assertThat(captioned.status()).as(captioned.body()).isEqualTo(200);
    assertThat(captioned.json().get("reward").asDouble()).isEqualTo(1.0);
    assertThat(horde.post("/interrogate/submit", "{\"id\":\"" + nsfw.get("id").asText()
        + "\",\"result\":{\"nsfw\":false},\"state\":\"ok\"}", "apikey", owner).json().get("reward").asDouble())
        .isEqualTo(1.0);
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(states(status(id))).containsExactly("done", "done", "processing"));
    assertThat(status(id).get("state").asText()).isEqualTo("processing");
    Response upscaled = horde.post("/interrogate/submit", "{\"id\":\"" + upscale.get("id").asText()
        + "\",\"result\":{\"RealESRGAN_x4plus\":\"R2\"}}", "apikey", owner);
    assertThat(upscaled.status()).as(upscaled.body()).isEqualTo(200);
    assertThat(upscaled.json().get("reward").asDouble()).isEqualTo(3.0);

    await().atMost(5, TimeUnit.SECONDS).until(() -> "done".equals(status(id).get("state").asText()));
    JsonNode done = status(id);
    assertThat(done.get("forms").get(0).get("result").get("caption").asText()).isEqualTo("a lighthouse at dawn");
    assertThat(done.get("forms").get(1).get("result").get("nsfw").asBoolean()).isFalse();
    assertThat(done.get("forms").get(0).has("worker_id")).isFalse();
    assertThat(HordeProcess.download(done.get("forms").get(2).get("result").get("RealESRGAN_x4plus").asText()))
        .isEqualTo(otherWebp);

    // A form is delivered once; an unknown one is not found
    Response again = horde.post("/interrogate/submit", "{\"id\":\"" + caption.get("id").asText()
        + "\",\"result\":{\"caption\":\"again\"}}", "apikey", owner);
    assertThat(again.status()).as(again.body()).isEqualTo(400);
    assertThat(again.json().get("rc").asText()).isEqualTo("DuplicateGen");
    Response unknown = horde.post("/interrogate/submit", "{\"id\":\"00000000-0000-0000-0000-000000000000\","
        + "\"result\":{\"caption\":\"x\"}}", "apikey", owner);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("rc").asText()).isEqualTo("InvalidJobID");
    Response stranger = horde.post("/interrogate/submit", "{\"id\":\"" + nsfw.get("id").asText()
        + "\",\"result\":{\"nsfw\":true}}", "apikey", requester);
    assertThat(stranger.status()).as(stranger.body()).isEqualTo(403);
    assertThat(stranger.json().get("rc").asText()).isEqualTo("WrongCredentials");

    // The requester paid each form's worth and its burn (1, and 1 more as slow workers were allowed)
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(horde.kudos(requester)).isCloseTo(requesterBefore - (1 + 2) - (1 + 2) - (3 + 2), within(0.001)));
  }

  @Test
  void aCancelStopsTheFormsNotDone() throws Exception {
    String owner = horde.testUser("cancel-alchemist-owner", 0).get("api_key").asText();
    String requester = horde.testUser("cancel-requester", 100).get("api_key").asText();
    // The source by URL this time
    Response accepted = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"describe\"},"
        + "{\"name\":\"palette\"}],\"source_image\":\"" + url("/small.webp") + "\"}", "apikey", requester);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String id = accepted.json().get("id").asText();
    JsonNode described = popUntilForms(pop("alchemist-c", "\"describe\"", ""), owner).get("forms").get(0);
    assertThat(HordeProcess.download(described.get("source_image").asText())).isEqualTo(webp);
    horde.post("/interrogate/submit", "{\"id\":\"" + described.get("id").asText()
        + "\",\"result\":{\"describe\":\"a small square\"}}", "apikey", owner);
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(states(status(id))).containsExactly("done", "waiting"));

    Response cancelled = horde.delete("/interrogate/status/" + id);

    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().get("state").asText()).isEqualTo("partial");
    assertThat(states(cancelled.json())).containsExactly("done", "cancelled");
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(states(status(id))).containsExactly("done", "cancelled"));
    assertThat(status(id).get("state").asText()).isEqualTo("partial");
    JsonNode none = horde.post("/interrogate/pop", pop("alchemist-c", "\"palette\"", ""), "apikey", owner).json();
    assertThat(none.get("forms").isNull()).as(none.toString()).isTrue();
    assertThat(none.get("skipped").isObject()).isTrue();
  }

  @Test
  void theNpmClientDrivesTheLoopUnchanged() throws Exception {
    String owner = horde.testUser("npm-alchemist-owner", 0).get("api_key").asText();
    String requester = horde.testUser("npm-alchemy-requester", 100).get("api_key").asText();
    Path client = NpmClient.install(data.resolve("npm"));
    Path script = client.resolve("alchemy-loop.mjs");
    Files.write(script, HordeProcess.resource("/npm/alchemy-loop.mjs"));
    Path image = data.resolve("source.webp");
    Files.write(image, webp);
    JsonNode seen = HordeProcess.JSON.readTree(NpmClient.run(client, script, Map.of(
        "HORDE_URL", horde.baseUrl(), "REQUESTER_KEY", requester, "OWNER_KEY", owner, "IMAGE", image.toString())));

    assertThat(seen.get("accepted").get("id").asText()).isNotEmpty();
    // One pop took both forms (in no particular order: they are of one interrogation)
    assertThat(seen.get("pop").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("interrogation", "RealESRGAN_x2plus");
    assertThat(seen.get("pop").findValues("hasSource")).allMatch(JsonNode::asBoolean);
    assertThat(seen.get("pop").get("interrogation").get("hasUpload").asBoolean()).isFalse();
    assertThat(seen.get("pop").get("RealESRGAN_x2plus").get("hasUpload").asBoolean()).isTrue();
    assertThat(seen.get("upload").asInt()).isEqualTo(200);
    assertThat(seen.get("rewards").get("interrogation").asDouble()).isEqualTo(3.0);
    assertThat(seen.get("rewards").get("RealESRGAN_x2plus").asDouble()).isEqualTo(3.0);
    assertThat(seen.get("state").asText()).isEqualTo("done");
    assertThat(seen.get("tags").get(0).get("text").asText()).isEqualTo("dragon");
    assertThat(seen.get("sameBytes").asBoolean()).isTrue();
    assertThat(seen.get("cancelled").get("state").asText()).isEqualTo("partial");
    assertThat(seen.get("cancelled").get("form").asText()).isEqualTo("cancelled");
  }

  @Test
  void badInputIsAnsweredAsTheReferenceDoes() throws Exception {
    String requester = horde.testUser("alchemy-bad-requester", 10).get("api_key").asText();
    String source = Base64.getEncoder().encodeToString(webp);
    List<Response> answers = new ArrayList<>();

    Response unknownForm = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"bogus\"}],\"source_image\":\""
        + source + "\"}", "apikey", requester);
    answers.add(unknownForm);
    assertThat(unknownForm.status()).isEqualTo(400);
    assertThat(unknownForm.json().get("errors").get("forms.0.name").asText()).startsWith("'bogus' is not one of [");
    Response noSource = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"caption\"}]}", "apikey", requester);
    answers.add(noSource);
    assertThat(noSource.status()).isEqualTo(400);
    assertThat(noSource.json().get("errors").get("source_image").asText())
        .isEqualTo("Missing required parameter in the JSON body");
    Response noKey = horde.post("/interrogate/async", "{\"source_image\":\"" + source + "\"}");
    answers.add(noKey);
    assertThat(noKey.json().get("errors").get("apikey").asText())
        .isEqualTo("A User API key Missing required parameter in the HTTP headers");
    Response badKey = horde.post("/interrogate/async", "{\"source_image\":\"" + source + "\"}", "apikey", "nope");
    answers.add(badKey);
    assertThat(badKey.status()).isEqualTo(401);
    Response noForms = horde.post("/interrogate/async", "{\"source_image\":\"" + source + "\"}", "apikey", requester);
    answers.add(noForms);
    assertThat(noForms.status()).isEqualTo(400);
    assertThat(noForms.json().get("message").asText()).isEqualTo("An interrogation needs at least one form.");
    Response webhook = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"caption\"}],\"source_image\":\""
        + source + "\",\"webhook\":\"http://example.com/hook\"}", "apikey", requester);
    answers.add(webhook);
    assertThat(webhook.status()).isEqualTo(400);
    assertThat(webhook.json().get("message").asText()).isEqualTo("webhooks need to point to an https endpoint.");
    Response wide = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"vectorize\"}],\"source_image\":\""
        + url("/wide.png") + "\"}", "apikey", requester);
    answers.add(wide);
    assertThat(wide.status()).as(wide.body()).isEqualTo(400);
    assertThat(wide.json().get("rc").asText()).isEqualTo("SourceImageResolutionExceeded");
    assertThat(wide.json().get("message").asText()).isEqualTo("Image validation failed. Image is too large (256 tiles) "
        + "and would cause horde alchemists to run out of VRAM trying to process it.");
    Response unreadable = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"vectorize\"}],"
        + "\"source_image\":\"bm90IGFuIGltYWdl\"}", "apikey", requester);
    answers.add(unreadable);
    assertThat(unreadable.json().get("rc").asText()).isEqualTo("ImageValidationFailed");
    Response missing = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"vectorize\"}],\"source_image\":\""
        + url("/missing.webp") + "\"}", "apikey", requester);
    answers.add(missing);
    assertThat(missing.status()).isEqualTo(400);

    // A shared key is not a key here
    Response shared = horde.send(HttpRequest.newBuilder(URI.create(horde.baseUrl() + "/sharedkeys"))
        .header("apikey", requester).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"kudos\":10}")).build());
    assertThat(shared.status()).as(shared.body()).isEqualTo(200);
    Response withShared = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"vectorize\"}],\"source_image\":\""
        + source + "\"}", "apikey", shared.json().get("id").asText());
    answers.add(withShared);
    assertThat(withShared.status()).isEqualTo(401);
    assertThat(withShared.json().get("rc").asText()).isEqualTo("InvalidAPIKey");

    // Ten forms per unit of concurrency, counting this request's
    String moderator = horde.post("/dev/test-user", "{\"username\":\"alchemy-mod\",\"oauth_id\":\"alchemy-mod\"}")
        .json().get("api_key").asText();
    JsonNode limitedUser = horde.testUser("alchemy-limited", 10);
    String limited = limitedUser.get("user_id").asText();
    Response lowered = horde.send(HttpRequest.newBuilder(URI.create(horde.baseUrl() + "/users/" + limited))
        .header("apikey", moderator).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"concurrency\":0}")).build());
    assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      Response tooMany = horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"vectorize\"}],\"source_image\":\""
          + source + "\"}", "apikey", limitedUser.get("api_key").asText());
      assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(429);
      assertThat(tooMany.json().get("message").asText()).isEqualTo(
          "Parallel requests (1) exceeded user limit (0). Please try again later or request to increase your "
              + "concurrency.");
    });

    // The pop's and the status's refusals
    Response priority = horde.post("/interrogate/pop", "{\"name\":\"x\",\"priority_usernames\":[\"db0\"]}",
        "apikey", "nope");
    answers.add(priority);
    assertThat(priority.status()).isEqualTo(400);
    assertThat(priority.json().get("rc").asText()).isEqualTo("BadRequest");
    Response tiles = horde.post("/interrogate/pop", "{\"name\":\"x\",\"max_tiles\":0}", "apikey", requester);
    answers.add(tiles);
    assertThat(tiles.json().get("errors").get("max_tiles").asText()).isEqualTo("0 is less than the minimum of 1");
    Response notFound = horde.get("/interrogate/status/00000000-0000-0000-0000-000000000000");
    answers.add(notFound);
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.json().get("message").asText())
        .isEqualTo("Interrogation with ID '00000000-0000-0000-0000-000000000000' not found.");
    assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isLessThan(500));
  }
}
