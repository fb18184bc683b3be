package ai.horde.ingress.text;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.ErrorAnswer;
import ai.horde.events.KudosAnswer;
import ai.horde.events.KudosCommand;
import ai.horde.events.PopAnswer;
import ai.horde.events.PopRequested;
import ai.horde.events.RequestAccepted;
import ai.horde.events.ReserveKudos;
import ai.horde.events.SubmitAnswer;
import ai.horde.events.SubmitRequested;
import ai.horde.events.TextCapabilities;
import ai.horde.events.TextCriteria;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.ingress.fixtures.GivenViews.User;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The text endpoints over HTTP, with the deciders scripted and the views given: what is checked, what is
 * written to Kafka, and what is answered (spec §1.1).
 */
@MicronautTest(transactional = false)
class TextFeatureTest extends FeatureTest {
  private static final ObjectMapper JSON = new ObjectMapper();


  @Test
  void aRequestIsQueuedWithItsParamsVerbatimAndShowsAsWaiting() throws Exception {
    // Given
    String params = "{\"max_length\":120,\"temperature\":0.7,\"rep_pen\":1,\"dry_multiplier\":0.8,\"n\":1}";

    // When
    Answer accepted = api.post("/api/v2/generate/text/async", "{\"prompt\":\"Once\",\"models\":[\"m/x\"],"
        + "\"params\":" + params + "}", "apikey", "0000000000", "Client-Agent", "feature:1:test");

    // Then it is queued, with a price and a warning (no worker serves m/x)
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String id = accepted.json().get("id").asText();
    assertThat(accepted.json().get("kudos").isDouble()).isTrue();
    assertThat(accepted.json().get("message").asText()).startsWith("Warning: No available workers");
    RequestAccepted written = deciders.written(Topics.TEXT_REQUESTS).get(0);
    assertThat(written.getRequestId()).isEqualTo(id);
    assertThat(written.getClientAgent()).isEqualTo("feature:1:test");
    assertThat(((TextCriteria) written.getCriteria()).getModels()).containsExactly("m/x");
    assertThat(JSON.readTree(written.getPayloadJson())).isEqualTo(JSON.readTree("{\"prompt\":\"Once\",\"n\":1,"
        + "\"max_length\":120,\"max_context_length\":2048,\"min_p\":0.0,\"smoothing_factor\":0.0,"
        + "\"dynatemp_range\":0.0,\"dynatemp_exponent\":1.0,\"temperature\":0.7,\"rep_pen\":1,"
        + "\"dry_multiplier\":0.8}"));
    // And this instance shows it at once, waiting
    Answer status = api.get("/api/v2/generate/text/status/" + id);
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json().get("waiting").asInt()).isEqualTo(1);
    assertThat(status.json().get("done").asBoolean()).isFalse();
    assertThat(status.json().get("generations")).isEmpty();
  }

  @Test
  void invalidBodiesAreAnsweredAsFlaskRestxAnswersThem() {
    Answer ranges = api.post("/api/v2/generate/text/async",
        "{\"prompt\":5,\"trusted_workers\":\"yes\",\"params\":{\"n\":21,\"max_length\":8,\"top_p\":0,"
            + "\"temperature\":true},\"models\":[\"a\",null]}", "apikey", "0000000000");
    assertThat(ranges.status()).isEqualTo(400);
    assertThat(ranges.rc()).isEqualTo("RequestValidationError");
    assertThat(ranges.json().get("message").asText()).isEqualTo("Input payload validation failed");
    assertThat(JSON.convertValue(ranges.json().get("errors"), Map.class)).containsExactly(
        Map.entry("prompt", "5 is not of type 'string'"),
        Map.entry("params.n", "21 is greater than the maximum of 20"),
        Map.entry("params.max_length", "8 is less than the minimum of 16"),
        Map.entry("params.temperature", "True is not of type 'number'"),
        Map.entry("params.top_p", "0 is less than the minimum of 0.001"),
        Map.entry("trusted_workers", "'yes' is not of type 'boolean'"),
        Map.entry("models.1", "None is not of type 'string'"));
    // The parser's own requirements come after the schema: the header first, then the prompt
    Answer noKey = api.post("/api/v2/generate/text/async", "{}");
    assertThat(noKey.json().get("errors").get("apikey").asText())
        .isEqualTo("The API Key corresponding to a registered user. Missing required parameter in the HTTP headers");
    Answer noPrompt = api.post("/api/v2/generate/text/async", "{\"prompt\":null}", "apikey", "0000000000");
    assertThat(noPrompt.json().get("errors").get("prompt").asText()).isEqualTo("None is not of type 'string'");
    Answer missingPrompt = api.post("/api/v2/generate/text/async", "{\"models\":[]}", "apikey", "0000000000");
    assertThat(missingPrompt.json().get("errors").get("prompt").asText())
        .isEqualTo(TextBodies.PROMPT_HELP + " Missing required parameter in the JSON body");
    Answer notJson = api.post("/api/v2/generate/text/async", "{\"prompt\":", "apikey", "0000000000");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.rc()).isEqualTo("BadRequest");
    // Nothing was written
    assertThat(deciders.written()).isEmpty();
  }

  @Test
  void aLargeRequestHoldsItsKudosOrIsRefused() {
    // Given a user with little kudos, and a request above the upfront threshold (512 tokens with no workers)
    User poor = given.user("poor", 1);
    deciders.answer(command -> new KudosAnswer(false, 0L, 0L));

    // When
    Answer refused = api.post("/api/v2/generate/text/async", "{\"prompt\":\"Long\",\"models\":[\"m/x\"],"
        + "\"params\":{\"max_length\":1024,\"max_context_length\":4096}}", "apikey", poor.apiKey());

    // Then the ledger was asked to hold the kudos, refused, and nothing was queued
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.rc()).isEqualTo("KudosUpfront");
    KudosCommand hold = deciders.written(Topics.KUDOS_COMMANDS).get(0);
    assertThat(hold.getAccount()).isEqualTo(poor.account());
    assertThat(hold.getCommand()).isInstanceOf(ReserveKudos.class);
    assertThat(deciders.written(Topics.TEXT_REQUESTS)).isEmpty();

    // And with allow_downgrade it is queued, cut to the threshold and without a hold
    Answer downgraded = api.post("/api/v2/generate/text/async", "{\"prompt\":\"Long\",\"allow_downgrade\":true,"
        + "\"params\":{\"max_length\":1024,\"max_context_length\":4096}}", "apikey", poor.apiKey());
    assertThat(downgraded.status()).as(downgraded.body()).isEqualTo(202);
    RequestAccepted queued = deciders.written(Topics.TEXT_REQUESTS).get(0);
    // (the threshold: 512 less a little for the requests other tests left waiting)
    assertThat(((TextCriteria) queued.getCriteria()).getMaxLength()).isBetween(256, 512);
    assertThat(queued.getHoldId()).isNull();
  }

  @Test
  void aLongWorkerNameIsCutToAHundredCharactersAndItsLengthToldToTheScheduler() throws Exception {
    // Given a worker owner, and a scheduler with no job
    User owner = given.user("long-name-owner", 10);
    deciders.answer(command -> new PopAnswer("w1", List.of(), null, null, null, null, 0, List.of(), Map.of()));
    // When a worker of 150 characters' name pops
    Answer answer = api.post("/api/v2/generate/text/pop", "{\"name\":\"" + "n".repeat(150)
        + "\",\"models\":[\"m/x\"]}", "apikey", owner.apiKey());
    // Then the scheduler gets the name cut to 100, and the length asked, of which it suspects a new worker
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    PopRequested pop = deciders.written(Topics.TEXT_POPS).get(0);
    assertThat(pop.getWorkerName()).isEqualTo("n".repeat(100));
    assertThat(pop.getAskedNameChars()).isEqualTo(150);
  }

  @Test
  void aPopIsAnsweredWithTheSchedulersJobOrNone() throws Exception {
    // Given a worker owner, and a scheduler that hands a job out
    User owner = given.user("owner", 10);
    String payload = "{\"prompt\":\"Once\",\"n\":1,\"max_length\":80,\"top_k\":5}";
    deciders.answer(command -> new PopAnswer("w1", List.of("job-1"), "m/x", payload, 150, "r1", 1, List.of(), Map.of()));

    // When
    Answer job = api.post("/api/v2/generate/text/pop", "{\"name\":\"feature-worker\",\"models\":[\"m/x\"]}",
        "apikey", owner.apiKey());

    // Then the pop went to the scheduler with the reference's defaults, and the job came back verbatim
    assertThat(job.status()).as(job.body()).isEqualTo(200);
    PopRequested pop = deciders.written(Topics.TEXT_POPS).get(0);
    assertThat(pop.getWorkerName()).isEqualTo("feature-worker");
    assertThat(((TextCapabilities) pop.getCapabilities()).getMaxLength()).isEqualTo(512);
    assertThat(pop.getThreads()).isEqualTo(1);
    assertThat(pop.getBridgeAgent()).isEqualTo("unknown:0:unknown");
    assertThat(job.json().get("payload")).isEqualTo(JSON.readTree(payload));
    assertThat(job.json().get("id").asText()).isEqualTo("job-1");
    assertThat(job.json().get("ttl").asInt()).isEqualTo(150);
    assertThat(job.json().get("skipped")).isEmpty();
    assertThat(job.json().get("softprompt").isNull()).isTrue();

    // And without a job (skipped reasons) every key is still there, id null, the default payload
    deciders.answer(command -> new PopAnswer("w1", List.of(), null, null, null, null, 0, List.of(), Map.of("max_length", 2)));
    Answer none = api.post("/api/v2/generate/text/pop", "{\"name\":\"feature-worker\",\"models\":[\"m/x\"]}",
        "apikey", owner.apiKey());
    assertThat(none.json().get("id").isNull()).isTrue();
    assertThat(none.json().get("ids")).isEmpty();
    assertThat(none.json().get("model").isNull()).isTrue();
    assertThat(none.json().get("skipped")).isEqualTo(JSON.readTree("{\"max_length\":2}"));
    assertThat(none.json().get("payload")).isEqualTo(JSON.readTree("{\"max_length\":80,\"max_context_length\":2048,"
        + "\"min_p\":0.0,\"smoothing_factor\":0.0,\"dynatemp_range\":0.0,\"dynatemp_exponent\":1.0}"));
    assertThat(none.json().has("extra_source_images")).isTrue();
    // And a scheduler that does not answer leaves the worker to poll again, with no job
    deciders.answer(command -> null);
    Answer silent = api.post("/api/v2/generate/text/pop", "{\"name\":\"feature-worker\",\"models\":[\"m/x\"]}",
        "apikey", owner.apiKey());
    assertThat(silent.status()).isEqualTo(200);
    assertThat(silent.json().get("id").isNull()).isTrue();
  }

  @Test
  void popsAndSubmitsAreRefusedAsTheReferenceRefusesThem() {
    User owner = given.user("refused-owner", 10);
    assertThat(api.post("/api/v2/generate/text/pop", "{\"name\":\"w\",\"models\":[\"m/x\"]}",
        "apikey", "0000000000").rc()).isEqualTo("AnonForbiddenWorker");
    assertThat(api.post("/api/v2/generate/text/pop", "{\"name\":\"my colab worker\",\"models\":[\"m/x\"]}",
        "apikey", owner.apiKey()).json().get("message").asText()).contains("'colab'");
    assertThat(api.post("/api/v2/generate/text/pop", "{\"name\":\"w\",\"models\":[\"m/x\"]}",
        "apikey", "not-a-key").status()).isEqualTo(401);
    // A scheduler's refusal is answered as it decided it
    deciders.answer(command -> new ErrorAnswer(403, "WrongCredentials", "Wrong credentials to submit as this worker."));
    Answer wrong = api.post("/api/v2/generate/text/submit", "{\"id\":\"job-9\",\"generation\":\"x\"}",
        "apikey", owner.apiKey());
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.rc()).isEqualTo("WrongCredentials");
    Answer noId = api.post("/api/v2/generate/text/submit", "{\"generation\":\"x\",\"state\":\"great\"}",
        "apikey", owner.apiKey());
    assertThat(JSON.convertValue(noId.json().get("errors"), Map.class)).containsExactly(
        Map.entry("state", "'great' is not one of ['ok', 'censored', 'faulted', 'csam']"),
        Map.entry("id", "'id' is a required property"));
  }

  @Test
  void aSubmitIsAnsweredWithTheReward() {
    User owner = given.user("submitter", 10);
    deciders.answer(command -> new SubmitAnswer(252L));

    Answer submitted = api.post("/api/v2/generate/text/submit", "{\"id\":\"job-1\",\"generation\":\" text\","
        + "\"seed\":7,\"gen_metadata\":[{\"type\":\"censorship\",\"value\":\"csam\",\"ref\":\"r\"}]}",
        "apikey", owner.apiKey());

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    assertThat(submitted.json().get("reward").asDouble()).isEqualTo(2.52);
    SubmitRequested submit = deciders.written(Topics.TEXT_SUBMITS).get(0);
    assertThat(submit.getJobId()).isEqualTo("job-1");
    assertThat(submit.getSeed()).isEqualTo(7);
    assertThat(submit.getState()).isEqualTo("ok");
    assertThat(submit.getGenMetadata().get(0).getRef()).isEqualTo("r");
  }
}
