package ai.horde.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

/**
 * Inputs that once got a 5xx or an error that was not JSON (found by FuzzSystemTest) get a JSON error with the
 * reference's rc and a 4xx status.
 */
@MicronautTest(transactional = false)
class HostileInputFeatureTest extends FeatureTest {

  @Test
  void aNulInWhatAReadModelIsQueriedWithIsRefusedAsTheReferenceRefusesIt() {
    for (String path : new String[] {"/api/v2/workers?name=a%00b", "/api/v2/workers/name/a%00b"}) {
      Answer refused = api.get(path);
      assertThat(refused.status()).as(path + " " + refused.body()).isEqualTo(400);
      assertThat(refused.rc()).isEqualTo("NulByteInPayload");
    }
  }

  @Test
  void aNumberBeyondADoublesRangeIsAValidationError() {
    Answer refused = api.post("/api/v2/generate/text/async",
        "{\"prompt\":\"p\",\"params\":{\"temperature\":1e999,\"min_p\":-1e999}}", "apikey", "0000000000");
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.rc()).isEqualTo("RequestValidationError");
    assertThat(refused.json().get("errors").get("params.temperature").asText()).startsWith("inf is greater than");
    assertThat(refused.json().get("errors").get("params.min_p").asText()).startsWith("-inf is less than");
  }

  @Test
  void anUnknownResourceOfTheDocumentationIsAJsonNotFound() {
    Answer missing = api.get("/api/swagger-ui/res/..%2f..%2fpom.xml");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.rc()).isEqualTo("NotFound");
    assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
  }

  @Test
  void aRecordLargerThanItsTopicTakesIsTheClientsPayloadTooLarge() {
    HttpResponse<?> answer = ErrorHandler.answer(new CompletionException(new RecordTooLargeException("too large")));
    assertThat(answer.code()).isEqualTo(413);
    assertThat(answer.body()).isEqualTo(new ErrorBodies.RequestError(
        "The data value transmitted exceeds the capacity limit.", "PayloadTooLarge"));
  }
}
