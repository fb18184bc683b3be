package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, acceptance 5, over real HTTP against the whole horde: a worker a moderator paused keeps popping and
 * gets a job that looks real, but its generation never reaches the requester (another worker serves the request)
 * and it earns nothing (spec R1.21, decision 0017).
 */
class PausedWorkerSystemTest {
  private static final String MODEL = "koboldcpp/LLaMA2-13B-Psyfighter2";

  @TempDir
  static Path data;
  static HordeProcess horde;

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "1000")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  private static JsonNode pop(String name, String key) throws Exception {
    Response popped = horde.post("/generate/text/pop", "{\"name\":\"" + name + "\",\"models\":[\"" + MODEL
        + "\"],\"max_length\":512,\"max_context_length\":4096}", "apikey", key);
    assertThat(popped.status()).as(popped.body()).isEqualTo(200);
    return popped.json();
  }

  private static Response submit(String jobId, String text, String key) throws Exception {
    return horde.post("/generate/text/submit", "{\"id\":\"" + jobId + "\",\"generation\":"
        + HordeProcess.JSON.valueToTree(text) + "}", "apikey", key);
  }

  @Test
  void aPausedWorkerKeepsPoppingGetsRealLookingJobsAndEarnsNothing() throws Exception {
    // Given a moderator, a requester, and the owners of workers A and B
    String moderator = horde.post("/dev/test-user", "{\"username\":\"paused-mod\",\"oauth_id\":\"paused-mod\","
        + "\"kudos\":0,\"moderator\":true}").json().get("api_key").asText();
    String requester = horde.testUser("paused-requester", 100).get("api_key").asText();
    String ownerA = horde.testUser("paused-owner-a", 100).get("api_key").asText();
    // B's owner is trusted: its reward is spendable at once (an untrusted owner's is half escrowed)
    String ownerB = horde.testUser("paused-owner-b", 100, true).get("api_key").asText();
    // And worker A, which a moderator pauses
    assertThat(pop("paused-a", ownerA).get("id").isNull()).isTrue();
    await().atMost(10, TimeUnit.SECONDS).until(() -> horde.get("/workers/name/paused-a").status() == 200);
    String workerA = horde.get("/workers/name/paused-a").json().get("id").asText();
    Response paused = horde.put("/workers/" + workerA, "{\"paused\":true}", "apikey", moderator);
    assertThat(paused.status()).as(paused.body()).isEqualTo(200);
    assertThat(paused.json().get("paused").asBoolean()).isTrue();
    double kudosA = horde.kudos(ownerA);
    double kudosB = horde.kudos(ownerB);

    // When the requester asks for text and A pops
    String id = horde.post("/generate/text/async", "{\"prompt\":\"A paused tale\",\"models\":[\"" + MODEL
        + "\"],\"params\":{\"max_length\":64}}", "apikey", requester).json().get("id").asText();
    JsonNode fake = pop("paused-a", ownerA);
    // Then A gets a job that looks real: an id and the request's prompt
    assertThat(fake.get("id").asText()).isNotEmpty();
    assertThat(fake.get("payload").get("prompt").asText()).isEqualTo("A paused tale");
    assertThat(fake.get("model").asText()).isEqualTo(MODEL);

    // When A submits, then it is answered a reward as usual
    Response submittedA = submit(fake.get("id").asText(), " by worker A", ownerA);
    assertThat(submittedA.status()).as(submittedA.body()).isEqualTo(200);
    assertThat(submittedA.json().get("reward").asDouble()).isPositive();
    // But the request is still waiting, with nothing of A's in it
    JsonNode waiting = horde.get("/generate/text/status/" + id).json();
    assertThat(waiting.get("done").asBoolean()).isFalse();
    assertThat(waiting.get("finished").asInt()).isZero();
    assertThat(waiting.get("generations")).isEmpty();
    // And A is never offered it again
    assertThat(pop("paused-a", ownerA).get("id").isNull()).isTrue();

    // When worker B pops and submits
    JsonNode real = pop("paused-b", ownerB);
    assertThat(real.get("id").asText()).isNotEqualTo(fake.get("id").asText());
    Response submittedB = submit(real.get("id").asText(), " by worker B", ownerB);
    assertThat(submittedB.status()).isEqualTo(200);
    double rewardB = submittedB.json().get("reward").asDouble();

    // Then the request is done with B's generation only
    await().atMost(5, TimeUnit.SECONDS).until(() -> horde.get("/generate/text/status/" + id).json().get("done")
        .asBoolean());
    JsonNode done = horde.get("/generate/text/status/" + id).json();
    assertThat(done.get("generations")).hasSize(1);
    assertThat(done.get("generations").get(0).get("worker_name").asText()).isEqualTo("paused-b");
    assertThat(done.get("generations").get(0).get("text").asText()).isEqualTo(" by worker B");
    // And B earned its reward while A earned nothing
    await().atMost(5, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(horde.kudos(ownerB)).isEqualTo(kudosB + rewardB, Offset.offset(0.001)));
    assertThat(horde.kudos(ownerA)).isEqualTo(kudosA, Offset.offset(0.001));
  }
}
