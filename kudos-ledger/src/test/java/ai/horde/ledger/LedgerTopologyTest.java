package ai.horde.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.KudosAccount;
import ai.horde.events.KudosAnswer;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosPosting;
import ai.horde.events.KudosTransaction;
import ai.horde.events.Reply;
import ai.horde.events.UserApiKeyRotated;
import ai.horde.events.UserCreated;
import ai.horde.events.UserEvent;
import ai.horde.events.UserRegistrationAnswer;
import ai.horde.events.UserRolesChanged;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTopologyTest {
  @TempDir Path stateDir;
  private LedgerDriver ledger;

  @BeforeEach
  void start() {
    ledger = new LedgerDriver(stateDir);
  }

  @AfterEach
  void stop() {
    ledger.close();
  }

  @Test
  void theFirstRegistrationCreatesUserOneAndRepliesToItsIngress() {
    // When
    ledger.register("cmd-1", "alice", "oauth-a", "hash-1", false, null);

    // Then
    List<KeyValue<String, UserEvent>> events = ledger.userEvents.readKeyValuesToList();
    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.key).isEqualTo("1");
      assertThat(event.value.getUserId()).isEqualTo(1);
      assertThat(event.value.getOccurredAt()).isEqualTo(LedgerDriver.NOW);
      assertThat(event.value.getEvent()).isEqualTo(UserCreated.newBuilder().setUsername("alice")
          .setOauthId("oauth-a").setApiKeyHash("hash-1").setModerator(false).setTrusted(false).setConcurrency(30)
          .build());
    });
    KeyValue<String, Reply> reply = ledger.replies.readKeyValue();
    assertThat(reply.key).isEqualTo(LedgerDriver.REPLY_TO);
    assertThat(reply.value.getCorrelationId()).isEqualTo("cmd-1");
    assertThat(reply.value.getBody()).isEqualTo(new UserRegistrationAnswer(1L, "alice#1", true));
    assertThat(ledger.balances()).containsOnly(entry("user:1", 0L));
  }

  @Test
  void anotherOauthIdGetsTheNextId() {
    // Given
    ledger.register("cmd-1", "alice", "oauth-a", "hash-1", false, null);

    // When
    ledger.register("cmd-2", "bob", "oauth-b", "hash-2", false, null);

    // Then
    assertThat(ledger.replies.readValuesToList()).extracting(Reply::getBody).containsExactly(
        new UserRegistrationAnswer(1L, "alice#1", true), new UserRegistrationAnswer(2L, "bob#2", true));
  }

  @Test
  void theSameOauthIdKeepsItsIdRotatesItsKeyAndChangesItsRoles() {
    // Given
    ledger.register("cmd-1", "alice", "oauth-a", "hash-1", false, null);
    ledger.register("cmd-2", "bob", "oauth-b", "hash-2", false, null);
    ledger.userEvents.readValuesToList();
    ledger.replies.readValuesToList();

    // When
    ledger.register("cmd-3", "renamed", "oauth-a", "hash-3", true, null);

    // Then
    List<KeyValue<String, UserEvent>> events = ledger.userEvents.readKeyValuesToList();
    assertThat(events).extracting(event -> event.key).containsOnly("1");
    assertThat(events).extracting(event -> event.value.getEvent())
        .containsExactly(new UserApiKeyRotated("hash-3"), new UserRolesChanged(true, false));
    assertThat(ledger.replies.readValue().getBody()).isEqualTo(new UserRegistrationAnswer(1L, "alice#1", false));
  }

  @Test
  void aRegistrationOpensTheAccountAtItsKudosAgainstTheMintAndARefreshMovesItToTheNewTarget() {
    // When
    ledger.register("cmd-1", "alice", "oauth-a", "hash-1", false, 1_000_000L);

    // Then
    assertThat(ledger.balances()).containsOnly(entry("user:1", 1_000_000L), entry("system:mint@0", -1_000_000L));

    // When
    ledger.register("cmd-2", "alice", "oauth-a", "hash-2", false, 250_000L);

    // Then
    assertThat(ledger.balances()).containsOnly(entry("user:1", 250_000L), entry("system:mint@0", -250_000L));
    assertThat(ledger.postings.readValuesToList()).extracting(KudosPosting::getPostingId)
        .containsExactly("open:cmd-1#0", "open:cmd-1#1", "open:cmd-2#0", "open:cmd-2#1");
    assertThat(ledger.balanceUpdates.readKeyValuesToList()).last().satisfies(update -> {
      assertThat(update.key).isEqualTo("system:mint@0");
      assertThat(update.value.getBalanceCenti()).isEqualTo(-250_000L);
    });
  }

  @Test
  void toldThePartitionCountATaskAppliesTheLegsOfTheAccountsItOwnsWithoutTheCommandsTopic() {
    // Given a ledger that knows its commands topic has three partitions (the driver's task is partition 0), and
    // a source and a destination whose commands land on partition 0
    ledger.close();
    ledger = new LedgerDriver(stateDir.resolve("three"), null, 3);
    List<String> ownedByTaskZero = new ArrayList<>();
    for (int id = 1; ownedByTaskZero.size() < 2; id++) {
      if (AccountBook.partitionOf("user:" + id, 3) == 0) {
        ownedByTaskZero.add("user:" + id);
      }
    }
    String source = ownedByTaskZero.get(0);
    String destination = ownedByTaskZero.get(1);
    ledger.send(KudosCommands.open(source, "open-source", 25_00L, 100_00L, LedgerDriver.NOW));
    ledger.send(KudosCommands.open(destination, "open-destination", 25_00L, 0L, LedgerDriver.NOW));

    // When
    ledger.send(AccountBookTest.transfer(source, "transfer:" + source + ":k", destination, 30_00));

    // Then both legs were applied in the source's step: no remote leg, no transit
    assertThat(ledger.kudosCommands.readValuesToList()).isEmpty();
    assertThat(ledger.balances()).contains(entry(source, 70_00L), entry(destination, 30_00L))
        .doesNotContainKey("system:transit@0");
    assertThat(ledger.replies.readValuesToList()).extracting(Reply::getBody)
        .containsExactly(new KudosAnswer(true, 30_00L, 0L));
  }

  @Test
  void aTransferIsDebitedCreditedThroughTheCommandsTopicAndAnsweredOnce() {
    // Given
    ledger.register("cmd-1", "alice", "oauth-a", "hash-1", false, 100_00L);
    ledger.register("cmd-2", "bob", "oauth-b", "hash-2", false, 100_00L);
    ledger.replies.readValuesToList();

    // When
    ledger.send(AccountBookTest.transfer("user:1", "transfer:user:1:k", "user:2", 30_00));

    // Then
    assertThat(ledger.balances()).contains(entry("user:1", 70_00L), entry("user:2", 130_00L),
        entry("system:transit@0", 0L));
    assertThat(ledger.replies.readValuesToList()).extracting(Reply::getBody)
        .containsExactly(new KudosAnswer(true, 30_00L, 0L));
    assertThat(ledger.balanceUpdates.readKeyValuesToList()).filteredOn(update -> update.key.equals("user:2"))
        .last().satisfies(update -> assertThat(update.value.getDetails()).containsEntry("received", 30_00L));
    // And the metrics counted the transfer and its remote leg; a conflicting repeat is refused, posting nothing
    assertThat(ledger.meters.get("horde.ledger.commands").tags("command", "TransferKudos", "outcome", "done")
        .counter().count()).isEqualTo(1);
    assertThat(ledger.meters.get("horde.ledger.commands").tags("command", "RemoteLeg", "outcome", "done")
        .counter().count()).isEqualTo(1);
    double postings = ledger.meters.get("horde.ledger.postings").counter().count();
    ledger.send(AccountBookTest.transfer("user:1", "transfer:user:1:k", "user:2", 31_00));
    assertThat(ledger.meters.get("horde.ledger.commands").tags("command", "TransferKudos", "outcome", "refused")
        .counter().count()).isEqualTo(1);
    assertThat(ledger.meters.get("horde.ledger.postings").counter().count()).isEqualTo(postings);
  }

  @Test
  void anEscrowPastTheThresholdTrustsAWeekOldUserThroughTheRegistryAndReleasesTheEscrow() {
    // Given a ledger with a trust threshold of 50 kudos and an untrusted user registered at NOW
    try (LedgerDriver trusting = new LedgerDriver(stateDir.resolve("trusting"), 50_00L)) {
      trusting.register("cmd-1", "alice", "oauth-a", "hash-1", false, 100_00L);

      // When, eight days later, an uptime reward of 60 goes to the user's escrow
      trusting.send(KudosCommands.transaction(KudosTransaction.newBuilder().setTransactionId("uptime:w1:601")
          .setKind(KudosKind.UPTIME_REWARD).setLegs(List.of(new KudosLeg("user:1", 60_00L),
              new KudosLeg(Accounts.MINT, -60_00L))).setOccurredAt(LedgerDriver.NOW).build(),
          LedgerDriver.NOW.plus(java.time.Duration.ofDays(8))));

      // Then the ledger asked the registry, which trusted the user and told the ledger, which released the escrow
      assertThat(trusting.userEvents.readValuesToList()).extracting(UserEvent::getEvent)
          .contains(ai.horde.events.UserChanged.newBuilder().setTrusted(true).build());
      KudosAccount account = trusting.account("user:1");
      assertThat(account.getTrusted()).isTrue();
      assertThat(account.getEscrowCenti()).isZero();
      assertThat(account.getBalanceCenti()).isEqualTo(160_00);
      assertThat(trusting.balances().values().stream().mapToLong(Long::longValue).sum()).isZero();
    }
  }

  @Test
  void theSameTransactionTwiceChangesNothingTheSecondTime() {
    // Given
    KudosTransaction transaction = transaction("t1", leg("user:1", -500), leg("user:2", 500));
    ledger.transact(transaction);
    ledger.balanceUpdates.readValuesToList();
    Map<String, Long> before = ledger.balances();

    // When
    ledger.transact(transaction);

    // Then
    assertThat(ledger.balanceUpdates.isEmpty()).isTrue();
    assertThat(ledger.balances()).isEqualTo(before);
  }

  @Test
  void randomCommandsSomeReplayedKeepTheBooksBalancedAndTheJournalReplaysToTheStore() {
    // Given
    Random random = new Random(20260101);
    List<String> users = List.of("user:1", "user:2", "user:3", "user:4");
    List<KudosCommand> sent = new ArrayList<>();

    // When
    for (int i = 0; i < 400; i++) {
      KudosCommand command;
      if (!sent.isEmpty() && random.nextInt(5) == 0) {
        command = sent.get(random.nextInt(sent.size()));
      } else if (random.nextBoolean()) {
        command = KudosCommands.transaction(randomTransaction("t" + i, users, random), LedgerDriver.NOW);
      } else {
        String source = users.get(random.nextInt(users.size()));
        command = AccountBookTest.transfer(source, "transfer:" + source + ":" + i,
            users.get(random.nextInt(users.size())), random.nextInt(5_000));
      }
      sent.add(command);
      ledger.send(command);
    }

    // Then
    Map<String, Long> balances = ledger.balances();
    assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).isZero();
    Map<String, Long> replayed = new HashMap<>();
    for (KudosPosting posting : ledger.postings.readValuesToList()) {
      long after = replayed.merge(posting.getAccount(), posting.getAmountCenti(), Long::sum);
      assertThat(posting.getBalanceAfterCenti()).as(posting.getPostingId()).isEqualTo(after);
    }
    assertThat(replayed).isEqualTo(balances);
  }

  private static KudosTransaction randomTransaction(String id, List<String> users, Random random) {
    var legs = new ArrayList<KudosLeg>();
    long sum = 0;
    legs.add(leg(users.get(random.nextInt(users.size())), -random.nextInt(10_000)));
    sum += legs.get(0).getAmountCenti();
    for (int i = 0; i < random.nextInt(3); i++) {
      long amount = random.nextInt(10_000);
      legs.add(leg(random.nextInt(4) == 0 ? "system:burn" : users.get(random.nextInt(users.size())), amount));
      sum += amount;
    }
    legs.add(leg("system:mint", -sum));
    return transaction(id, legs.toArray(KudosLeg[]::new));
  }

  private static KudosTransaction transaction(String id, KudosLeg... legs) {
    return new KudosTransaction(id, KudosKind.GENERATION, List.of(legs), null, LedgerDriver.NOW, null, null, false);
  }

  private static KudosLeg leg(String account, long amountCenti) {
    return new KudosLeg(account, amountCenti);
  }
}
