package ai.horde.ingress.status;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.QueryArgs;
import java.math.BigInteger;

/**
 * The query of {@code GET /api/v2/status/models?type=&min_count=&max_count=&model_state=} (spec §1.9 M1), read
 * as the reference's request parser reads it: {@code type} defaults to {@code image} (text clients must ask for
 * {@code text}), {@code min_count}/{@code max_count} are {@code type=int} (a bad one is a validation error,
 * {@code {"errors": {name: "<help> <error>"}}}), {@code model_state} defaults to {@code all} and anything but
 * {@code known}, {@code custom}, {@code all} is 400 {@code BadRequest}. Pure.
 */
record ModelsQuery(String type, BigInteger minCount, BigInteger maxCount, String modelState) {
  static final String MIN_COUNT_HELP = "Filter only models that have at least this amount of threads serving.";
  static final String MAX_COUNT_HELP = "Filter the models that have at most this amount of threads serving.";
  static final String BAD_MODEL_STATE = "'model_state' needs to be one of ['known', 'custom', 'all']";

  static ModelsQuery parse(String type, String minCount, String maxCount, String modelState) {
    BigInteger min = minCount == null ? null : QueryArgs.integer(minCount, "min_count", MIN_COUNT_HELP);
    BigInteger max = maxCount == null ? null : QueryArgs.integer(maxCount, "max_count", MAX_COUNT_HELP);
    String state = modelState == null ? "all" : modelState;
    if (!state.equals("known") && !state.equals("custom") && !state.equals("all")) {
      throw ApiError.badRequest("BadRequest", BAD_MODEL_STATE);
    }
    return new ModelsQuery(type == null ? "image" : type, min, max, state);
  }

  /** Whether a model with this many threads passes {@code min_count} and {@code max_count}. */
  boolean countFits(int count) {
    BigInteger threads = BigInteger.valueOf(count);
    return (minCount == null || threads.compareTo(minCount) >= 0) && (maxCount == null || threads.compareTo(maxCount) <= 0);
  }

  /** Whether a model passes {@code model_state}, given whether the model reference knows it. */
  boolean stateFits(boolean known) {
    return switch (modelState) {
      case "known" -> known;
      case "custom" -> !known;
      default -> true;
    };
  }
}
