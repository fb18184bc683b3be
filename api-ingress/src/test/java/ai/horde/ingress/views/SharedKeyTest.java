package ai.horde.ingress.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.accounts.Accounts;
import ai.horde.events.SharedKeyState;
import ai.horde.events.SharedKeyUsage;
import ai.horde.ingress.http.ApiError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a shared key may be used (spec R3.15.1, R3.15.2). */
class SharedKeyTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  static SharedKey key(Instant expiresAt, SharedKeyUsage usage) {
    SharedKeyState state = SharedKeyState.newBuilder().setKeyHash("hash").setOwnerId(3).setName("Mutual Aid")
        .setExpiresAt(expiresAt).setMaxTextTokens(-1).setCreatedAt(NOW).setUpdatedAt(NOW).build();
    return new SharedKey("id", "hash", state, Accounts.ANONYMOUS, usage);
  }

  @Test
  void onlyAUuidIsAKey() {
    assertThat(SharedKey.idOf("0BED257B-E57C-4327-AC64-40CDFB1AC5E6")).hasValue("0bed257b-e57c-4327-ac64-40cdfb1ac5e6");
    assertThat(SharedKey.idOf("abcdefghijklmnopqrstuv")).isEmpty();
    assertThat(SharedKey.idOf(null)).isEmpty();
  }

  @Test
  void anExpiredOrEmptyKeyCannotBeUsed() {
    assertThat(key(NOW.minusSeconds(1), new SharedKeyUsage(500L, 0L)).validity(NOW))
        .isEqualTo(SharedKey.Validity.EXPIRED);
    assertThat(key(null, new SharedKeyUsage(0L, 10L)).validity(NOW)).isEqualTo(SharedKey.Validity.EMPTY);
    assertThat(key(NOW.plusSeconds(60), new SharedKeyUsage(null, 10L)).validity(NOW)).isEqualTo(SharedKey.Validity.VALID);
    // A key the ledger holds nothing for yet counts as unlimited
    assertThat(key(null, null).validity(NOW)).isEqualTo(SharedKey.Validity.VALID);
    assertThat(key(null, null).remainingCenti()).isNull();
  }

  @Test
  void usingAKeyThatCannotBeUsedIsRefused() {
    assertThatThrownBy(() -> key(NOW, null).requireUsable(NOW))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.rc()).isEqualTo("SharedKeyExpired"));
    assertThatThrownBy(() -> key(null, new SharedKeyUsage(0L, 0L)).requireUsable(NOW))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.rc()).isEqualTo("SharedKeyEmpty");
        });
  }
}
