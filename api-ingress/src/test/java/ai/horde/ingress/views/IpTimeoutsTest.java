package ai.horde.ingress.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.events.IpTimeout;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.views.IpTimeouts.Remaining;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IpTimeoutsTest {
  private static final Instant SET_AT = Instant.parse("2026-03-01T00:00:00Z");
  private final IpTimeouts timeouts = new IpTimeouts();

  private void given(String ipaddr, boolean block, Duration length) {
    timeouts.put(ipaddr, new IpTimeout(ipaddr, block, SET_AT.plus(length), "moderator"));
  }

  private static long at(Duration after) {
    return SET_AT.plus(after).toEpochMilli();
  }

  @Test
  void aTimeoutCountsDownAndEndsOnTime() {
    // Given
    given("203.0.113.7", false, Duration.ofMinutes(3));

    // Then
    assertThat(timeouts.remainingSeconds("203.0.113.7", at(Duration.ZERO))).isEqualTo(180);
    assertThat(timeouts.remainingSeconds("203.0.113.7", at(Duration.ofSeconds(179).plusMillis(1)))).isEqualTo(1);
    assertThat(timeouts.remainingSeconds("203.0.113.7", at(Duration.ofMinutes(3)))).isZero();
    assertThat(timeouts.remainingSeconds("203.0.113.8", at(Duration.ZERO))).isZero();
  }

  @Test
  void aBlockHoldsEveryAddressInItAndTheLongestTimeoutCounts() {
    // Given
    given("203.0.113.0/24", true, Duration.ofHours(1));
    given("203.0.0.0/16", true, Duration.ofHours(2));
    given("2001:db8:1:2::/64", true, Duration.ofHours(3));

    // Then
    assertThat(timeouts.remainingSeconds("203.0.113.99", at(Duration.ZERO))).isEqualTo(7200);
    assertThat(timeouts.remainingSeconds("203.0.200.1", at(Duration.ZERO))).isEqualTo(7200);
    assertThat(timeouts.remainingSeconds("203.1.0.1", at(Duration.ZERO))).isZero();
    assertThat(timeouts.remainingSeconds("2001:db8:1:2:ffff::1", at(Duration.ZERO))).isEqualTo(10800);
    assertThat(timeouts.remainingSeconds("2001:db8:1:3::1", at(Duration.ZERO))).isZero();
    assertThat(timeouts.remainingSeconds("garbage", at(Duration.ZERO))).isZero();
    assertThat(timeouts.blocks(at(Duration.ofMinutes(90)))).containsExactly(
        new Remaining("2001:db8:1:2::/64", 5400), new Remaining("203.0.0.0/16", 1800));
  }

  @Test
  void aReleaseEndsItAtOnce() {
    // Given
    given("203.0.113.0/24", true, Duration.ofHours(1));

    // When
    timeouts.put("203.0.113.0/24", null);

    // Then
    assertThat(timeouts.remainingSeconds("203.0.113.1", at(Duration.ZERO))).isZero();
  }

  @Test
  void theRefusalTellsTheSecondsUpToFourDays() {
    // Given
    given("203.0.113.7", false, Duration.ofDays(4));
    given("203.0.113.8", false, Duration.ofDays(4).plusSeconds(1));

    // Then
    assertThatThrownBy(() -> timeouts.check("203.0.113.7", at(Duration.ZERO))).isInstanceOfSatisfying(ApiError.class,
        e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.rc()).isEqualTo("TimeoutIP");
          assertThat(e.getMessage()).isEqualTo("Due to abuse prevention, your IP address has been put into timeout "
              + "for 345600 more seconds. Please try again later, or contact us on discord if you think this was an "
              + "error.");
        });
    assertThatThrownBy(() -> timeouts.check("203.0.113.8", at(Duration.ZERO))).hasMessage("Due to abuse "
        + "prevention, your IP address has been put into timeout. Please try again later, or contact us on discord "
        + "if you think this was an error.");
  }
}
