package ai.horde.ingress.text;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.PyRepr;

/**
 * Upfront kudos, the reference's admission control for large text requests (spec §4.3): whether a request
 * must hold kudos before it is queued, and what becomes of it when the requester cannot. Pure; the ledger
 * places the hold ({@code ReserveKudos}), where the requester's balance is.
 *
 * <p>Choices where the spec leaves room: the queue length is the jobs of queued requests as this instance
 * sees them now (the reference refreshes its totals every 60 s); a downgrade cuts {@code max_length} to the
 * threshold but never raises it, and never below the schema's minimum of 16 (with {@code slow_workers=false}
 * the threshold is not clamped, so it can exceed the request or fall below zero).
 *
 * <p>Known gap: {@code HORDE_UPFRONT_KUDOS_ON_WORKERLIST} (upfront kudos for any request naming workers) is
 * not implemented. Shared keys' kudos limits use {@code requiredKudos} ({@link SharedKeyIntake}).
 */
final class UpfrontRules {
  private UpfrontRules() {}

  static final int LOWEST_THRESHOLD = 256;
  static final int HIGHEST_THRESHOLD = 512;
  private static final int MIN_MAX_LENGTH = 16;

  /** Whether a request needs upfront kudos, and the threshold in tokens its refusal names. */
  record Need(boolean needed, int threshold) {}

  /** What a request is queued as: as asked, or downgraded; {@code held} when it holds its upfront kudos. */
  record Admission(int maxLength, boolean slowWorkers, boolean held) {
    static Admission asRequested(int maxLength, boolean slowWorkers) {
      return new Admission(maxLength, slowWorkers, false);
    }

    boolean downgraded(int requestedMaxLength) {
      return maxLength != requestedMaxLength;
    }
  }

  /**
   * {@code T = 512 + 5 × threads − round(0.9 × queued)}, rounded half to even as Python rounds.
   */
  static long rawThreshold(int onlineThreads, long queuedJobs) {
    return 512 + 5L * onlineThreads - (long) Math.rint(0.9 * queuedJobs);
  }

  /**
   * Step 3: a request that refuses slow workers always needs upfront kudos, against the unclamped threshold;
   * any other needs it when its {@code max_length} exceeds the threshold clamped to [256, 512].
   */
  static Need need(boolean slowWorkers, int maxLength, int onlineThreads, long queuedJobs) {
    long raw = rawThreshold(onlineThreads, queuedJobs);
    if (!slowWorkers) {
      return new Need(true, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, raw)));
    }
    int threshold = (int) Math.min(Math.max(raw, LOWEST_THRESHOLD), HIGHEST_THRESHOLD);
    return new Need(maxLength > threshold, threshold);
  }

  /** Step 5: only a request that needs upfront kudos, and needs some, asks the ledger for a hold. */
  static boolean asksLedger(Need need, long requiredCenti) {
    return need.needed() && requiredCenti > 0;
  }

  /**
   * The request after the ledger answered its hold: queued as asked when held; else, with
   * {@code allow_downgrade}, cut to the threshold and open to slow workers, without a hold; else refused
   * with 403 {@code KudosUpfront}.
   *
   * @param modelsRequested whether the request names models (the reference's required amount is then a float)
   * @throws ApiError {@code KudosUpfront} when refused
   */
  static Admission afterHold(boolean held, Need need, boolean allowDowngrade, int maxLength, boolean slowWorkers,
      long requiredCenti, int n, boolean modelsRequested) {
    if (held) {
      return new Admission(maxLength, slowWorkers, true);
    }
    if (allowDowngrade) {
      return new Admission(Math.max(MIN_MAX_LENGTH, Math.min(maxLength, need.threshold())), true, false);
    }
    throw refusal(need.threshold(), requiredCenti, n, modelsRequested);
  }

  static ApiError refusal(int threshold, long requiredCenti, int n, boolean modelsRequested) {
    return new ApiError(403, "KudosUpfront", "Due to heavy demand, for requests over " + threshold
        + " tokens, the client needs to already have the required kudos. This request requires "
        + requiredKudos(requiredCenti, n, modelsRequested) + " kudos to fulfil.");
  }

  /**
   * The required kudos as the reference prints them: {@code 20 × n} is a Python int ({@code 60}); with
   * models it is {@code round(L × P / 21, 2) × n}, a float ({@code 1706.67}, {@code 38.1}), multiplied as
   * Python multiplies floats.
   */
  static String requiredKudos(long requiredCenti, int n, boolean modelsRequested) {
    if (!modelsRequested) {
      return Long.toString(requiredCenti / 100);
    }
    double perJob = (requiredCenti / n) / 100.0;
    return PyRepr.ofFloat(perJob * n);
  }
}
