package ai.horde.ledger;

import static ai.horde.ledger.RegistryFixture.NOW;
import static ai.horde.ledger.RegistryFixture.answer;
import static ai.horde.ledger.RegistryFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountAnswer;
import ai.horde.events.IpTimeout;
import ai.horde.events.ReleaseIpTimeout;
import ai.horde.events.SetIpTimeout;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IpTimeoutRulesTest {
  private final RegistryFixture registry = new RegistryFixture();

  @BeforeEach
  void users() {
    // Given a moderator (1) and a plain user (2)
    registry.givenUser(1, user -> user.setModerator(true));
    registry.givenUser(2);
  }

  @Test
  void aModeratorsTimeoutLastsItsMinutesFromTheCommand() {
    // When
    var decision = registry.when(1L, new SetIpTimeout("203.0.113.7", false, 90L, "moderator"));

    // Then
    assertThat(decision.ipTimeouts()).containsExactlyEntriesOf(java.util.Map.of("203.0.113.7",
        new IpTimeout("203.0.113.7", false, NOW.plus(Duration.ofMinutes(90)), "moderator")));
    assertThat(answer(decision)).isEqualTo(new AccountAnswer("203.0.113.7", null));
  }

  @Test
  void aLaterTimeoutOfTheSameAddressReplacesTheEarlierEvenWhenShorter() {
    // Given a timeout of a block for a day
    registry.when(1L, new SetIpTimeout("2001:db8::/64", true, 1440L, "worker"));

    // When the block is timed out again an hour later, for an hour
    Instant later = NOW.plus(Duration.ofHours(1));
    registry.when(1L, false, later, new SetIpTimeout("2001:db8::/64", true, 60L, "moderator"));

    // Then
    assertThat(registry.ipTimeout("2001:db8::/64").getUntil()).isEqualTo(later.plus(Duration.ofHours(1)));
  }

  @Test
  void aReleaseIsATombstoneAndReleasingNothingWritesNothing() {
    // Given
    registry.when(1L, new SetIpTimeout("203.0.113.7", false, 60L, "moderator"));

    // When
    var released = registry.when(1L, new ReleaseIpTimeout("203.0.113.7"));
    var again = registry.when(1L, new ReleaseIpTimeout("203.0.113.7"));

    // Then
    assertThat(released.ipTimeouts()).containsKey("203.0.113.7").containsValue(null);
    assertThat(registry.ipTimeout("203.0.113.7")).isNull();
    assertThat(again.ipTimeouts()).isEmpty();
    assertThat(answer(again)).isEqualTo(new AccountAnswer("203.0.113.7", null));
  }

  @Test
  void onlyModeratorsAndAdminsManageTimeouts() {
    // When / Then
    assertThat(refusal(registry.when(2L, new SetIpTimeout("203.0.113.7", false, 60L, "moderator"))))
        .isEqualTo("403 NotModerator");
    assertThat(refusal(registry.when(2L, new ReleaseIpTimeout("203.0.113.7")))).isEqualTo("403 NotModerator");
    assertThat(refusal(registry.when(99L, new SetIpTimeout("203.0.113.7", false, 60L, "moderator"))))
        .isEqualTo("401 InvalidAPIKey");
    assertThat(registry.ipTimeouts).isEmpty();
    assertThat(registry.whenAdmin(2L, new SetIpTimeout("203.0.113.7", false, 60L, "moderator")).ipTimeouts())
        .containsKey("203.0.113.7");
  }
}
