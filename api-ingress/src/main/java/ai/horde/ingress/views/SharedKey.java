package ai.horde.ingress.views;

import ai.horde.events.SharedKeyState;
import ai.horde.events.SharedKeyUsage;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A shared key (spec §3.15): a UUID that is a credential, spending its owner's kudos. Only its hash is kept;
 * what it may still spend is its owner's ledger account's ({@code AccountBalance.shared_keys}), and a key the
 * ledger holds nothing for yet counts as unlimited.
 *
 * @param id the key itself, as the client sent it
 * @param usage what it spent and may still spend, null while the ledger holds nothing for it
 */
public record SharedKey(String id, String hash, SharedKeyState state, UserAccount owner,
    @Nullable SharedKeyUsage usage) {

  /** Whether a key may be used now (spec R3.15.2). */
  public enum Validity { VALID, EXPIRED, EMPTY }

  /** The value a client sent, as the UUID a shared key must be (lower case, hyphenated); empty when it is none. */
  static Optional<String> idOf(@Nullable String value) {
    if (value == null || value.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value).toString());
    } catch (IllegalArgumentException notUuid) {
      return Optional.empty();
    }
  }

  /** What the key may still spend, centi-kudos; null when unlimited (or not yet known to the ledger). */
  public @Nullable Long remainingCenti() {
    return usage == null ? null : usage.getRemainingCenti();
  }

  public Validity validity(Instant now) {
    if (state.getExpiresAt() != null && !state.getExpiresAt().isAfter(now)) {
      return Validity.EXPIRED;
    }
    Long remaining = remainingCenti();
    return remaining != null && remaining <= 0 ? Validity.EMPTY : Validity.VALID;
  }

  /** 403 when the key has expired or is used up: how every use of a key begins. */
  public SharedKey requireUsable(Instant now) {
    switch (validity(now)) {
      case EXPIRED -> throw expired();
      case EMPTY -> throw empty();
      default -> {
        return this;
      }
    }
  }

  public static ApiError expired() {
    return new ApiError(403, "SharedKeyExpired", "This shared key has expired");
  }

  public static ApiError empty() {
    return new ApiError(403, "SharedKeyEmpty", "This shared key has run out of kudos.");
  }
}
