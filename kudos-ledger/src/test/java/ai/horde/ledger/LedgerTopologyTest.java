package ai.horde.ledger;

import static ai.horde.ledger.LedgerDriver.leg;
import static ai.horde.ledger.LedgerDriver.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ai.horde.events.KudosLeg;
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
    assertThat(ledger.balances()).isEmpty();
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
  void aRegistrationWithKudosSetsTheBalanceAgainstTheMintAndARefreshMovesItToTheNewTarget() {
    // When
    ledger.register("cmd-1", "alice", "oauth-a", "hash-1", false, 1_000_000L);

    // Then
    assertThat(ledger.balances()).containsOnly(entry("user:1", 1_000_000L), entry("system:mint", -1_000_000L));

    // When
    ledger.register("cmd-2", "alice", "oauth-a", "hash-2", false, 250_000L);

    // Then
    assertThat(ledger.balances()).containsOnly(entry("user:1", 250_000L), entry("system:mint", -250_000L));
    assertThat(ledger.postings.readValuesToList()).extracting(posting -> posting.getPostingId())
        .containsExactly("adjust:registration:cmd-1#0", "adjust:registration:cmd-1#1",
            "adjust:registration:cmd-2#0", "adjust:registration:cmd-2#1");
  }

  @Test
  void postingsFoldIntoBalancesAndEachNewBalanceIsPublished() {
    // When
    ledger.transact(transaction("t1", leg("user:1", 500), leg("user:2", -500)));
    ledger.transact(transaction("t2", leg("user:1", -200), leg("user:2", 150), leg("system:mint", 50)));

    // Then
    assertThat(ledger.balances())
        .containsOnly(entry("user:1", 300L), entry("user:2", -350L), entry("system:mint", 50L));
    assertThat(ledger.balanceUpdates.readKeyValuesToList())
        .extracting(update -> update.key + "=" + update.value.getBalanceCenti() + " after "
            + update.value.getLastPostingId() + " at " + update.value.getUpdatedAt())
        .containsExactly(
            "user:1=500 after t1#0 at 2026-01-01T00:00:00Z", "user:2=-500 after t1#1 at 2026-01-01T00:00:00Z",
            "user:1=300 after t2#0 at 2026-01-01T00:00:00Z", "user:2=-350 after t2#1 at 2026-01-01T00:00:00Z",
            "system:mint=50 after t2#2 at 2026-01-01T00:00:00Z");
  }

  @Test
  void theSameTransactionTwiceChangesNothingTheSecondTime() {
    // Given
    KudosTransaction transaction = transaction("t1", leg("user:1", 500), leg("user:2", -500));
    ledger.transact(transaction);
    ledger.balanceUpdates.readValuesToList();

    // When
    ledger.transact(transaction);

    // Then
    assertThat(ledger.balanceUpdates.isEmpty()).isTrue();
    assertThat(ledger.balances()).containsOnly(entry("user:1", 500L), entry("user:2", -500L));
  }

  @Test
  void anUnbalancedTransactionChangesNoBalance() {
    // When
    ledger.transact(transaction("t1", leg("user:1", 500), leg("user:2", -400)));

    // Then
    assertThat(ledger.postings.isEmpty()).isTrue();
    assertThat(ledger.balances()).isEmpty();
  }

  @Test
  void randomBalancedTransactionsSomeReplayedLeaveEachBalanceAtTheSumOfItsDistinctLegs() {
    // Given
    Random random = new Random(20260101);
    List<String> accounts = List.of("user:1", "user:2", "user:3", "user:4", "system:mint");
    List<KudosTransaction> sent = new ArrayList<>();
    Map<String, Long> expected = new HashMap<>();

    // When
    for (int i = 0; i < 300; i++) {
      if (!sent.isEmpty() && random.nextInt(5) == 0) {
        ledger.transact(sent.get(random.nextInt(sent.size())));
        continue;
      }
      KudosTransaction transaction = randomBalancedTransaction("t" + i, accounts, random);
      transaction.getLegs().forEach(leg -> expected.merge(leg.getAccount(), leg.getAmountCenti(), Long::sum));
      sent.add(transaction);
      ledger.transact(transaction);
    }

    // Then
    Map<String, Long> balances = ledger.balances();
    assertThat(balances).isEqualTo(expected);
    assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).isZero();
  }

  private static KudosTransaction randomBalancedTransaction(String id, List<String> accounts, Random random) {
    int legCount = 2 + random.nextInt(3);
    var legs = new ArrayList<KudosLeg>();
    long sum = 0;
    for (int i = 0; i < legCount - 1; i++) {
      long amount = random.nextInt(20_001) - 10_000;
      legs.add(leg(accounts.get(random.nextInt(accounts.size())), amount));
      sum += amount;
    }
    legs.add(leg(accounts.get(random.nextInt(accounts.size())), -sum));
    return transaction(id, legs.toArray(KudosLeg[]::new));
  }
}
