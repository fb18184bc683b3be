package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.UserAccount;
import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What ingress decides about kudos transfers ({@code POST /kudos/transfer}, spec §1.7 K1) and awards (K2)
 * before it asks the ledger: the checks that need the users, in the reference's order. The checks that need
 * the source's account (the 60 s reverse-transfer rule, the amount, the idempotency key, enough available
 * kudos) are the ledger's, decided where the balance is (docs/decisions/0006).
 *
 * <p>A shared key's id names its owner as a transfer target; an expired one is refused. The roles' refusals
 * (flagged, education, deleted) come after {@code TooFastKudosTransfers} in the reference, which the ledger
 * decides: they travel with the transfer to the ledger, which answers them in that place.
 *
 * <p>Known gap: suspicion is not modelled, so {@code FaultWhenKudosSending}/{@code Receiving} never happen.
 */
final class TransferRules {
  private TransferRules() {}

  /** The largest user id the reference can look up (a PostgreSQL integer, spec §0.5). */
  private static final long MAX_USER_ID = 2_147_483_647L;
  /** What Python's {@code int()} accepts, less its rarer forms (underscores, non-ASCII digits). */
  private static final Pattern PY_INT = Pattern.compile("[+-]?[0-9]+");
  private static final BigInteger MAX_KUDOS = BigInteger.valueOf(Long.MAX_VALUE / 100);

  /** A refusal, answered {@code {message, rc}} with its HTTP status. */
  record Refusal(int status, String rc, String message) {
    HordeError error() {
      return new HordeError(status, rc, message);
    }

    /** The refusal as the ledger answers it. */
    ErrorAnswer answer() {
      return new ErrorAnswer(status, rc, message);
    }
  }

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
   * The transfer refusals ingress decides, first failing first: from anonymous, to nobody, to anonymous, to
   * oneself.
   *
   * @param target the user the username names, empty when none
   */
  static Optional<Refusal> checkTransfer(UserAccount source, Optional<UserAccount> target) {
    return checkTransfer(source, target, false);
  }

  /**
   * @param target the user the username names, or the owner of the shared key it is; empty when neither
   * @param sharedKeyExpired the username is a shared key that has expired
   */
  static Optional<Refusal> checkTransfer(UserAccount source, Optional<UserAccount> target,
      boolean sharedKeyExpired) {
    if (source.getUserId() == Accounts.ANONYMOUS_ID) {
      return refuse(400, "KudosTransferFromAnon", "You cannot transfer Kudos from Anonymous, smart-ass.");
    }
    if (target.isEmpty()) {
      return refuse(400, "InvalidTargetUsername", "Invalid target username.");
    }
    if (sharedKeyExpired) {
      return refuse(400, "SharedKeyExpired", "This shared key has expired");
    }
    UserAccount destination = target.get();
    if (destination.getUserId() == Accounts.ANONYMOUS_ID) {
      return refuse(400, "KudosTransferToAnon",
          "Tried to burn kudos via sending to Anonymous. Assuming PEBKAC and aborting.");
    }
    if (destination.getUserId() == source.getUserId()) {
      return refuse(400, "KudosTransferToSelf", "Cannot send kudos to yourself, ya monkey!");
    }
    return Optional.empty();
  }

  /**
   * The refusal the users' roles call for, which the reference checks after the reverse-transfer rule: ingress
   * finds it, the ledger answers it in its place (see {@code TransferKudos.refusal}). In this order (spec
   * §1.7): FaultWhenKudosSending (source suspicious), SourceAccountFlagged, EducationCannotSendKudos,
   * FaultWhenKudosReceiving (destination suspicious), TargetAccountFlagged, DeletedUser (destination, then
   * source).
   *
   * <p>The flagged refusals' messages are swapped relative to their rcs, as in the reference (spec §2.4.4).
   * Suspicion is not modelled, so the two {@code FaultWhenKudos*} refusals never happen.
   */
  static Optional<Refusal> checkRoles(UserAccount source, UserAccount destination) {
    if (source.getFlagged()) {
      return refuse(400, "SourceAccountFlagged",
          "The target account has been flagged for suspicious activity and tranferring kudos to them is blocked.");
    }
    if (source.getEducation()) {
      return refuse(400, "EducationCannotSendKudos", "Education accounts cannot transfer kudos away");
    }
    if (destination.getFlagged()) {
      return refuse(400, "TargetAccountFlagged",
          "Your account has been flagged for suspicious activity. Please contact the mods.");
    }
    if (destination.getDeleted()) {
      return refuse(400, "DeletedUser", "This destination account has been scheduled for deletion and is disabled");
    }
    if (source.getDeleted()) {
      return refuse(400, "DeletedUser", "This source account has been scheduled for deletion and is disabled");
    }
    return Optional.empty();
  }

  /**
   * The refusal of a transfer amount that does not fit the ledger's centi-kudos (see {@link #fits}): more
   * than anyone can have, or negative. Every amount that fits is left to the ledger, which checks amounts in
   * the reference's order.
   */
  static Refusal tooLarge(BigInteger amount) {
    return amount.signum() < 0
        ? new Refusal(400, "NegativeKudosTransfer", "Nice try...")
        : new Refusal(400, "KudosTransferNotEnough", "Not enough kudos.");
  }

  /** Whether {@code amount} kudos fit the ledger's centi-kudos. */
  static boolean fits(BigInteger amount) {
    return amount.abs().compareTo(MAX_KUDOS) <= 0;
  }

  /**
   * The award refusals (spec §1.7 K2), first failing first: only user 1 awards; the target must exist and
   * not be anonymous.
   */
  static Optional<Refusal> checkAward(UserAccount awarder, Optional<UserAccount> target) {
    if (awarder.getUserId() != 1) {
      return refuse(403, "NotAllowedAwards",
          "Only special people can award kudos. Now you're very special as well, just not the right kind.");
    }
    if (target.isEmpty()) {
      return refuse(400, "InvalidAwardUsername", "Invalid target username.");
    }
    if (target.get().getUserId() == Accounts.ANONYMOUS_ID) {
      return refuse(400, "KudosAwardToAnon", "Cannot award anon. No go.");
    }
    // NOT YET: a flagged target is refused here once users can be flagged.
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(int status, String rc, String message) {
    return Optional.of(new Refusal(status, rc, message));
  }
}
