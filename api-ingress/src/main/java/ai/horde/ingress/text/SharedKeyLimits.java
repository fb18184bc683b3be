package ai.horde.ingress.text;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.views.SharedKey;

/**
 * What a shared key allows a text request (spec R3.15.4, R3.15.5), as pure functions: a limited key must
 * cover the request's required kudos, and its per-job token limit caps {@code max_length}.
 */
final class SharedKeyLimits {
  private SharedKeyLimits() {}

  /** Whether a limited key has less left than the request requires. */
  static boolean insufficient(SharedKey key, long requiredCenti) {
    Long remaining = key.remainingCenti();
    return remaining != null && requiredCenti > remaining;
  }

  /** The refusal of R3.15.4, in the reference's words (sic). */
  static ApiError insufficientKudos(SharedKey key, String requiredKudos) {
    return new ApiError(403, "SharedKeyInsufficientKudos", "This shared key does not have enough remaining kudos ("
        + key.remainingCenti() / 100 + ") to fulfill this reques (" + requiredKudos + ").");
  }

  static void checkTokens(SharedKey key, int maxLength) {
    int limit = key.state().getMaxTextTokens();
    if (limit != -1 && maxLength > limit) {
      throw ApiError.badRequest("BadRequest", "This shared key is limited to " + limit
          + " tokens per job. You requested " + maxLength + " tokens.");
    }
  }
}
