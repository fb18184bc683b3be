package ai.horde.ingress.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.accounts.Accounts;
import ai.horde.events.SharedKeyState;
import ai.horde.events.SharedKeyUsage;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.views.SharedKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a shared key allows a request (spec R3.15.4, R3.15.5). */
class SharedKeyLimitsTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static SharedKey key(Long remainingCenti, int maxTextTokens) {
    SharedKeyState state = SharedKeyState.newBuilder().setKeyHash("hash").setOwnerId(3).setMaxTextTokens(maxTextTokens)
        .setCreatedAt(NOW).setUpdatedAt(NOW).build();
    return new SharedKey("id", "hash", state, Accounts.ANONYMOUS, new SharedKeyUsage(remainingCenti, 0L));
  }

  @Test
  void aLimitedKeyMustCoverTheRequiredKudos() {
    assertThat(SharedKeyLimits.insufficient(key(1000L, -1), 1001)).isTrue();
    assertThat(SharedKeyLimits.insufficient(key(1000L, -1), 1000)).isFalse();
    assertThat(SharedKeyLimits.insufficient(key(null, -1), 1_000_000)).isFalse();
    ApiError refusal = SharedKeyLimits.insufficientKudos(key(1000L, -1), "60");
    assertThat(refusal.status()).isEqualTo(403);
    assertThat(refusal.rc()).isEqualTo("SharedKeyInsufficientKudos");
    assertThat(refusal.getMessage())
        .isEqualTo("This shared key does not have enough remaining kudos (10) to fulfill this reques (60).");
  }

  @Test
  void theTokenLimitCapsMaxLength() {
    SharedKeyLimits.checkTokens(key(null, -1), 4096);
    SharedKeyLimits.checkTokens(key(null, 100), 100);
    assertThatThrownBy(() -> SharedKeyLimits.checkTokens(key(null, 100), 101))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.rc()).isEqualTo("BadRequest");
          assertThat(e.getMessage()).isEqualTo("This shared key is limited to 100 tokens per job. You requested 101 tokens.");
        });
  }

  @Test
  void thePixelAndStepLimitsCapAnImageJob() {
    SharedKey limited = new SharedKey("id", "hash", SharedKeyState.newBuilder(key(null, -1).state())
        .setMaxImagePixels(512 * 512).setMaxImageSteps(30).build(), Accounts.ANONYMOUS, null);
    SharedKeyLimits.checkImage(limited, 512 * 512, 30);
    SharedKeyLimits.checkImage(key(null, -1), 4096L * 4096, 500);
    assertThatThrownBy(() -> SharedKeyLimits.checkImage(limited, 512 * 576, 30)).isInstanceOfSatisfying(ApiError.class,
        e -> assertThat(e.getMessage()).isEqualTo(
            "This shared key is limited to 262144 pixels per job. You requested 294912 pixels."));
    assertThatThrownBy(() -> SharedKeyLimits.checkImage(limited, 512 * 512, 31)).isInstanceOfSatisfying(ApiError.class,
        e -> assertThat(e.getMessage()).isEqualTo("This shared key is limited to 30 steps per job. You requested 31 steps."));
  }
}
