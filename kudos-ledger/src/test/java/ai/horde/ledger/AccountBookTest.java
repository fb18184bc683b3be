package ai.horde.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.accounts.KudosCommands;
import ai.horde.events.ConsiderTrust;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.KudosAccount;
import ai.horde.events.KudosAnswer;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosPosting;
import ai.horde.events.KudosTransaction;
import ai.horde.events.Reply;
import ai.horde.events.TransferRoles;
import ai.horde.topics.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** The ledger's decisions over a simulated three-partition ledger: given commands, when a command, then. */
class AccountBookTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final SimulatedLedger ledger = new SimulatedLedger(3);

  @Test
  void aSettlementPaysTheOwnerThroughTransitAndBurnsTheTax() {
    // Given a trusted owner whose commands land on another partition than the payer's
    String owner = otherTaskThan("user:1");
    open("user:1", 25_00, 100_00L);
    open(owner, 25_00, 100_00L);
    trust(owner, true);

    // When
    ledger.send(KudosCommands.transaction(transaction("generation:j1", KudosKind.GENERATION,
        leg("user:1", -11_44), leg("system:burn", 1_00), leg(owner, 10_44)), NOW));
    ledger.drain();

    // Then
    assertThat(ledger.balance("user:1")).isEqualTo(88_56);
    assertThat(ledger.balance(owner)).isEqualTo(110_44);
    int home = ledger.partitionOf("user:1");
    int remote = ledger.partitionOf(owner);
    assertThat(ledger.balance("system:burn@" + home)).isEqualTo(1_00);
    assertThat(ledger.balances().entrySet().stream().filter(e -> e.getKey().startsWith("system:transit"))
        .mapToLong(e -> e.getValue()).sum()).isZero();
    assertThat(postingsOf("generation:j1")).extracting(KudosPosting::getPostingId)
        .containsExactly("generation:j1#0", "generation:j1#1", "generation:j1#2/out", "generation:j1#2",
            "generation:j1#2/in");
    assertThat(postingsOf("generation:j1")).filteredOn(p -> p.getPostingId().endsWith("/in"))
        .extracting(KudosPosting::getAccount).containsExactly("system:transit@" + remote);
    assertThat(ledger.account("user:1").getDetails()).containsEntry("accumulated", -11_44L);
    assertThat(ledger.account(owner).getDetails()).containsEntry("accumulated", 10_44L);
  }

  @Test
  void aLegOfAnAccountTheHomeTaskOwnsTooIsAppliedInTheSameStep() {
    // Given a payer and a worker owner whose accounts hash to the same partition
    String owner = sameTaskAs("user:1");
    open("user:1", 25_00, 100_00L);
    open(owner, 25_00, 100_00L);
    trust(owner, true);

    // When only the payer's task runs, once
    ledger.send(KudosCommands.transaction(transaction("generation:j1", KudosKind.GENERATION,
        leg("user:1", -11_44), leg("system:burn", 1_00), leg(owner, 10_44)), NOW));
    ledger.step(ledger.partitionOf("user:1"));

    // Then both legs are applied, with no transit and no remote leg left to run
    assertThat(ledger.balance("user:1")).isEqualTo(88_56);
    assertThat(ledger.balance(owner)).isEqualTo(110_44);
    assertThat(ledger.pending()).isZero();
    assertThat(postingsOf("generation:j1")).extracting(KudosPosting::getPostingId)
        .containsExactly("generation:j1#0", "generation:j1#1", "generation:j1#2");
    assertThat(ledger.balances().values().stream().mapToLong(Long::longValue).sum()).isZero();
    assertThat(ledger.account(owner).getDetails()).containsEntry("accumulated", 10_44L);
  }

  @Test
  void aTransferWithinOneTaskIsAnsweredByItOnceBothLegsAreApplied() {
    // Given
    String destination = sameTaskAs("user:1");
    open("user:1", 25_00, 100_00L);
    open(destination, 25_00, 25_00L);

    // When only the source's task runs, once
    ledger.send(transfer("user:1", "transfer:user:1:a", destination, 10_00));
    ledger.step(ledger.partitionOf("user:1"));

    // Then
    assertThat(ledger.balance("user:1")).isEqualTo(90_00);
    assertThat(ledger.balance(destination)).isEqualTo(35_00);
    assertThat(ledger.pending()).isZero();
    assertThat(ledger.replies).extracting(Reply::getBody).containsExactly(new KudosAnswer(true, 10_00L, 0L));
    assertThat(ledger.account(destination).getReceivedFrom()).containsKey("user:1");
    assertThat(ledger.account(destination).getDetails()).containsEntry("received", 10_00L);
  }

  @Test
  void anAccountIsOwnedByThePartitionKafkaPlacesItsCommandsOn() {
    // A task that misplaced an account would keep a second copy of it: the placement must be Kafka's own.
    for (int partitions : new int[] {1, 3, 7}) {
      for (int id = 0; id < 500; id++) {
        String account = "user:" + id;
        byte[] key = Topics.KUDOS_COMMANDS.keySerde().serializer().serialize(Topics.KUDOS_COMMANDS.name(), account);
        assertThat(AccountBook.partitionOf(account, partitions))
            .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
      }
    }
    assertThat(new AccountBook.Task(0, 0).owns("user:1")).isFalse();
  }

  @Test
  void aDebitBelowTheFloorIsForgivenByAnExplicitFloorAdjustmentFromTheMint() {
    // Given the anonymous user at its floor
    open("user:0", -50_00, -50_00L);

    // When
    ledger.send(KudosCommands.transaction(transaction("tax:r1", KudosKind.HORDE_TAX,
        leg("user:0", -1_00), leg("system:burn", 1_00)), NOW));
    ledger.drain();

    // Then
    assertThat(ledger.balance("user:0")).isEqualTo(-50_00);
    assertThat(postingsOf("tax:r1")).extracting(p -> p.getAccount() + " " + p.getAmountCenti() + " " + p.getKind())
        .containsExactly("user:0 -100 HORDE_TAX", "user:0 100 FLOOR_ADJUSTMENT",
            "system:mint@" + ledger.partitionOf("user:0") + " -100 FLOOR_ADJUSTMENT",
            "system:burn@" + ledger.partitionOf("user:0") + " 100 HORDE_TAX");
  }

  @Test
  void ofTwoTransfersOfSixtyFromAHundredWithFloorTwentyFiveOnlyTheFirstPasses() {
    // Given (the reference's K20)
    open("user:1", 25_00, 100_00L);
    open("user:2", 25_00, 25_00L);

    // When
    ledger.send(transfer("user:1", "transfer:user:1:a", "user:2", 60_00));
    ledger.send(transfer("user:1", "transfer:user:1:b", "user:2", 60_00));
    ledger.drain();

    // Then
    assertThat(ledger.balance("user:1")).isEqualTo(40_00);
    assertThat(ledger.balance("user:2")).isEqualTo(85_00);
    assertThat(ledger.replies).extracting(Reply::getBody).containsExactlyInAnyOrder(
        new KudosAnswer(true, 60_00L, 0L),
        new ErrorAnswer(400, "KudosTransferNotEnough", "Not enough kudos: you can send at most 15."));
  }

  @Test
  void aTransferIsAnsweredByItsDestinationOnceCredited() {
    // Given a destination whose commands land on another partition than the source's
    String destination = otherTaskThan("user:1");
    open("user:1", 25_00, 100_00L);
    open(destination, 25_00, 25_00L);
    ledger.send(transfer("user:1", "transfer:user:1:a", destination, 10_00));

    // When only the source's task has run
    ledger.step(ledger.partitionOf("user:1"));

    // Then the debit is applied, the credit is in transit, and nobody has been told yet
    assertThat(ledger.balance("user:1")).isEqualTo(90_00);
    assertThat(ledger.balance(destination)).isEqualTo(25_00);
    assertThat(ledger.balances().values().stream().mapToLong(Long::longValue).sum()).isZero();
    assertThat(ledger.replies).isEmpty();

    // When the destination's task runs
    ledger.drain();

    // Then
    assertThat(ledger.balance(destination)).isEqualTo(35_00);
    assertThat(ledger.replies).singleElement().satisfies(reply -> {
      assertThat(reply.getCorrelationId()).isEqualTo("corr-transfer:user:1:a");
      assertThat(reply.getBody()).isEqualTo(new KudosAnswer(true, 10_00L, 0L));
    });
    assertThat(ledger.account(destination).getDetails()).containsEntry("received", 10_00L);
    assertThat(ledger.account("user:1").getDetails()).containsEntry("gifted", -10_00L);
  }

  @Test
  void theSameIdempotencyKeyMovesOnceAndADifferentAmountUnderItConflicts() {
    // Given
    open("user:1", 25_00, 100_00L);
    open("user:2", 25_00, 25_00L);
    ledger.send(transfer("user:1", "transfer:user:1:k", "user:2", 10_00));
    ledger.drain();

    // When
    ledger.send(transfer("user:1", "transfer:user:1:k", "user:2", 10_00));
    ledger.send(transfer("user:1", "transfer:user:1:k", "user:2", 20_00));
    ledger.drain();

    // Then
    assertThat(ledger.balance("user:1")).isEqualTo(90_00);
    assertThat(ledger.balance("user:2")).isEqualTo(35_00);
    assertThat(ledger.replies).extracting(Reply::getBody).containsExactly(new KudosAnswer(true, 10_00L, 0L),
        new KudosAnswer(true, 10_00L, 0L), new ErrorAnswer(400, "IdempotencyKeyConflict",
            "This Idempotency-Key was already used for a transfer with different parameters."));
  }

  @Test
  void transferRulesComeInTheReferencesOrder() {
    // Given user 2 sent to user 1 a moment ago
    open("user:1", 25_00, 100_00L);
    open("user:2", 25_00, 100_00L);
    ledger.send(transfer("user:2", "transfer:user:2:a", "user:1", 10_00));
    ledger.drain();
    ledger.replies.clear();

    // When
    ledger.send(transfer("user:1", "transfer:user:1:a", "user:2", -5_00));
    ledger.send(transfer("user:1", "transfer:user:1:b", "user:3", -5_00));
    ledger.send(transfer("user:1", "transfer:user:1:c", "user:3", 0));
    ledger.send(KudosCommands.replyingTo(KudosCommands.transfer("user:1", "transfer:user:1:d", "user:2", 5_00,
        NOW.plusSeconds(61)), "ingress", "late"));
    ledger.drain();

    // Then
    assertThat(ledger.replies).extracting(reply -> reply.getBody() instanceof ErrorAnswer error ? error.getRc()
        : "ok").containsExactly("TooFastKudosTransfers", "NegativeKudosTransfer", "InvalidKudosTransferAmount", "ok");
  }

  @Test
  void theUsersRolesAreCheckedAfterTheReverseTransferRuleAndBeforeTheAmountRules() {
    // Given user 2 sent to user 1 a moment ago
    open("user:1", 25_00, 100_00L);
    open("user:2", 25_00, 100_00L);
    ledger.send(transfer("user:2", "transfer:user:2:a", "user:1", 10_00));
    ledger.drain();
    ledger.replies.clear();
    TransferRoles flagged = TransferRoles.newBuilder().setDestinationFlagged(true).build();

    // When
    ledger.send(KudosCommands.replyingTo(KudosCommands.transfer("user:1", "transfer:user:1:a", "user:2", 5_00,
        flagged, NOW), "ingress", "too-fast"));
    ledger.send(KudosCommands.replyingTo(KudosCommands.transfer("user:1", "transfer:user:1:b", "user:3", -5_00,
        flagged, NOW), "ingress", "flagged"));
    ledger.drain();

    // Then
    assertThat(ledger.replies).extracting(reply -> ((ErrorAnswer) reply.getBody()).getRc())
        .containsExactly("TooFastKudosTransfers", "TargetAccountFlagged");
    assertThat(ledger.balance("user:1")).isEqualTo(110_00);
  }

  @Test
  void aHoldLowersWhatCanBeSpentIsDrawnDownByTaggedDebitsAndReleased() {
    // Given
    open("user:1", 25_00, 100_00L);
    open("user:2", 25_00, 25_00L);

    // When
    ledger.send(reserve("user:1", "upfront:r1", 60_00));
    ledger.send(transfer("user:1", "transfer:user:1:a", "user:2", 20_00));
    ledger.drain();

    // Then
    assertThat(ledger.replies).extracting(Reply::getBody).containsExactly(new KudosAnswer(true, 60_00L, 15_00L),
        new ErrorAnswer(400, "KudosTransferNotEnough", "Not enough kudos: you can send at most 15."));

    // When a debit tagged with the hold is applied, then the hold is released
    KudosTransaction tax = KudosTransaction.newBuilder(transaction("tax:r1", KudosKind.HORDE_TAX,
        leg("user:1", -10_00), leg("system:burn", 10_00))).setHoldId("upfront:r1").build();
    ledger.send(KudosCommands.transaction(tax, NOW));
    ledger.drain();

    // Then the debit came out of the hold: what can be spent is unchanged
    assertThat(AccountBook.heldCenti(ledger.account("user:1"), NOW)).isEqualTo(50_00);
    assertThat(AccountBook.availableCenti(ledger.account("user:1"), NOW)).isEqualTo(15_00);

    // When
    ledger.send(KudosCommands.release("user:1", "upfront:r1", NOW));
    ledger.drain();

    // Then
    assertThat(AccountBook.availableCenti(ledger.account("user:1"), NOW)).isEqualTo(65_00);
  }

  @Test
  void aHoldLargerThanWhatIsAvailableIsRefusedAndAnExpiredHoldStopsCounting() {
    // Given
    open("user:1", 25_00, 100_00L);

    // When
    ledger.send(reserve("user:1", "upfront:big", 80_00));
    ledger.send(reserve("user:1", "upfront:r1", 70_00));
    ledger.drain();

    // Then
    assertThat(ledger.replies).extracting(Reply::getBody).containsExactly(new KudosAnswer(false, 80_00L, 75_00L),
        new KudosAnswer(true, 70_00L, 5_00L));
    assertThat(AccountBook.availableCenti(ledger.account("user:1"), NOW.plusSeconds(7201))).isEqualTo(75_00);
  }

  @Test
  void theSameTransactionTwiceMovesKudosOnce() {
    // Given
    open("user:1", 25_00, 100_00L);
    KudosCommand award = KudosCommands.transaction(transaction("award:a1", KudosKind.AWARD,
        leg("user:1", 5_00), leg("system:mint", -5_00)), NOW);
    ledger.send(award);
    ledger.drain();

    // When
    ledger.send(award);
    ledger.drain();

    // Then
    assertThat(ledger.balance("user:1")).isEqualTo(105_00);
    assertThat(postingsOf("award:a1")).hasSize(2);
    assertThat(ledger.account("user:1").getDetails()).containsEntry("awarded", 5_00L);
  }

  @Test
  void anUnbalancedTransactionOrOneNotSentToItsFirstLegIsRefused() {
    // When
    ledger.send(KudosCommands.transaction(transaction("t1", KudosKind.AWARD, leg("user:1", 5_00),
        leg("system:mint", -4_00)), NOW));
    ledger.send(KudosCommand.newBuilder(KudosCommands.transaction(transaction("t2", KudosKind.AWARD,
        leg("user:1", 5_00), leg("system:mint", -5_00)), NOW)).setAccount("user:2").build());
    ledger.drain();

    // Then
    assertThat(ledger.journal).isEmpty();
    assertThat(ledger.balances()).isEmpty();
  }

  @Test
  void aBalanceThatWouldOverflowRefusesTheCommandInsteadOfStoppingTheLedger() {
    // Given an account at the edge of what a balance holds
    KudosAccount full = KudosAccount.newBuilder().setAccount("user:1").setBalanceCenti(Long.MAX_VALUE - 1).build();
    AccountBook.Books books = AccountBook.Books.of(key -> key.equals("user:1") ? full : null, id -> false,
        id -> null);

    // When
    AccountBook.Decision decision = AccountBook.decide(books, KudosCommands.replyingTo(KudosCommands.transaction(
        transaction("award:a1", KudosKind.AWARD, leg("user:1", 5_00), leg("system:mint", -5_00)), NOW),
        "ingress", "c1"), 0);

    // Then
    assertThat(decision.accounts()).isEmpty();
    assertThat(decision.postings()).isEmpty();
    assertThat(decision.applied()).isNull();
    assertThat(decision.reply().getBody()).isInstanceOf(ErrorAnswer.class);
  }

  @Test
  void onlyTheHomeAccountMayBeDebitedAndNoLegMayBeHuge() {
    // When
    ledger.send(KudosCommands.transaction(transaction("t1", KudosKind.GENERATION, leg("user:1", 5_00),
        leg("user:2", -5_00)), NOW));
    ledger.send(KudosCommands.transaction(transaction("t2", KudosKind.AWARD,
        leg("user:1", AccountBook.MAX_AMOUNT_CENTI + 1), leg("system:mint", -AccountBook.MAX_AMOUNT_CENTI - 1)), NOW));
    ledger.drain();

    // Then
    assertThat(ledger.journal).isEmpty();
  }

  @Test
  void anUntrustedOwnerEarnsHalfOfAGenerationIntoEscrowAndAllOfAnUptimeReward() {
    // Given
    open("user:1", 25_00, 100_00L);
    open("user:2", 25_00, 100_00L);

    // When
    ledger.send(KudosCommands.transaction(transaction("generation:j1", KudosKind.GENERATION,
        leg("user:1", -11_45), leg("system:burn", 1_00), leg("user:2", 10_45)), NOW));
    ledger.send(KudosCommands.transaction(transaction("uptime:w1:601", KudosKind.UPTIME_REWARD,
        leg("user:2", 30_00), leg("system:mint", -30_00)), NOW));
    ledger.drain();

    // Then the escrowed half is rounded up to the cent, the spendable half counts as accumulated
    assertThat(ledger.balance("user:2")).isEqualTo(105_22);
    assertThat(ledger.account("user:2").getEscrowCenti()).isEqualTo(5_23 + 30_00);
    assertThat(ledger.account("user:2").getDetails()).containsEntry("accumulated", 5_22L);
    assertThat(postingsOf("generation:j1")).filteredOn(p -> p.getAccount().equals("escrow:2"))
        .extracting(KudosPosting::getAmountCenti).containsExactly(5_23L);
    assertThat(ledger.balances().values().stream().mapToLong(Long::longValue).sum()).isZero();
  }

  @Test
  void trustedAnonymousAndExemptCreditsAreSpendable() {
    // Given a trusted user, the anonymous user and an untrusted alchemist owner
    open("user:0", -50_00, 0L);
    open("user:1", 25_00, 100_00L);
    open("user:2", 25_00, 100_00L);
    open("user:3", 25_00, 100_00L);
    trust("user:2", true);

    // When
    ledger.send(KudosCommands.transaction(transaction("generation:j1", KudosKind.GENERATION,
        leg("user:1", -10_00), leg("user:2", 5_00), leg("user:0", 5_00)), NOW));
    ledger.send(KudosCommands.transaction(KudosTransaction.newBuilder(transaction("uptime:a1:601",
        KudosKind.UPTIME_REWARD, leg("user:3", 40_00), leg("system:mint", -40_00))).setEscrowExempt(true).build(),
        NOW));
    ledger.drain();

    // Then
    assertThat(ledger.balance("user:2")).isEqualTo(105_00);
    assertThat(ledger.balance("user:0")).isEqualTo(5_00);
    assertThat(ledger.balance("user:3")).isEqualTo(140_00);
    assertThat(ledger.journal).noneMatch(p -> p.getAccount().startsWith("escrow:"));
  }

  @Test
  void trustingReleasesTheEscrowToTheBalanceAndLaterEarningsAreSpendable() {
    // Given an untrusted owner with 30 kudos in escrow
    open("user:2", 25_00, 100_00L);
    ledger.send(KudosCommands.transaction(transaction("uptime:w1:601", KudosKind.UPTIME_REWARD,
        leg("user:2", 30_00), leg("system:mint", -30_00)), NOW));
    ledger.drain();

    // When
    trust("user:2", true);
    ledger.send(KudosCommands.transaction(transaction("uptime:w1:1202", KudosKind.UPTIME_REWARD,
        leg("user:2", 30_00), leg("system:mint", -30_00)), NOW));
    ledger.drain();

    // Then
    assertThat(ledger.balance("user:2")).isEqualTo(160_00);
    assertThat(ledger.account("user:2").getEscrowCenti()).isZero();
    assertThat(ledger.account("user:2").getDetails()).containsEntry("accumulated", 60_00L);
    assertThat(ledger.journal).filteredOn(p -> p.getKind() == KudosKind.ESCROW_RELEASE)
        .extracting(p -> p.getAccount() + " " + p.getAmountCenti())
        .containsExactly("escrow:2 -3000", "user:2 3000");

    // When distrusted again
    trust("user:2", false);
    ledger.send(KudosCommands.transaction(transaction("uptime:w1:1803", KudosKind.UPTIME_REWARD,
        leg("user:2", 30_00), leg("system:mint", -30_00)), NOW));
    ledger.drain();

    // Then
    assertThat(ledger.balance("user:2")).isEqualTo(160_00);
    assertThat(ledger.account("user:2").getEscrowCenti()).isEqualTo(30_00);
  }

  @Test
  void anEscrowAboveTheThresholdAsksTheRegistryToConsiderTrustingTheUser() {
    // Given a threshold of 50 kudos and an untrusted owner
    SimulatedLedger withThreshold = new SimulatedLedger(3, 50_00L);
    withThreshold.send(KudosCommands.open("user:2", "open-user:2", 25_00, 100_00L, NOW));

    // When the escrow reaches 50, then passes it
    withThreshold.send(KudosCommands.transaction(transaction("uptime:w1:601", KudosKind.UPTIME_REWARD,
        leg("user:2", 50_00), leg("system:mint", -50_00)), NOW));
    withThreshold.drain();
    assertThat(withThreshold.registry).isEmpty();
    withThreshold.send(KudosCommands.transaction(transaction("uptime:w1:1202", KudosKind.UPTIME_REWARD,
        leg("user:2", 1), leg("system:mint", -1)), NOW));
    withThreshold.drain();

    // Then
    assertThat(withThreshold.registry).singleElement().satisfies(ask -> {
      assertThat(ask.getCommand()).isEqualTo(new ConsiderTrust(2L, 50_01L));
      assertThat(ask.getRequesterId()).isNull();
    });
  }

  /** A user account other than this one whose commands land on the same partition. */
  private String sameTaskAs(String account) {
    return firstUser(id -> !id.equals(account) && ledger.partitionOf(id) == ledger.partitionOf(account));
  }

  /** A user account whose commands land on another partition than this one's. */
  private String otherTaskThan(String account) {
    return firstUser(id -> ledger.partitionOf(id) != ledger.partitionOf(account));
  }

  private static String firstUser(java.util.function.Predicate<String> wanted) {
    for (int id = 1; ; id++) {
      if (wanted.test("user:" + id)) {
        return "user:" + id;
      }
    }
  }

  private void trust(String account, boolean trusted) {
    ledger.send(KudosCommands.trust(account, "trust-" + account + "-" + trusted, trusted, NOW));
    ledger.drain();
  }

  private void open(String account, long floorCenti, Long targetCenti) {
    ledger.send(KudosCommands.open(account, "open-" + account, floorCenti, targetCenti, NOW));
    ledger.drain();
  }

  private List<KudosPosting> postingsOf(String transactionId) {
    return ledger.journal.stream().filter(p -> p.getTransactionId().equals(transactionId)).toList();
  }

  static KudosCommand transfer(String source, String transferId, String destination, long amountCenti) {
    return KudosCommands.replyingTo(KudosCommands.transfer(source, transferId, destination, amountCenti, NOW),
        "ingress", "corr-" + transferId);
  }

  static KudosCommand reserve(String account, String holdId, long amountCenti) {
    return KudosCommands.replyingTo(KudosCommands.reserve(account, holdId, amountCenti, NOW.plusSeconds(7200), NOW),
        "ingress", "corr-" + holdId);
  }

  static KudosTransaction transaction(String id, KudosKind kind, KudosLeg... legs) {
    return new KudosTransaction(id, kind, List.of(legs), null, NOW, null, null, false);
  }

  static KudosLeg leg(String account, long amountCenti) {
    return new KudosLeg(account, amountCenti);
  }
}
