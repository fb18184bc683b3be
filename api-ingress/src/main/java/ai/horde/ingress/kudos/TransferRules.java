package ai.horde.ingress.kudos;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What ingress decides about kudos transfers ({@code POST /kudos/transfer}, spec §1.7 K1) and awards (K2)
 * before it asks the ledger: who sends and who receives, in the reference's order. Whether the transfer may
 * happen (the 60 s reverse-transfer rule, the users' roles, the amount, the idempotency key, enough available
 * kudos) is the ledger's, decided where the source's balance is (docs/decisions/0006). Pure.
 */
final class TransferRules {
  private TransferRules() {}

  /** The largest user id the reference can look up (a PostgreSQL integer, spec §0.5). */
  private static final long MAX_USER_ID = 2_147_483_647L;
  /** What Python's {@code int()} accepts, less its rarer forms (underscores, non-ASCII digits). */
  private static final Pattern PY_INT = Pattern.compile("[+-]?[0-9]+");
  private static final BigInteger MAX_KUDOS = BigInteger.valueOf(Long.MAX_VALUE / 100);

  /**
   * The user id a username names: the part after its last {@code #} (or all of it) read as Python's
   * {@code int()} would, within the ids the reference can store; empty when it names none (spec §0.5).
   */
  static OptionalLong targetId(String username) {
    String digits = username.substring(username.lastIndexOf('#') + 1).strip();
    if (!PY_INT.matcher(digits).matches()) {
      return OptionalLong.empty();
    }
    BigInteger id = new BigInteger(digits);
    if (id.signum() < 0 || id.compareTo(BigInteger.valueOf(MAX_USER_ID)) > 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(id.longValueExact());
  }

  /**
   * The transfer refusals ingress decides, first failing first: from anonymous, to nobody, to an expired
   * shared key, to anonymous, to oneself.
   *
   * @param target the user the username names, or the owner of the shared key it is; empty when neither
   * @param sharedKeyExpired the username is a shared key that has expired
   */
  static void checkTransfer(UserAccount source, Optional<UserAccount> target, boolean sharedKeyExpired) {
    if (source.getUserId() == Accounts.ANONYMOUS_ID) {
      throw ApiError.badRequest("KudosTransferFromAnon", "You cannot transfer Kudos from Anonymous, smart-ass.");
    }
    if (target.isEmpty()) {
      throw ApiError.badRequest("InvalidTargetUsername", "Invalid target username.");
    }
    if (sharedKeyExpired) {
      throw ApiError.badRequest("SharedKeyExpired", "This shared key has expired");
    }
    UserAccount destination = target.get();
    if (destination.getUserId() == Accounts.ANONYMOUS_ID) {
      throw ApiError.badRequest("KudosTransferToAnon",
          "Tried to burn kudos via sending to Anonymous. Assuming PEBKAC and aborting.");
    }
    if (destination.getUserId() == source.getUserId()) {
      throw ApiError.badRequest("KudosTransferToSelf", "Cannot send kudos to yourself, ya monkey!");
    }
  }

  /**
   * An amount that does not fit the ledger's centi-kudos is refused here (more than anyone can have, or
   * negative); every amount that fits is left to the ledger, which checks amounts in the reference's order.
   */
  static void checkFits(BigInteger amount) {
    if (amount.abs().compareTo(MAX_KUDOS) > 0) {
      throw amount.signum() < 0 ? ApiError.badRequest("NegativeKudosTransfer", "Nice try...")
          : ApiError.badRequest("KudosTransferNotEnough", "Not enough kudos.");
    }
  }

  /**
   * The award refusals (spec §1.7 K2), first failing first: only user 1 awards; the target must exist and not
   * be anonymous; the amount must fit a balance.
   */
  static void checkAward(UserAccount awarder, Optional<UserAccount> target, BigInteger amount) {
    if (awarder.getUserId() != 1) {
      throw new ApiError(403, "NotAllowedAwards",
          "Only special people can award kudos. Now you're very special as well, just not the right kind.");
    }
    if (target.isEmpty()) {
      throw ApiError.badRequest("InvalidAwardUsername", "Invalid target username.");
    }
    if (target.get().getUserId() == Accounts.ANONYMOUS_ID) {
      throw ApiError.badRequest("KudosAwardToAnon", "Cannot award anon. No go.");
    }
    if (amount.abs().compareTo(MAX_KUDOS) > 0) {
      throw ApiError.badRequest("BadRequest", "The award is larger than any balance can be.");
    }
  }
}
