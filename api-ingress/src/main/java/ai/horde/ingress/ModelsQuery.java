package ai.horde.ingress;

import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;

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
  /** What Python's int() accepts, ASCII digits only: a sign, digit groups (white space is stripped first). */
  private static final Pattern INT = Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");

  static ModelsQuery parse(String type, String minCount, String maxCount, String modelState) {
    BigInteger min = minCount == null ? null : integer(minCount, "min_count", MIN_COUNT_HELP);
    BigInteger max = maxCount == null ? null : integer(maxCount, "max_count", MAX_COUNT_HELP);
    String state = modelState == null ? "all" : modelState;
    if (!state.equals("known") && !state.equals("custom") && !state.equals("all")) {
      throw HordeError.badRequest("BadRequest", BAD_MODEL_STATE);
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

  private static BigInteger integer(String value, String name, String help) {
    String digits = value.strip();
    if (!INT.matcher(digits).matches()) {
      throw new InvalidPayload(Map.of(name,
          help + " invalid literal for int() with base 10: " + PyRepr.ofString(value)));
    }
    return new BigInteger(digits.replace("_", ""));
  }
}
