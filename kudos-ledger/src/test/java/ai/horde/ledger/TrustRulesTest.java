package ai.horde.ledger;

import static ai.horde.ledger.RegistryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.Suspicion;
import ai.horde.events.ChangeUser;
import ai.horde.events.ConsiderTrust;
import ai.horde.events.KudosCommand;
import ai.horde.events.RecordSuspicion;
import ai.horde.events.RegisterUser;
import ai.horde.events.SetTrust;
import ai.horde.events.UserChanged;
import ai.horde.events.UserSuspected;
import ai.horde.events.UserSuspicionReset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suspicion and trust at the registry (spec R3.11.6, §3.12, §4.6; docs/decisions/0016): given, when, then. */
class TrustRulesTest {
  private final RegistryFixture registry = new RegistryFixture();

  @Test
  void aReportedSuspicionIsRecordedOnceUnlessItAccumulates() {
    // Given
    registry.givenUser(1);

    // When
    var first = registry.when(null, new RecordSuspicion(1L, "UNSAFE_IP", "w1"));
    var again = registry.when(null, new RecordSuspicion(1L, "UNSAFE_IP", "w1"));
    registry.when(null, new RecordSuspicion(1L, "UNREASONABLY_FAST", "w1"));
    registry.when(null, new RecordSuspicion(1L, "UNREASONABLY_FAST", "w1"));

    // Then
    assertThat(first.userEvents()).singleElement()
        .satisfies(event -> assertThat(event.getEvent()).isEqualTo(new UserSuspected("UNSAFE_IP", "w1")));
    assertThat(first.reply()).isNull();
    assertThat(again.userEvents()).isEmpty();
    assertThat(registry.user(1).getSuspicions()).containsExactly("UNSAFE_IP", "UNREASONABLY_FAST",
        "UNREASONABLY_FAST");
  }

  @Test
  void theAnonymousUserAnUnknownUserAndAnUnknownReasonAccrueNothing() {
    // Given
    registry.givenUser(1);

    // Then
    assertThat(registry.when(null, new RecordSuspicion(0L, "CORRUPT_PROMPT", null)).userEvents()).isEmpty();
    assertThat(registry.when(null, new RecordSuspicion(9L, "CORRUPT_PROMPT", null)).userEvents()).isEmpty();
    assertThat(registry.when(null, new RecordSuspicion(1L, "NOT_A_REASON", null)).userEvents()).isEmpty();
  }

  @Test
  void fiveReasonsMakeAnUntrustedUserSuspiciousAndResetSuspicionClearsThem() {
    // Given a user with five reasons, and a moderator
    registry.givenUser(1);
    registry.givenUser(2, user -> user.setModerator(true).setTrusted(true));
    for (Suspicion reason : List.of(Suspicion.values()).subList(0, Suspicion.THRESHOLD)) {
      registry.when(null, new RecordSuspicion(1L, reason.name(), null));
    }
    assertThat(Accounts.suspicious(registry.user(1))).isTrue();

    // When
    var decision = registry.when(2L, new ChangeUser(1L, UserChanged.newBuilder().build(), null, true, false, false));

    // Then
    assertThat(decision.userEvents()).singleElement()
        .satisfies(event -> assertThat(event.getEvent()).isInstanceOf(UserSuspicionReset.class));
    assertThat(registry.user(1).getSuspicions()).isEmpty();
    assertThat(Accounts.suspicious(registry.user(1))).isFalse();
  }

  @Test
  void anEscrowAboveTheThresholdTrustsAWeekOldUserWhoIsNotSuspicious() {
    // Given a user created eight days ago
    registry.givenUser(1, user -> user.setCreatedAt(NOW.minusSeconds(8 * 86_400)));

    // When
    var decision = registry.when(null, new ConsiderTrust(1L, 100_00L));

    // Then the user is trusted, and the ledger told to release the escrow
    assertThat(registry.user(1).getTrusted()).isTrue();
    assertThat(decision.userEvents()).singleElement().satisfies(event ->
        assertThat(event.getEvent()).isEqualTo(UserChanged.newBuilder().setTrusted(true).build()));
    assertThat(decision.kudosCommands()).extracting(KudosCommand::getAccount, KudosCommand::getCommand)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("user:1", new SetTrust(true)));
  }

  @Test
  void aYoungSuspiciousTrustedOrAnonymousUserIsNotTrustedAutomatically() {
    // Given
    registry.givenUser(1, user -> user.setCreatedAt(NOW.minusSeconds(6 * 86_400)));
    registry.givenUser(2, user -> user.setSuspicions(List.of("UNSAFE_IP", "WORKER_NAME_LONG", "WORKER_PROFANITY",
        "USERNAME_LONG", "CORRUPT_PROMPT")));
    registry.givenUser(3, user -> user.setTrusted(true));

    // Then
    for (long id : new long[] {0, 1, 2, 3, 9}) {
      var decision = registry.when(null, new ConsiderTrust(id, 100_00L));
      assertThat(decision.userEvents()).as("user %d", id).isEmpty();
      assertThat(decision.kudosCommands()).as("user %d", id).isEmpty();
    }
  }

  @Test
  void everyChangeOfAUsersTrustIsToldToTheLedger() {
    // Given a moderator and an untrusted user
    registry.givenUser(1, user -> user.setModerator(true).setTrusted(true));
    registry.givenUser(2);

    // When a moderator trusts, then distrusts the user, and a trusted user registers
    var trusted = registry.when(1L, new ChangeUser(2L, UserChanged.newBuilder().setTrusted(true).build(), null,
        false, false, false));
    var unchanged = registry.when(1L, new ChangeUser(2L, UserChanged.newBuilder().setTrusted(true).build(), null,
        false, false, false));
    var distrusted = registry.when(1L, new ChangeUser(2L, UserChanged.newBuilder().setTrusted(false).build(), null,
        false, false, false));
    var registered = registry.when(null, RegisterUser.newBuilder().setUsername("new").setOauthId("oauth-new")
        .setApiKeyHash("hash-new").setTrusted(true).build());

    // Then
    assertThat(trusted.kudosCommands()).extracting(KudosCommand::getCommand).containsExactly(new SetTrust(true));
    assertThat(unchanged.kudosCommands()).isEmpty();
    assertThat(distrusted.kudosCommands()).extracting(KudosCommand::getCommand).containsExactly(new SetTrust(false));
    // The account is opened first, then trusted.
    assertThat(registered.kudosCommands()).extracting(command -> command.getCommand().getClass().getSimpleName())
        .containsExactly("OpenAccount", "SetTrust");
  }
}
