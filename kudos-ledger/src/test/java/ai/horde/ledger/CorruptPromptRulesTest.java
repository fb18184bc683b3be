package ai.horde.ledger;

import static ai.horde.ledger.RegistryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.accounts.Accounts;
import ai.horde.events.IpTimeout;
import ai.horde.events.ReportCorruptPrompt;
import ai.horde.events.UserSuspected;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorruptPromptRulesTest {
  private static final String IP = "203.0.113.7";
  private final RegistryFixture registry = new RegistryFixture();

  private RegistryDecision report(long userId, Instant at, boolean serviceIp) {
    return registry.when(null, false, at, new ReportCorruptPrompt(IP, userId, serviceIp));
  }

  private static Duration timeout(RegistryDecision decision, Instant at) {
    IpTimeout timeout = decision.ipTimeouts().get(IP);
    assertThat(timeout.getReason()).isEqualTo("corrupt_prompt");
    return Duration.between(at, timeout.getUntil());
  }

  @Test
  void eachOffenceWithinADayTimesTheIpOutLonger() {
    // Given
    registry.givenUser(1);
    Instant later = NOW.plus(Duration.ofHours(23));

    // When
    var first = report(1, NOW, false);
    var second = report(1, later, false);
    var third = report(1, later, false);

    // Then
    assertThat(timeout(first, NOW)).isEqualTo(Duration.ofMinutes(3));
    assertThat(timeout(second, later)).isEqualTo(Duration.ofMinutes(9));
    assertThat(timeout(third, later)).isEqualTo(Duration.ofMinutes(15));
    assertThat(first.reply()).isNull();
  }

  @Test
  void theCountIsForgottenADayAfterTheLastOffence() {
    // Given
    registry.givenUser(1);
    report(1, NOW, false);
    report(1, NOW.plus(Duration.ofHours(20)), false);
    Instant dayAfterLast = NOW.plus(Duration.ofHours(44));

    // When
    var decision = report(1, dayAfterLast, false);

    // Then
    assertThat(timeout(decision, dayAfterLast)).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void aServiceAddressIsCappedAtFiveMinutesAndForgottenAfterAnHour() {
    // Given
    registry.givenUser(1);
    report(1, NOW, true);

    // When
    var second = report(1, NOW.plus(Duration.ofMinutes(59)), true);
    Instant hourLater = NOW.plus(Duration.ofMinutes(120));
    var afterAnHour = report(1, hourLater, true);

    // Then
    assertThat(timeout(second, NOW.plus(Duration.ofMinutes(59)))).isEqualTo(Duration.ofMinutes(5));
    assertThat(timeout(afterAnHour, hourLater)).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void theUserIsSuspectedOnceAndTheAnonymousUserNever() {
    // Given
    registry.givenUser(1);

    // When
    var first = report(1, NOW, false);
    var second = report(1, NOW, false);
    var anonymous = report(Accounts.ANONYMOUS_ID, NOW, false);

    // Then
    assertThat(first.userEvents()).singleElement()
        .satisfies(event -> assertThat(event.getEvent()).isEqualTo(new UserSuspected("CORRUPT_PROMPT", null)));
    assertThat(registry.user(1).getSuspicions()).isEqualTo(List.of("CORRUPT_PROMPT"));
    assertThat(second.userEvents()).isEmpty();
    assertThat(anonymous.userEvents()).isEmpty();
    assertThat(anonymous.ipTimeouts()).containsKey(IP);
  }
}
