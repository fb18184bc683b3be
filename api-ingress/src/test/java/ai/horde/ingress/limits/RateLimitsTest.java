package ai.horde.ingress.limits;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.fixtures.TestClock;
import ai.horde.ingress.limits.RateLimits.Exceeded;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each limit of spec §3.14 trips at its count and lets calls through again after its period. */
class RateLimitsTest {
  private static final String IP = "203.0.113.7";
  private static final String KEY = "a-users-key";

  private final TestClock clock = new TestClock(Instant.parse("2026-12-04T10:00:00Z"));
  private RateLimits limits = limits("", 1, "");

  private RateLimits limits(String disabled, int instances, String whitelist) {
    return new RateLimits(new RateLimitSettings(disabled, instances, whitelist), clock);
  }

  /** Calls until one is refused; the number of calls let through. */
  private int throughUntilRefused(String ip, String method, String path, String key) {
    for (int i = 0; i < 1000; i++) {
      if (limits.take(ip, method, path, key) != null) {
        return i;
      }
    }
    return 1000;
  }

  @Test
  void textRequestsAreTwoASecondPerAddressAndPathAndAgainAfterTheSecond() {
    assertThat(throughUntilRefused(IP, "POST", "/generate/text/async", KEY)).isEqualTo(2);
    Exceeded refused = limits.take(IP, "POST", "/generate/text/async", KEY);
    assertThat(refused.limit()).isEqualTo("2 per 1 second");
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    // Another path and another address have their own counts
    assertThat(limits.take(IP, "POST", "/generate/async", KEY)).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(throughUntilRefused(IP, "POST", "/generate/text/async", KEY)).isEqualTo(2);
  }

  @Test
  void textRequestsAreNinetyAMinutePerAddressAndPath() {
    int through = 0;
    for (int second = 0; second < 60; second++) {
      through += throughUntilRefused(IP, "POST", "/generate/text/async", "key-" + second);
      clock.advance(Duration.ofSeconds(1));
      if (through >= 90) {
        break;
      }
    }
    assertThat(through).isEqualTo(90);
    Exceeded refused = limits.take(IP, "POST", "/generate/text/async", "another-key");
    assertThat(refused.limit()).isEqualTo("90 per 1 minute");
    assertThat(refused.retryAfterSeconds()).isBetween(1L, 60L);
  }

  @Test
  void aKeyIsTwoASecondFromAnyAddressButTheAnonymousKeySixty() {
    assertThat(throughUntilRefused("198.51.100.1", "POST", "/generate/async", KEY)
        + throughUntilRefused("198.51.100.2", "POST", "/generate/async", KEY)).isEqualTo(2);
    int anonymous = 0;
    for (int address = 0; address < 40; address++) {
      anonymous += throughUntilRefused("192.0.2." + address, "POST", "/generate/async", null);
    }
    assertThat(anonymous).isEqualTo(60);
  }

  @Test
  void transfersAreOneASecondAndNinetyAnHourPerKey() {
    assertThat(throughUntilRefused(IP, "POST", "/kudos/transfer", KEY)).isEqualTo(1);
    assertThat(limits.take(IP, "POST", "/kudos/transfer", KEY).limit()).isEqualTo("1 per 1 second");
    int through = 1;
    for (int second = 1; second < 200 && through < 90; second++) {
      clock.advance(Duration.ofSeconds(1));
      through += throughUntilRefused(IP, "POST", "/kudos/transfer", KEY);
    }
    clock.advance(Duration.ofSeconds(1));
    assertThat(through).isEqualTo(90);
    Exceeded refused = limits.take(IP, "POST", "/kudos/transfer", KEY);
    assertThat(refused.limit()).isEqualTo("90 per 1 hour");
    clock.advance(Duration.ofSeconds(refused.retryAfterSeconds()));
    assertThat(limits.take(IP, "POST", "/kudos/transfer", KEY)).isNull();
  }

  @Test
  void usersWorkersAndEverythingElseAreLimitedPerMinute() {
    assertThat(throughUntilRefused(IP, "GET", "/users/5", null)).isEqualTo(60);
    assertThat(throughUntilRefused(IP, "PUT", "/workers/3f0c", KEY)).isEqualTo(30);
    assertThat(throughUntilRefused(IP, "GET", "/workers/3f0c", null)).isEqualTo(30);
    assertThat(throughUntilRefused(IP, "GET", "/status/performance", null)).isEqualTo(90);
    assertThat(limits.take(IP, "GET", "/status/performance", null).limit()).isEqualTo("90 per 1 minute");
    // Each route has its own count, as flask-limiter keeps one per endpoint
    assertThat(throughUntilRefused(IP, "GET", "/stats/text/totals", null)).isEqualTo(90);
    clock.advance(Duration.ofMinutes(1));
    assertThat(limits.take(IP, "GET", "/users/5", null)).isNull();
    assertThat(limits.take(IP, "GET", "/status/performance", null)).isNull();
  }

  @Test
  void popsAndSubmitsAreSixtyASecondPerAddressEach() {
    assertThat(throughUntilRefused(IP, "POST", "/generate/text/pop", KEY)).isEqualTo(60);
    assertThat(throughUntilRefused(IP, "POST", "/generate/text/submit", KEY)).isEqualTo(60);
    assertThat(throughUntilRefused(IP, "POST", "/interrogate/pop", "another-key")).isEqualTo(60);
  }

  @Test
  void theHeartbeatAndTheObjectStoreAreNotLimited() {
    assertThat(throughUntilRefused(IP, "GET", "/status/heartbeat", null)).isEqualTo(1000);
    assertThat(throughUntilRefused(IP, "PUT", "/objects/abc.webp", null)).isEqualTo(1000);
  }

  @Test
  void whitelistedAddressesHaveTheHigherLimits() {
    limits = limits("", 1, "203.0.113.9, 203.0.113.10");
    assertThat(throughUntilRefused("203.0.113.9", "POST", "/generate/text/async", KEY)).isEqualTo(10);
    assertThat(throughUntilRefused(RateLimitSettings.SERVICE_ADDRESSES.get(0), "POST", "/generate/async", KEY))
        .isEqualTo(10);
  }

  @Test
  void eachOfSeveralInstancesEnforcesItsShare() {
    limits = limits("", 3, "");
    assertThat(throughUntilRefused(IP, "GET", "/users/5", null)).isEqualTo(20);
    // Rounded up: a limit of 1 stays 1
    assertThat(throughUntilRefused(IP, "POST", "/kudos/transfer", KEY)).isEqualTo(1);
  }

  @Test
  void theTestFlagTurnsEveryLimitOff() {
    limits = limits("true", 1, "");
    assertThat(throughUntilRefused(IP, "POST", "/generate/text/async", KEY)).isEqualTo(1000);
    limits = limits("false", 1, "");
    assertThat(throughUntilRefused(IP, "POST", "/generate/text/async", KEY)).isEqualTo(2);
  }

  @Test
  void idleBucketsAreForgottenOnceFullAgain() {
    limits.take(IP, "GET", "/users/5", null);
    limits.take(IP, "POST", "/kudos/transfer", KEY);
    assertThat(limits.size()).isEqualTo(3);
    clock.advance(Duration.ofMinutes(2));
    limits.forgetIdle();
    assertThat(limits.size()).isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    limits.forgetIdle();
    assertThat(limits.size()).isZero();
  }
}
