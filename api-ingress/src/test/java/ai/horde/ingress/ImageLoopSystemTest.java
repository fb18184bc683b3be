package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image loop over real HTTP against the whole horde, as a frontend and a scripted dreamer drive it: the
 * dreamer PUTs its webp to the pop's upload link and submits {@code R2}; the requester reads a download link
 * (or, with {@code r2: false}, base64); source images reach the dreamer as links.
 */
class ImageLoopSystemTest {
  private static final String DREAMER = "AI Horde Worker reGen:9.0.1:https://github.com/Haidra-Org/horde-worker-reGen";

  @TempDir
  static Path data;
  static HordeProcess horde;
  static byte[] webp;
  static byte[] otherWebp;

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "2000")).start();
    webp = HordeProcess.resource("/image/lossy.webp");
    otherWebp = HordeProcess.resource("/image/lossless_alpha.webp");
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  /** A dreamer's pop; each test uses a model of its own, so that the tests' requests do not meet. */
  private static String pop(String name, String model, String extra) {
    return "{\"name\":\"" + name + "\",\"models\":[\"" + model + "\"],\"bridge_agent\":\"" + DREAMER + "\","
        + "\"max_pixels\":1048576,\"nsfw\":true" + extra + "}";
  }

  private static JsonNode popUntilJob(String body, String key) throws Exception {
    JsonNode job = null;
    for (int i = 0; i < 5 && (job == null || job.get("id").isNull()); i++) {
      job = horde.post("/generate/pop", body, "apikey", key).json();
    }
    return job;
  }

  @Test
  void aDreamerUploadsItsImageAndTheRequesterDownloadsTheSameBytes() throws Exception {
    String owner = horde.testUser("dream-owner", 100, true).get("api_key").asText();
    String requester = horde.testUser("dream-requester", 500).get("api_key").asText();
    double ownerBefore = horde.kudos(owner);
    double requesterBefore = horde.kudos(requester);

    Response accepted = horde.post("/generate/async", "{\"prompt\":\"a lighthouse at dawn ### blurry\","
        + "\"params\":{\"width\":512,\"height\":512,\"steps\":20,\"seed\":\"42\"},\"models\":[\"stable_diffusion\"]}",
        "apikey", requester, "Client-Agent", "image-loop:1:test");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String id = accepted.json().get("id").asText();
    assertThat(accepted.json().get("kudos").asDouble()).isPositive();

    JsonNode job = popUntilJob(pop("dreamer-1", "stable_diffusion", ""), owner);
    assertThat(job.get("id").asText()).as(job.toString()).isNotEmpty();
    assertThat(job.get("ids")).hasSize(1);
    assertThat(job.get("model").asText()).isEqualTo("stable_diffusion");
    assertThat(job.get("payload").get("prompt").asText()).isEqualTo("a lighthouse at dawn ### blurry");
    assertThat(job.get("payload").get("seed").asText()).isEqualTo("42");
    assertThat(job.get("payload").get("ddim_steps").asInt()).isEqualTo(20);
    assertThat(job.get("payload").get("n_iter").asInt()).isEqualTo(1);
    assertThat(job.get("source_image").isNull()).isTrue();
    assertThat(job.get("source_processing").asText()).isEqualTo("img2img");
    assertThat(job.get("ttl").asInt()).isGreaterThanOrEqualTo(150);
    assertThat(job.get("r2_uploads")).hasSize(1);
    String upload = job.get("r2_upload").asText();
    assertThat(job.get("r2_uploads").get(0).asText()).isEqualTo(upload);

    assertThat(HordeProcess.upload(upload, webp)).isEqualTo(200);
    Response submitted = horde.post("/generate/submit", "{\"id\":\"" + job.get("id").asText()
        + "\",\"generation\":\"R2\",\"seed\":42}", "apikey", owner);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    double reward = submitted.json().get("reward").asDouble();
    assertThat(reward).isPositive();

    await().atMost(5, TimeUnit.SECONDS).until(() -> horde.get("/generate/check/" + id).json().get("done").asBoolean());
    JsonNode status = horde.get("/generate/status/" + id).json();
    assertThat(status.get("finished").asInt()).isEqualTo(1);
    assertThat(status.get("shared").asBoolean()).isFalse();
    JsonNode generation = status.get("generations").get(0);
    assertThat(generation.get("id").asText()).isEqualTo(job.get("id").asText());
    assertThat(generation.get("seed").asText()).isEqualTo("42");
    assertThat(generation.get("state").asText()).isEqualTo("ok");
    assertThat(generation.get("censored").asBoolean()).isFalse();
    assertThat(generation.get("worker_name").asText()).isEqualTo("dreamer-1");
    assertThat(HordeProcess.download(generation.get("img").asText())).isEqualTo(webp);
    // The dreamer is listed with what it allows, its work in megapixel-steps, and its speed in those
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
      JsonNode worker = horde.get("/workers/name/dreamer-1").json();
      assertThat(worker.get("type").asText()).isEqualTo("image");
      assertThat(worker.get("max_pixels").asInt()).isEqualTo(1048576);
      assertThat(worker.get("img2img").asBoolean()).isTrue();
      assertThat(worker.get("post-processing").asBoolean()).isTrue();
      assertThat(worker.get("lora").asBoolean()).isFalse();
      assertThat(worker.get("megapixelsteps_generated").asDouble()).isEqualTo(5.0); // 512 × 512 × 20
      assertThat(worker.get("performance").asText()).endsWith(" megapixelsteps per second");
      assertThat(worker.get("requests_fulfilled").asInt()).isEqualTo(1);
    });
    // And the image statistics count it, with its pixel-steps
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
      JsonNode total = horde.get("/stats/img/totals").json().get("total");
      assertThat(total.get("images").asLong()).isPositive();
      assertThat(total.get("ps").asLong()).isGreaterThanOrEqualTo(512L * 512 * 20);
      assertThat(horde.get("/stats/img/models").json().get("total").get("stable_diffusion").asLong()).isEqualTo(1);
    });
    assertThat(horde.get("/status/performance").json().get("past_minute_megapixelsteps").asDouble())
        .isGreaterThanOrEqualTo(5.0);
    // And the owner's and the requester's records count the image in megapixel-steps
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
      JsonNode contributed = horde.get("/find_user", "apikey", owner).json().get("records");
      assertThat(contributed.get("contribution").get("megapixelsteps").asDouble()).isEqualTo(5.24);
      assertThat(contributed.get("fulfillment").get("image").asInt()).isEqualTo(1);
      JsonNode used = horde.get("/find_user", "apikey", requester).json().get("records");
      assertThat(used.get("usage").get("megapixelsteps").asDouble()).isEqualTo(5.24);
      assertThat(used.get("request").get("image").asInt()).isPositive();
    });
    JsonNode model = horde.get("/status/models/stable_diffusion").json().get(0);
    assertThat(model.get("type").asText()).isEqualTo("image");
    assertThat(model.get("count").asInt()).isEqualTo(1);
    // The requester paid, and the owner earned what the submit said
    await().atMost(2, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(horde.kudos(owner)).isCloseTo(ownerBefore + reward, within(0.001));
      assertThat(horde.kudos(requester)).isLessThan(requesterBefore);
    });
  }

  @Test
  void aSharedRequestsImagesAreRatedOnceForKudos() throws Exception {
    String owner = horde.testUser("rate-owner", 0).get("api_key").asText();
    String requester = horde.testUser("rate-requester", 500).get("api_key").asText();
    String id = horde.post("/generate/async", "{\"prompt\":\"a shared cat\",\"shared\":true,"
        + "\"models\":[\"Inkpunk Diffusion\"]}", "apikey", requester).json().get("id").asText();
    JsonNode job = popUntilJob(pop("rated-dreamer", "Inkpunk Diffusion", ""), owner);
    horde.post("/generate/submit", "{\"id\":\"" + job.get("id").asText() + "\",\"generation\":\"R2\",\"seed\":3}",
        "apikey", owner);
    await().atMost(5, TimeUnit.SECONDS).until(() -> horde.get("/generate/check/" + id).json().get("done").asBoolean());
    assertThat(horde.get("/generate/status/" + id).json().get("shared").asBoolean()).isTrue();
    double before = horde.kudos(requester);

    Response rated = horde.post("/generate/rate/" + id, "{\"ratings\":[{\"id\":\"" + job.get("id").asText()
        + "\",\"rating\":9}]}");

    assertThat(rated.status()).as(rated.body()).isEqualTo(200);
    assertThat(rated.json().get("reward").asDouble()).isEqualTo(5.0);
    await().atMost(2, TimeUnit.SECONDS).untilAsserted(() -> assertThat(horde.kudos(requester)).isEqualTo(before + 5.0));
    Response again = horde.post("/generate/rate/" + id, "{\"ratings\":[{\"id\":\"" + job.get("id").asText()
        + "\",\"rating\":2}]}");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().get("rc").asText()).isEqualTo("AestheticsAlreadyExist");
  }

  @Test
  void withoutR2TheStatusCarriesTheImageAsBase64() throws Exception {
    String owner = horde.testUser("base64-owner", 0).get("api_key").asText();
    String requester = horde.testUser("base64-requester", 500).get("api_key").asText();
    String id = horde.post("/generate/async", "{\"prompt\":\"a cat\",\"r2\":false,\"models\":[\"waifu_diffusion\"]}",
        "apikey", requester).json().get("id").asText();
    JsonNode job = popUntilJob(pop("dreamer-b64", "waifu_diffusion", ""), owner);
    // A dreamer may also submit the image itself, as base64
    Response submitted = horde.post("/generate/submit", "{\"id\":\"" + job.get("id").asText() + "\",\"generation\":\""
        + Base64.getEncoder().encodeToString(otherWebp) + "\",\"seed\":7}", "apikey", owner);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    await().atMost(5, TimeUnit.SECONDS).until(() -> horde.get("/generate/check/" + id).json().get("done").asBoolean());
    JsonNode generation = horde.get("/generate/status/" + id).json().get("generations").get(0);
    assertThat(Base64.getDecoder().decode(generation.get("img").asText())).isEqualTo(otherWebp);
    assertThat(generation.get("seed").asText()).isEqualTo("7");
  }

  @Test
  void sourceImagesReachTheDreamerAsLinksAndADreamerWithoutImg2imgIsSkipped() throws Exception {
    String owner = horde.testUser("img2img-owner", 0).get("api_key").asText();
    String requester = horde.testUser("img2img-requester", 500).get("api_key").asText();
    String source = Base64.getEncoder().encodeToString(webp);
    String mask = Base64.getEncoder().encodeToString(otherWebp);
    Response accepted = horde.post("/generate/async", "{\"prompt\":\"repaint\",\"source_image\":\"" + source
        + "\",\"source_processing\":\"inpainting\",\"source_mask\":\"" + mask + "\","
        + "\"models\":[\"stable_diffusion_inpainting\"]}", "apikey", requester);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

    JsonNode skipped = horde.post("/generate/pop", "{\"name\":\"no-painting\",\"models\":[\"stable_diffusion_inpainting\"],"
        + "\"bridge_agent\":\"" + DREAMER + "\",\"allow_painting\":false}", "apikey", owner).json();
    assertThat(skipped.get("id").isNull()).isTrue();
    assertThat(skipped.get("skipped").get("painting").asInt()).isEqualTo(1);

    JsonNode job = popUntilJob("{\"name\":\"painter\",\"models\":[\"stable_diffusion_inpainting\"],"
        + "\"bridge_agent\":\"" + DREAMER + "\"}", owner);
    assertThat(job.get("source_processing").asText()).isEqualTo("inpainting");
    assertThat(HordeProcess.download(job.get("source_image").asText())).isEqualTo(webp);
    assertThat(HordeProcess.download(job.get("source_mask").asText())).isEqualTo(otherWebp);

    // An img2img request is skipped by a dreamer that does not do img2img, with the reference's reason
    horde.post("/generate/async", "{\"prompt\":\"restyle\",\"source_image\":\"" + source + "\","
        + "\"models\":[\"Comic-Diffusion\"]}", "apikey", requester);
    JsonNode noImg2img = horde.post("/generate/pop", pop("no-img2img", "Comic-Diffusion", ",\"allow_img2img\":false"), "apikey", owner)
        .json();
    assertThat(noImg2img.get("id").isNull()).isTrue();
    assertThat(noImg2img.get("skipped").get("img2img").asInt()).isEqualTo(1);
  }

  @Test
  void aBatchPopTakesTwoJobsAFaultRestartsOneAndACancelStopsTheRest() throws Exception {
    String owner = horde.testUser("batch-owner", 0).get("api_key").asText();
    String requester = horde.testUser("batch-requester", 500).get("api_key").asText();
    String id = horde.post("/generate/async", "{\"prompt\":\"two cats\",\"params\":{\"n\":3},"
        + "\"models\":[\"Ghibli Diffusion\"]}", "apikey", requester).json().get("id").asText();
    JsonNode batch = popUntilJob(pop("batcher", "Ghibli Diffusion", ",\"amount\":2"), owner);
    assertThat(batch.get("ids")).hasSize(2);
    assertThat(batch.get("r2_uploads")).hasSize(2);
    assertThat(batch.get("payload").get("n_iter").asInt()).isEqualTo(2);

    // A faulted job goes back to the queue: the next pop gets a job again
    Response faulted = horde.post("/generate/submit", "{\"id\":\"" + batch.get("ids").get(0).asText()
        + "\",\"generation\":\"\",\"state\":\"faulted\",\"seed\":0}", "apikey", owner);
    assertThat(faulted.status()).as(faulted.body()).isEqualTo(200);
    assertThat(faulted.json().get("reward").asDouble()).isZero();
    await().atMost(5, TimeUnit.SECONDS).until(() -> horde.get("/generate/check/" + id).json().get("restarted").asInt() == 1);
    JsonNode again = popUntilJob(pop("batcher-2", "Ghibli Diffusion", ",\"amount\":2"), owner);
    assertThat(again.get("ids")).hasSize(2);

    // Cancelled: nothing more is handed out, and it is done once nothing is in flight
    Response cancelled = horde.delete("/generate/status/" + id);
    assertThat(cancelled.status()).isEqualTo(200);
    for (JsonNode jobId : again.get("ids")) {
      horde.post("/generate/submit", "{\"id\":\"" + jobId.asText() + "\",\"generation\":\"R2\",\"seed\":1}",
          "apikey", owner);
    }
    horde.post("/generate/submit", "{\"id\":\"" + batch.get("ids").get(1).asText() + "\",\"generation\":\"R2\","
        + "\"seed\":1}", "apikey", owner);
    await().atMost(5, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
        .until(() -> horde.get("/generate/check/" + id).json().get("done").asBoolean());
    JsonNode none = horde.post("/generate/pop", pop("batcher-3", "Ghibli Diffusion", ""), "apikey", owner).json();
    assertThat(none.get("id").isNull()).isTrue();
  }

  @Test
  void theNpmClientDrivesTheLoopUnchanged() throws Exception {
    String owner = horde.testUser("npm-owner", 0).get("api_key").asText();
    String requester = horde.testUser("npm-requester", 500).get("api_key").asText();
    Path client = NpmClient.install(data.resolve("npm"));
    Path script = client.resolve("image-loop.mjs");
    java.nio.file.Files.write(script, HordeProcess.resource("/npm/image-loop.mjs"));
    Path image = data.resolve("dragons.webp");
    java.nio.file.Files.write(image, webp);
    JsonNode seen = HordeProcess.JSON.readTree(NpmClient.run(client, script, Map.of(
        "HORDE_URL", horde.baseUrl(), "REQUESTER_KEY", requester, "OWNER_KEY", owner,
        "IMAGE", image.toString(), "MODEL", "Anything Diffusion")));

    assertThat(seen.get("accepted").get("id").asText()).isNotEmpty();
    assertThat(seen.get("pop").get("id").asText()).isNotEmpty();
    assertThat(seen.get("pop").get("model").asText()).isEqualTo("Anything Diffusion");
    assertThat(seen.get("pop").get("hasUpload").asBoolean()).isTrue();
    assertThat(seen.get("upload").asInt()).isEqualTo(200);
    assertThat(seen.get("reward").asDouble()).isPositive();
    assertThat(seen.get("done").asBoolean()).isTrue();
    assertThat(seen.get("generation").get("id").asText()).isEqualTo(seen.get("pop").get("id").asText());
    assertThat(seen.get("generation").get("seed").asText()).isEqualTo(seen.get("pop").get("seed").asText());
    assertThat(seen.get("generation").get("worker").asText()).isEqualTo("npm-dreamer");
    assertThat(seen.get("generation").get("sameBytes").asBoolean()).isTrue();
  }

  @Test
  void badInputIsAnsweredAsTheReferenceDoes() throws Exception {
    String requester = horde.testUser("bad-requester", 10).get("api_key").asText();
    Response size = horde.post("/generate/async", "{\"prompt\":\"x\",\"params\":{\"width\":100}}", "apikey", requester);
    assertThat(size.status()).isEqualTo(400);
    assertThat(size.json().get("errors").get("params.width").asText()).contains("multiple of 64");
    Response mask = horde.post("/generate/async", "{\"prompt\":\"x\",\"source_mask\":\"abc\"}", "apikey", requester);
    assertThat(mask.status()).isEqualTo(400);
    assertThat(mask.json().get("rc").asText()).isEqualTo("SourceMaskUnnecessary");
    Response unreadable = horde.post("/generate/async", "{\"prompt\":\"x\",\"source_image\":\"bm90IGFuIGltYWdl\"}",
        "apikey", requester);
    assertThat(unreadable.status()).isEqualTo(400);
    assertThat(unreadable.json().get("rc").asText()).isEqualTo("ImageValidationFailed");
    Response unknown = horde.get("/generate/status/00000000-0000-0000-0000-000000000000");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("rc").asText()).isEqualTo("RequestNotFound");
  }
}
