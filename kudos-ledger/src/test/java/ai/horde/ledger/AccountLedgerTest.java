package ai.horde.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.events.AccountBalance;
import ai.horde.events.BalanceAdjustmentRequested;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosPosting;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccountLedgerTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aFirstPostingStartsTheAccountFromZero() {
    // When
    AccountBalance balance = AccountLedger.post(null, posting("t1#0", -250));

    // Then
    assertThat(balance).isEqualTo(new AccountBalance("user:1", -250L, "t1#0", AT));
  }

  @Test
  void aPostingAddsItsAmountToTheBalance() {
    // Given
    AccountBalance before = new AccountBalance("user:1", 1_000L, "t1#0", AT);

    // When
    AccountBalance after = AccountLedger.post(before, posting("t2#1", -300));

    // Then
    assertThat(after.getBalanceCenti()).isEqualTo(700);
    assertThat(after.getLastPostingId()).isEqualTo("t2#1");
  }

  @Test
  void aPostingThatWouldOverflowTheBalanceIsRefused() {
    // Given
    AccountBalance before = new AccountBalance("user:1", Long.MAX_VALUE, "t1#0", AT);

    // When / Then
    assertThatThrownBy(() -> AccountLedger.post(before, posting("t2#0", 1)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void anAdjustmentPlansTheDifferenceAgainstItsCounterAccount() {
    // When
    var transaction = AccountLedger.plan(400, adjustment(1_000)).orElseThrow();

    // Then
    assertThat(transaction.getTransactionId()).isEqualTo("adjust:a1");
    assertThat(transaction.getKind()).isEqualTo(KudosKind.ADMIN_ADJUSTMENT);
    assertThat(transaction.getOccurredAt()).isEqualTo(AT);
    assertThat(transaction.getLegs())
        .containsExactly(new KudosLeg("user:1", 600L), new KudosLeg("system:mint", -600L));
    assertThat(KudosTransactions.violation(transaction)).isEmpty();
  }

  @Test
  void anAdjustmentBelowTheBalanceTakesTheExcessBack() {
    // When
    var transaction = AccountLedger.plan(1_000, adjustment(0)).orElseThrow();

    // Then
    assertThat(transaction.getLegs())
        .containsExactly(new KudosLeg("user:1", -1_000L), new KudosLeg("system:mint", 1_000L));
  }

  @Test
  void anAccountAlreadyAtItsTargetNeedsNoTransaction() {
    // When / Then
    assertThat(AccountLedger.plan(1_000, adjustment(1_000))).isEmpty();
  }

  private static KudosPosting posting(String postingId, long amountCenti) {
    return new KudosPosting(postingId, postingId.substring(0, postingId.indexOf('#')), "user:1", amountCenti,
        KudosKind.GENERATION, AT);
  }

  private static BalanceAdjustmentRequested adjustment(long targetCenti) {
    return new BalanceAdjustmentRequested("a1", "user:1", targetCenti, "system:mint", AT);
  }
}
