package ai.horde.ledger;

import static ai.horde.ledger.LedgerDriver.leg;
import static ai.horde.ledger.LedgerDriver.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.KudosKind;
import ai.horde.events.KudosPosting;
import org.junit.jupiter.api.Test;

class KudosTransactionsTest {

  @Test
  void aBalancedTransactionIsValidAndSplitsIntoOnePostingPerLeg() {
    // Given
    var transaction = transaction("generation:job-1", leg("user:1", -1_144), leg("user:2", 1_044),
        leg("system:burn", 100));

    // When / Then
    assertThat(KudosTransactions.violation(transaction)).isEmpty();
    assertThat(KudosTransactions.postings(transaction)).containsExactly(
        new KudosPosting("generation:job-1#0", "generation:job-1", "user:1", -1_144L, KudosKind.GENERATION,
            LedgerDriver.NOW),
        new KudosPosting("generation:job-1#1", "generation:job-1", "user:2", 1_044L, KudosKind.GENERATION,
            LedgerDriver.NOW),
        new KudosPosting("generation:job-1#2", "generation:job-1", "system:burn", 100L, KudosKind.GENERATION,
            LedgerDriver.NOW));
  }

  @Test
  void legsThatDoNotSumToZeroAreRefused() {
    // When / Then
    assertThat(KudosTransactions.violation(transaction("t", leg("user:1", 500), leg("user:2", -400))))
        .hasValue("legs sum to 100 centi, not 0");
  }

  @Test
  void aTransactionWithoutLegsIsRefused() {
    // When / Then
    assertThat(KudosTransactions.violation(transaction("t"))).hasValue("no legs");
  }

  @Test
  void aBlankAccountIsRefused() {
    // When / Then
    assertThat(KudosTransactions.violation(transaction("t", leg("user:1", 5), leg(" ", -5))))
        .hasValue("a leg has a blank account");
  }

  @Test
  void aBlankTransactionIdIsRefused() {
    // When / Then
    assertThat(KudosTransactions.violation(transaction("", leg("user:1", 5), leg("user:2", -5))))
        .hasValue("blank transaction id");
  }

  @Test
  void legsWhoseSumWrapsAroundToZeroAreRefused() {
    // Given: MAX + MAX + 2 wraps to exactly 0 in a long
    var transaction = transaction("t", leg("user:1", Long.MAX_VALUE), leg("user:2", Long.MAX_VALUE),
        leg("user:3", 2));

    // When / Then
    assertThat(KudosTransactions.violation(transaction)).hasValue("legs overflow a long");
  }
}
