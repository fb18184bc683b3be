package ai.horde.ledger;

import ai.horde.events.AccountBalance;
import ai.horde.events.BalanceAdjustmentRequested;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosPosting;
import ai.horde.events.KudosTransaction;
import java.util.List;
import java.util.Optional;

/**
 * The decisions one account makes, as pure functions over its balance: apply a posting, and plan the
 * transaction that brings the account to an adjustment's target. Whether a posting or adjustment was already
 * applied is the caller's (the account task's) concern.
 *
 * <p>Known gaps: no floor, holds or reservations yet, so any debit is applied whatever the balance; an
 * adjustment is planned against the applied balance only, so two adjustments of one account whose
 * transactions are both still in flight can overshoot the second target (pending adjustments belong with the
 * holds of the next step).
 */
final class AccountLedger {
  private AccountLedger() {}

  /**
   * The account's balance after the posting.
   *
   * @param current the balance before, or null for an account never posted to
   * @throws ArithmeticException if the balance would overflow: better to stop the ledger than to wrap
   */
  static AccountBalance post(AccountBalance current, KudosPosting posting) {
    long before = current == null ? 0 : current.getBalanceCenti();
    return new AccountBalance(posting.getAccount(), Math.addExact(before, posting.getAmountCenti()),
        posting.getPostingId(), posting.getOccurredAt());
  }

  /**
   * The transaction that moves the difference between the target and the balance from the counter account,
   * or empty when the account is already at its target. Both legs come from this one decision and reach
   * their accounts as postings, each applied once.
   */
  static Optional<KudosTransaction> plan(long balanceCenti, BalanceAdjustmentRequested adjustment) {
    long delta = Math.subtractExact(adjustment.getTargetCenti(), balanceCenti);
    if (delta == 0) {
      return Optional.empty();
    }
    return Optional.of(KudosTransaction.newBuilder()
        .setTransactionId("adjust:" + adjustment.getAdjustmentId())
        .setKind(KudosKind.ADMIN_ADJUSTMENT)
        .setLegs(List.of(new KudosLeg(adjustment.getAccount(), delta),
            new KudosLeg(adjustment.getCounterAccount(), Math.negateExact(delta))))
        .setOccurredAt(adjustment.getRequestedAt())
        .build());
  }
}
