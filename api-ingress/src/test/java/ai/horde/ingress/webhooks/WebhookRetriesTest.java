package ai.horde.ingress.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.webhooks.WebhookRetries.Next;
import ai.horde.ingress.webhooks.WebhookRetries.Result;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Up to three attempts, a 2xx ends them, anything else is tried again after a pause; a refusal is final. */
class WebhookRetriesTest {
  private Instant now = Instant.parse("2026-12-04T12:00:00Z");

  private void advance(Duration by) {
    now = now.plus(by);
  }

  @Test
  void a500IsTriedAgainAfterAPauseAndA200EndsIt() {
    // Given a first attempt answered 500
    Next next = WebhookRetries.after(1, WebhookRetries.answered(500), now);

    // Then a second attempt comes half a second later
    assertThat(next.retry()).isTrue();
    assertThat(next.retryAt()).isEqualTo(now.plusMillis(500));

    // When it is answered 204
    advance(Duration.ofMillis(500));
    next = WebhookRetries.after(2, WebhookRetries.answered(204), now);

    // Then the webhook was delivered
    assertThat(next).isEqualTo(Next.DELIVERED);
  }

  @Test
  void threeFailedAttemptsAreTheLast() {
    // Given no answer, then a redirect (not followed), then a 503
    Next first = WebhookRetries.after(1, Result.FAILED, now);
    advance(Duration.ofSeconds(3));
    Next second = WebhookRetries.after(2, WebhookRetries.answered(302), now);
    Instant secondAt = now;
    advance(Duration.ofSeconds(1));
    Next third = WebhookRetries.after(3, WebhookRetries.answered(503), now);

    // Then the pauses grow, and the third failure gives up
    assertThat(first.retry()).isTrue();
    assertThat(second.retryAt()).isEqualTo(secondAt.plusSeconds(1));
    assertThat(third).isEqualTo(Next.GIVE_UP);
  }

  @Test
  void aWebhookRefusedAtSendTimeIsNotTriedAgain() {
    assertThat(WebhookRetries.after(1, Result.REFUSED, now)).isEqualTo(Next.GIVE_UP);
  }

  @Test
  void onlyA2xxCounts() {
    assertThat(WebhookRetries.answered(200)).isEqualTo(Result.ANSWERED_2XX);
    assertThat(WebhookRetries.answered(299)).isEqualTo(Result.ANSWERED_2XX);
    assertThat(WebhookRetries.answered(199)).isEqualTo(Result.FAILED);
    assertThat(WebhookRetries.answered(301)).isEqualTo(Result.FAILED);
    assertThat(WebhookRetries.answered(404)).isEqualTo(Result.FAILED);
  }
}
