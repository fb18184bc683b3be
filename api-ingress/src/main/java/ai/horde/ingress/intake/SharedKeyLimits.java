package ai.horde.ingress.intake;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.views.SharedKey;

/**
 * What a shared key allows a request (spec R3.15.4, R3.15.5), as pure functions: a limited key must cover the
 * request's required kudos, its per-job token limit caps a text request's {@code max_length}, and its pixel and
 * step limits an image request's size and steps.
 */
public final class SharedKeyLimits {
  private SharedKeyLimits() {}

  /** Whether a limited key has less left than the request requires. */
  public static boolean insufficient(SharedKey key, long requiredCenti) {
    Long remaining = key.remainingCenti();
    return remaining != null && requiredCenti > remaining;
  }

  /** The refusal of R3.15.4, in the reference's words (sic). */
  public static ApiError insufficientKudos(SharedKey key, String requiredKudos) {
    return new ApiError(403, "SharedKeyInsufficientKudos", "This shared key does not have enough remaining kudos ("
        + key.remainingCenti() / 100 + ") to fulfill this reques (" + requiredKudos + ").");
  }

  public static void checkTokens(SharedKey key, int maxLength) {
    int limit = key.state().getMaxTextTokens();
    if (limit != -1 && maxLength > limit) {
      throw ApiError.badRequest("BadRequest", "This shared key is limited to " + limit
          + " tokens per job. You requested " + maxLength + " tokens.");
    }
  }

  public static void checkImage(SharedKey key, long pixels, int steps) {
    int maxPixels = key.state().getMaxImagePixels();
    if (maxPixels > -1 && pixels > maxPixels) {
      throw ApiError.badRequest("BadRequest", "This shared key is limited to " + maxPixels
          + " pixels per job. You requested " + pixels + " pixels.");
    }
    int maxSteps = key.state().getMaxImageSteps();
    if (maxSteps > -1 && steps > maxSteps) {
      throw ApiError.badRequest("BadRequest", "This shared key is limited to " + maxSteps
          + " steps per job. You requested " + steps + " steps.");
    }
  }
}
