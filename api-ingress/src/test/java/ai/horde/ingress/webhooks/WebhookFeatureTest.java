package ai.horde.ingress.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.RequestAccepted;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Webhooks at request time over HTTP, private targets not allowed (the default): refused with a JSON 400 before
 * the key is looked at (spec R1.1 step 7), for every kind of request, and nothing is queued.
 */
@MicronautTest(transactional = false)
class WebhookFeatureTest extends FeatureTest {
  private static final List<String> PRIVATE = List.of("https://127.0.0.1/hook", "https://10.0.0.1/hook",
      "https://[::1]/hook", "https://169.254.169.254/latest/meta-data", "https://[::ffff:192.168.0.1]:8443/hook",
      "https://localhost:9000/hook");

  private static String text(String webhook) {
    return "{\"prompt\":\"Once\",\"models\":[\"m/x\"],\"params\":{\"max_length\":80},\"webhook\":\"" + webhook + "\"}";
  }

  private static String image(String webhook) {
    return "{\"prompt\":\"a cat\",\"webhook\":\"" + webhook + "\"}";
  }

  private static String alchemy(String webhook) {
    return "{\"forms\":[{\"name\":\"caption\"}],\"source_image\":\"https://example.com/cat.webp\",\"webhook\":\""
        + webhook + "\"}";
  }

  private static void assertRefused(Answer answer, String message) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.rc()).isEqualTo("BadRequest");
    assertThat(answer.json().get("message").asText()).isEqualTo(message);
  }

  @Test
  void privateAndLoopbackWebhooksAreRefusedForEveryKindBeforeTheKey() {
    for (String webhook : PRIVATE) {
      // An unknown key: the webhook is judged first
      assertRefused(api.post("/api/v2/generate/text/async", text(webhook), "apikey", "not-a-key"), WebhookTarget.PRIVATE);
      assertRefused(api.post("/api/v2/generate/async", image(webhook), "apikey", "not-a-key"), WebhookTarget.PRIVATE);
      assertRefused(api.post("/api/v2/interrogate/async", alchemy(webhook), "apikey", "not-a-key"),
          WebhookTarget.PRIVATE);
    }
    assertThat(deciders.written()).isEmpty();
  }

  @Test
  void aWebhookMustBeHttpsInTheReferencesWords() {
    assertRefused(api.post("/api/v2/generate/text/async", text("http://93.184.216.34/hook"), "apikey", "0000000000"),
        WebhookTarget.NOT_HTTPS);
    assertRefused(api.post("/api/v2/generate/async", image("http://93.184.216.34/hook"), "apikey", "0000000000"),
        WebhookTarget.NOT_HTTPS);
  }

  @Test
  void aPublicWebhookIsKeptWithTheRequest() {
    Answer accepted = api.post("/api/v2/generate/text/async", text("https://93.184.216.34/hook"),
        "apikey", "0000000000");

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    RequestAccepted written = deciders.written(Topics.TEXT_REQUESTS).get(0);
    assertThat(written.getWebhook()).isEqualTo("https://93.184.216.34/hook");
    assertThat(views.statuses(ai.horde.work.WorkKind.TEXT).webhook(written.getRequestId()))
        .hasValue("https://93.184.216.34/hook");
  }
}
