package ai.horde.ledger;

import static ai.horde.ledger.AccountBookTest.NOW;
import static ai.horde.ledger.AccountBookTest.leg;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.accounts.KudosCommands;
import ai.horde.events.KudosAnswer;
import ai.horde.events.KudosCommand;
import ai.horde.events.RemoteLeg;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosTransaction;
import ai.horde.events.SharedKeyUsage;
import ai.horde.events.TransferKudos;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the ledger counts for shared keys in their owner's account: given commands, when a command, then. */
class SharedKeyUsageTest {
  private final SimulatedLedger ledger = new SimulatedLedger(3);

  @Test
  void theRegistrySetsAKeysKudosAndDeletesIt() {
    // Given
    open("user:1", 100_00L);

    // When
    setKudos("user:1", "set-1", "key-a", 50_00L, false);
    setKudos("user:1", "set-2", "key-b", null, false);

    // Then
    assertThat(ledger.account("user:1").getSharedKeys())
        .containsEntry("key-a", new SharedKeyUsage(50_00L, 0L))
        .containsEntry("key-b", new SharedKeyUsage(null, 0L));
    assertThat(ledger.balance("user:1")).isEqualTo(100_00);

    // When
    setKudos("user:1", "set-3", "key-a", null, true);

    // Then
    assertThat(ledger.account("user:1").getSharedKeys()).containsOnlyKeys("key-b");
  }

  @Test
  void debitsMadeWithAKeyLowerItsKudosNotBelowZeroAndRaiseWhatItUtilized() {
    // Given
    open("user:1", 100_00L);
    open("user:2", 0L);
    setKudos("user:1", "set-1", "key-a", 10_00L, false);

    // When
    spend("generation:j1", "key-a", 6_00);
    spend("generation:j2", "key-a", 6_00);

    // Then
    assertThat(ledger.account("user:1").getSharedKeys()).containsEntry("key-a", new SharedKeyUsage(0L, 12_00L));
    assertThat(ledger.balance("user:1")).isEqualTo(88_00);
  }

  @Test
  void anUnlimitedKeyOnlyCountsWhatItUtilizedAndAnUnknownKeyChangesNothing() {
    // Given
    open("user:1", 100_00L);
    open("user:2", 0L);
    setKudos("user:1", "set-1", "key-a", null, false);

    // When
    spend("generation:j1", "key-a", 3_00);
    spend("generation:j2", "key-unknown", 3_00);

    // Then
    assertThat(ledger.account("user:1").getSharedKeys()).containsOnlyKeys("key-a")
        .containsEntry("key-a", new SharedKeyUsage(null, 3_00L));
    assertThat(ledger.balance("user:1")).isEqualTo(94_00);
  }

  @Test
  void aKeyKeepsWhatItUtilizedWhenItsKudosAreSetAgain() {
    // Given
    open("user:1", 100_00L);
    open("user:2", 0L);
    setKudos("user:1", "set-1", "key-a", 10_00L, false);
    spend("generation:j1", "key-a", 4_00);

    // When
    setKudos("user:1", "set-2", "key-a", 50_00L, false);

    // Then
    assertThat(ledger.account("user:1").getSharedKeys()).containsEntry("key-a", new SharedKeyUsage(50_00L, 4_00L));
  }

  @Test
  void aTransferToAKeyRaisesItsKudosUnlessUnlimitedAndIsAnsweredOnceBothAreApplied() {
    // Given
    open("user:1", 100_00L);
    open("user:2", 25_00L);
    setKudos("user:2", "set-1", "key-a", 5_00L, false);
    setKudos("user:2", "set-2", "key-b", null, false);

    // When
    ledger.send(toKey("transfer:user:1:a", "key-a", 20_00));
    ledger.send(toKey("transfer:user:1:b", "key-b", 20_00));
    ledger.drain(new java.util.Random(7));

    // Then
    assertThat(ledger.balance("user:2")).isEqualTo(65_00);
    assertThat(ledger.account("user:2").getSharedKeys())
        .containsEntry("key-a", new SharedKeyUsage(25_00L, 0L))
        .containsEntry("key-b", new SharedKeyUsage(null, 0L));
    assertThat(ledger.replies).extracting(reply -> reply.getBody())
        .containsExactly(new KudosAnswer(true, 20_00L, 0L), new KudosAnswer(true, 20_00L, 0L));
  }

  @Test
  void aKeyAtTheLargestLimitStillTakesATransferAndTheKudosReachTheDestination() {
    // Given a key whose kudos are set far beyond anything a leg may move
    open("user:1", 100_00L);
    open("user:2", 25_00L);
    setKudos("user:2", "set-1", "key-a", Long.MAX_VALUE / 2, false);

    // When
    ledger.send(toKey("transfer:user:1:a", "key-a", 20_00));
    ledger.drain();

    // Then the credit is applied (nothing stays in transit) and the key saturates
    assertThat(ledger.balance("user:2")).isEqualTo(45_00);
    assertThat(ledger.account("user:2").getSharedKeys().get("key-a").getRemainingCenti())
        .isEqualTo(AccountBook.MAX_AMOUNT_CENTI);
  }

  @Test
  void aRefusedTransferToAKeyLeavesItsKudosAlone() {
    // Given
    open("user:1", 30_00L);
    open("user:2", 0L);
    setKudos("user:2", "set-1", "key-a", 5_00L, false);

    // When
    ledger.send(toKey("transfer:user:1:a", "key-a", 20_00));
    ledger.drain();

    // Then
    assertThat(ledger.account("user:2").getSharedKeys()).containsEntry("key-a", new SharedKeyUsage(5_00L, 0L));
  }

  @Test
  void aKeyTopUpDeliveredTwiceRaisesItOnce() {
    // Given
    open("user:2", 0L);
    setKudos("user:2", "set-1", "key-a", 5_00L, false);
    KudosCommand credit = KudosCommand.newBuilder().setCommandId("transfer:user:1:a#1").setAccount("user:2")
        .setIssuedAt(NOW).setCommand(new RemoteLeg("transfer:user:1:a#1", "transfer:user:1:a", KudosKind.TRANSFER,
            20_00L, "user:1", NOW, "key-a", false))
        .build();

    // When
    ledger.send(credit);
    ledger.send(credit);
    ledger.drain();

    // Then
    assertThat(ledger.account("user:2").getSharedKeys()).containsEntry("key-a", new SharedKeyUsage(25_00L, 0L));
    assertThat(ledger.journal).filteredOn(p -> p.getKind() == KudosKind.TRANSFER).hasSize(2);
  }

  private void open(String account, Long targetCenti) {
    ledger.send(KudosCommands.open(account, "open-" + account, 25_00, targetCenti, NOW));
    ledger.drain();
  }

  private void setKudos(String account, String commandId, String keyHash, Long kudosCenti, boolean deleted) {
    ledger.send(KudosCommands.sharedKeyKudos(account, commandId, keyHash, kudosCenti, deleted, NOW));
    ledger.drain();
  }

  /** user:1 pays user:2 for a job requested with its shared key. */
  private void spend(String id, String keyHash, long amountCenti) {
    ledger.send(KudosCommands.transaction(new KudosTransaction(id, KudosKind.GENERATION,
        List.of(leg("user:1", -amountCenti), leg("user:2", amountCenti)), null, NOW, null, keyHash, false), NOW));
    ledger.drain();
  }

  private static KudosCommand toKey(String transferId, String keyHash, long amountCenti) {
    KudosCommand transfer = AccountBookTest.transfer("user:1", transferId, "user:2", amountCenti);
    TransferKudos body = (TransferKudos) transfer.getCommand();
    return KudosCommand.newBuilder(transfer)
        .setCommand(TransferKudos.newBuilder(body).setDestinationSharedKey(keyHash).build()).build();
  }
}
