package ai.horde.ingress.webhooks;

import java.time.Duration;
import java.time.Instant;

/**
 * When a webhook is tried again (spec R3.20.1: up to 3 attempts with a 3 s timeout each, anything but a 2xx tried
 * again). Unlike the reference, which tries again at once, the next attempt waits a moment (0.5 s, then 1 s), so
 * that a receiver that failed for a moment gets that moment. A webhook refused at send time (its host now
 * resolves to a forbidden address) is not tried again. Pure.
 */
final class WebhookRetries {
  private WebhookRetries() {}

  static final int ATTEMPTS = 3;
  /**
   * How long an attempt may wait to connect, and then for each read (the reference's {@code timeout=3} of
   * {@code requests}, which bounds the connect and each wait for data, not the whole attempt).
   */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  /** How long an attempt may take in all, however the receiver trickles its answer. */
  static final Duration ATTEMPT_LIMIT = Duration.ofSeconds(10);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);

  /** How an attempt ended. */
  enum Result { ANSWERED_2XX, FAILED, REFUSED }

  /** What comes after an attempt: nothing more ({@code retryAt} null; {@code delivered} says how it ended), or another attempt at {@code retryAt}. */
  record Next(boolean delivered, Instant retryAt) {
    static final Next DELIVERED = new Next(true, null);
    static final Next GIVE_UP = new Next(false, null);

    boolean retry() {
      return retryAt != null;
    }
  }

  /**
   * @param attemptsMade attempts made so far, the one that just ended included (1..{@link #ATTEMPTS})
   * @param now when it ended
   */
  static Next after(int attemptsMade, Result result, Instant now) {
    return switch (result) {
      case ANSWERED_2XX -> Next.DELIVERED;
      case REFUSED -> Next.GIVE_UP;
      case FAILED -> attemptsMade >= ATTEMPTS ? Next.GIVE_UP
          : new Next(false, now.plus(FIRST_PAUSE.multipliedBy(1L << (attemptsMade - 1))));
    };
  }

  /** The result of an attempt answered with {@code status}. */
  static Result answered(int status) {
    return status >= 200 && status < 300 ? Result.ANSWERED_2XX : Result.FAILED;
  }
}
