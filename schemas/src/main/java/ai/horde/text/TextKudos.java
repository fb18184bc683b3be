package ai.horde.text;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The reference's text kudos formulas (spec §4.1, §4.2), in exact centi-kudos where they are stored.
 *
 * <p>Kept as the reference computes them, including its documented quirk Q9 (the context multiplier
 * comes from the prompt's token estimate capped at {@code max_length}), because the amounts are
 * observable by clients. Q10 is fixed: a dry run whose first model is unknown prices at
 * {@code L × 0.027 × C'} instead of failing.
 */
public final class TextKudos {
  private TextKudos() {}

  /** {@code min(max(ceil(chars / 4), 20), maxLength)}, chars counted as Python counts them (code points). */
  public static int tokens(String text, int maxLength) {
    return tokens(text.codePointCount(0, text.length()), maxLength);
  }

  /** The same estimate from a length already counted. */
  public static int tokens(int chars, int maxLength) {
    int estimate = (chars + 3) / 4;
    return Math.min(Math.max(estimate, 20), maxLength);
  }

  /** {@code clamp(1.2 + 2.2^(log2(tokens / 1024)), 0.1, 30)}. */
  public static double contextMultiplier(double tokens) {
    double value = 1.2 + Math.pow(2.2, Math.log(tokens / 1024.0) / Math.log(2));
    return Math.min(Math.max(value, 0.1), 30);
  }

  /** Parameter bonus {@code (max(P, 13) / 13)^0.2}. */
  static double parameterBonus(double billions) {
    return Math.pow(Math.max(billions, 13) / 13.0, 0.2);
  }

  /**
   * What the worker's owner earns for one delivered job.
   *
   * @param model the model recorded for the job at pop time
   * @param ownerTrusted whether the worker's owner has the trusted role
   */
  public static long rewardCenti(ModelReference models, String model, int maxLength, int promptChars,
      String generation, boolean ownerTrusted, String bridgeAgent) {
    int out = tokens(generation, maxLength);
    double context = contextMultiplier(tokens(promptChars, maxLength));
    if (!models.isKnown(model)) {
      return toCenti(ownerTrusted ? out * context * 0.027 : context);
    }
    double billions = models.billions(model);
    double reward = out * parameterBonus(billions) * billions / 125;
    if (!BridgeAgents.isValidated(bridgeAgent)) {
      reward *= 0.3;
    }
    return toCenti(reward * context);
  }

  /**
   * The dry-run price of a request: {@code round((e + 1) × n + 1)} with {@code e} the per-job estimate
   * from the requested {@code max_length} and {@code max_context_length} and the first requested model.
   */
  public static long dryRunPrice(ModelReference models, java.util.List<String> requestedModels, int maxLength,
      int maxContextLength, int n) {
    double context = contextMultiplier(maxContextLength);
    double perJob;
    if (requestedModels.isEmpty()) {
      perJob = round2(maxLength * 13 * context / 100);
    } else if (!models.isKnown(requestedModels.get(0))) {
      perJob = maxLength * 0.027 * context;
    } else {
      double billions = models.billions(requestedModels.get(0));
      perJob = round2(maxLength * parameterBonus(billions) * billions * context / 100);
    }
    return Math.round((perJob + 1) * n + 1);
  }

  /** The horde tax a text request pays when it is accepted (spec §4.4; 3 with another user's style). */
  public static final long ACTIVATION_TAX_CENTI = 100;
  /** What the requester pays on top of each delivered job's reward (text burn {@code k + 1}). */
  public static final long JOB_TAX_CENTI = 100;
  /** A worker earns one uptime reward per this many seconds online (spec §4.5). */
  public static final long UPTIME_REWARD_SECONDS = 600;

  /**
   * The kudos a request must be able to hold up front when it needs upfront kudos (spec §4.3 step 1):
   * {@code 20 × n} without models, else {@code round(L × Pmax / 21, 2) × n} with the largest parameter count
   * among the requested models (unknown models count as 1 B).
   */
  public static long upfrontRequiredCenti(ModelReference models, java.util.List<String> requestedModels,
      int maxLength, int n) {
    if (requestedModels.isEmpty()) {
      return 20_00L * n;
    }
    double largest = 0;
    for (String model : requestedModels) {
      largest = Math.max(largest, models.isKnown(model) ? models.billions(model) : 1);
    }
    return toCenti(maxLength * largest / 21) * n;
  }

  /**
   * One uptime reward of a text worker (spec §4.5): {@code base = 25 + 15 × min(ctx, 262144) / 1024};
   * unknown first model: {@code base × 0.5}; else {@code round(base × max(P / 7, 0.25), 2)}, with base × 0.3
   * for an unvalidated backend.
   */
  public static long uptimeRewardCenti(ModelReference models, java.util.List<String> workerModels,
      int maxContextLength, String bridgeAgent) {
    double base = 25 + 15.0 * Math.min(maxContextLength, 262144) / 1024;
    String first = workerModels.isEmpty() ? "" : workerModels.get(0);
    if (!models.isKnown(first)) {
      return toCenti(base * 0.5);
    }
    if (!BridgeAgents.isValidated(bridgeAgent)) {
      base *= 0.3;
    }
    return toCenti(base * Math.max(models.billions(first) / 7, 0.25));
  }

  /** Kudos with two decimals, rounded half-even as Python's round() does, as hundredths. */
  public static long toCenti(double kudos) {
    return BigDecimal.valueOf(kudos).setScale(2, RoundingMode.HALF_EVEN).movePointRight(2).longValueExact();
  }

  private static double round2(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
  }
}
