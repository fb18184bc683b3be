package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.events.SharedKeySettings;
import ai.horde.events.SharedKeyState;
import ai.horde.events.SharedKeyUsage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Shared keys as ingress decides them (spec §1.8, §3.15): settings, validity, limits and details. */
class SharedKeyIntakeTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static SharedKeyState key(Instant expiresAt, int maxTextTokens) {
    return SharedKeyState.newBuilder().setKeyHash("hash").setOwnerId(3).setName("Mutual Aid")
        .setExpiresAt(expiresAt).setMaxTextTokens(maxTextTokens).setCreatedAt(NOW).setUpdatedAt(NOW).build();
  }

  private static SharedKeyUsage usage(Long remainingCenti, long utilizedCenti) {
    return new SharedKeyUsage(remainingCenti, utilizedCenti);
  }

  @Test
  void aNewKeyTakesTheReferenceDefaults() throws Exception {
    SharedKeySettings settings = SharedKeyIntake.created(Responses.JSON.readTree("{}"));
    assertThat(settings.getKudosCenti()).isEqualTo(5000_00);
    assertThat(settings.getExpiryDays()).isEqualTo(-1);
    assertThat(settings.getMaxTextTokens()).isEqualTo(-1);
    assertThat(settings.getName()).isNull();
    assertThat(SharedKeyIntake.created(Responses.JSON.readTree("{\"kudos\":-1}")).getKudosCenti())
        .isEqualTo(SharedKeyIntake.UNLIMITED_CENTI);
  }

  @Test
  void aChangeCarriesOnlyWhatIsGivenAndNothingIsRefused() throws Exception {
    SharedKeySettings settings = SharedKeyIntake.changed(Responses.JSON.readTree("{\"kudos\":10}"));
    assertThat(settings.getKudosCenti()).isEqualTo(1000);
    assertThat(settings.getName()).isNull();
    assertThat(settings.getExpiryDays()).isNull();
    assertThatThrownBy(() -> SharedKeyIntake.changed(Responses.JSON.readTree("{}")))
        .isInstanceOfSatisfying(HordeError.class, e -> assertThat(e.rc).isEqualTo("NoSharedKeyModSelected"));
  }

  @Test
  void onlyAUuidIsAKey() {
    assertThat(SharedKeyIntake.keyId("0BED257B-E57C-4327-AC64-40CDFB1AC5E6"))
        .hasValue("0bed257b-e57c-4327-ac64-40cdfb1ac5e6");
    assertThat(SharedKeyIntake.keyId("abcdefghijklmnopqrstuv")).isEmpty();
    assertThat(SharedKeyIntake.keyId(null)).isEmpty();
  }

  @Test
  void anExpiredOrEmptyKeyCannotBeUsed() {
    assertThat(SharedKeyIntake.validity(key(NOW.minusSeconds(1), -1), usage(500L, 0), NOW))
        .isEqualTo(SharedKeyIntake.Validity.EXPIRED);
    assertThat(SharedKeyIntake.validity(key(null, -1), usage(0L, 10), NOW)).isEqualTo(SharedKeyIntake.Validity.EMPTY);
    assertThat(SharedKeyIntake.validity(key(NOW.plusSeconds(60), -1), usage(null, 10), NOW))
        .isEqualTo(SharedKeyIntake.Validity.VALID);
    assertThat(SharedKeyIntake.validity(key(null, -1), null, NOW)).isEqualTo(SharedKeyIntake.Validity.VALID);
  }

  @Test
  void aLimitedKeyMustCoverTheRequiredKudos() {
    assertThat(SharedKeyIntake.insufficient(usage(1000L, 0), 1001)).isTrue();
    assertThat(SharedKeyIntake.insufficient(usage(1000L, 0), 1000)).isFalse();
    assertThat(SharedKeyIntake.insufficient(usage(null, 0), 1_000_000)).isFalse();
    HordeError refusal = SharedKeyIntake.insufficientKudos(usage(1000L, 0), "60");
    assertThat(refusal.status).isEqualTo(403);
    assertThat(refusal.rc).isEqualTo("SharedKeyInsufficientKudos");
    assertThat(refusal.getMessage())
        .isEqualTo("This shared key does not have enough remaining kudos (10) to fulfill this reques (60).");
  }

  @Test
  void theTokenLimitCapsMaxLength() {
    SharedKeyIntake.checkTokens(key(null, -1), 4096);
    SharedKeyIntake.checkTokens(key(null, 100), 100);
    assertThatThrownBy(() -> SharedKeyIntake.checkTokens(key(null, 100), 101))
        .isInstanceOfSatisfying(HordeError.class, e -> {
          assertThat(e.status).isEqualTo(400);
          assertThat(e.rc).isEqualTo("BadRequest");
          assertThat(e.getMessage()).isEqualTo("This shared key is limited to 100 tokens per job. You requested 101 tokens.");
        });
  }

  @Test
  void detailsShowWhatIsLeftAndTheExpiryInRfc822() {
    var body = SharedKeyIntake.details("id-1", key(NOW, 50), "alice#3", usage(1234_56L, 10_00));
    assertThat(body.get("id").asText()).isEqualTo("id-1");
    assertThat(body.get("username").asText()).isEqualTo("alice#3");
    assertThat(body.get("kudos").asLong()).isEqualTo(1234);
    assertThat(body.get("utilized").asLong()).isEqualTo(10);
    assertThat(body.get("expiry").asText()).isEqualTo("Tue, 01 Jan 2030 00:00:00 -0000");
    assertThat(body.get("max_text_tokens").asInt()).isEqualTo(50);
    var unlimited = SharedKeyIntake.details("id-2", key(null, -1), "alice#3", usage(null, 0));
    assertThat(unlimited.get("kudos").asLong()).isEqualTo(-1);
    assertThat(unlimited.get("expiry").isNull()).isTrue();
  }
}
