package ai.horde.accounts;

import java.util.List;

/**
 * The reference's suspicion reasons (horde/suspicions.py), in its order. A reason is recorded once on a user or
 * worker, except the two that count every occurrence. Five reasons make an untrusted user suspicious and an
 * untrusted owner's worker paused (spec R3.11.6).
 */
public enum Suspicion {
  WORKER_NAME_LONG,
  WORKER_NAME_EXTREME,
  WORKER_PROFANITY,
  UNSAFE_IP,
  EXTREME_MAX_PIXELS,
  UNREASONABLY_FAST,
  USERNAME_LONG,
  USERNAME_PROFANITY,
  CORRUPT_PROMPT,
  TOO_MANY_JOBS_ABORTED;

  /** Reasons at or above this count make an untrusted account suspicious (or its worker paused). */
  public static final int THRESHOLD = 5;

  /** Whether each occurrence counts, rather than the reason once. */
  public boolean accumulates() {
    return this == UNREASONABLY_FAST || this == TOO_MANY_JOBS_ABORTED;
  }

  /** Whether recording this reason on something that already has {@code reasons} adds to them. */
  public boolean addsTo(List<String> reasons) {
    return accumulates() || !reasons.contains(name());
  }
}
