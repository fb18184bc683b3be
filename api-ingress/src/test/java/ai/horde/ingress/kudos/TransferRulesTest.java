package ai.horde.ingress.kudos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The transfer and award checks ingress decides, in the reference's order (spec §1.7). */
class TransferRulesTest {
  private static final UserAccount ANONYMOUS = Accounts.ANONYMOUS;
  private static final UserAccount FIRST = user(1);
  private static final UserAccount ALICE = user(5);
  private static final UserAccount BOB = user(6);
  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  private static UserAccount user(long id) {
    return UserAccount.newBuilder().setUserId(id).setUsername("user" + id).setOauthId("oauth" + id)
        .setApiKeyHash("hash" + id).setConcurrency(30).setCreatedAt(Instant.EPOCH).build();
  }

  /** The refusal a check throws, or null when it passes. */
  private static ApiError refusal(Runnable check) {
    return catchThrowableOfType(ApiError.class, check::run);
  }

  private static String rc(Runnable check) {
    ApiError refusal = refusal(check);
    return refusal == null ? "none" : refusal.rc();
  }

  @Test
  void aUsernameNamesTheIdAfterItsLastHash() {
    assertThat(TransferRules.targetId("db0#1")).hasValue(1);
    assertThat(TransferRules.targetId("Anonymous#0")).hasValue(0);
    assertThat(TransferRules.targetId("a#b#7")).hasValue(7);
    assertThat(TransferRules.targetId("42")).hasValue(42);
    assertThat(TransferRules.targetId("x# 12 ")).hasValue(12);
    assertThat(TransferRules.targetId("x#+3")).hasValue(3);
  }

  @Test
  void aUsernameWithoutAStorableIdNamesNobody() {
    assertThat(TransferRules.targetId("x#")).isEqualTo(OptionalLong.empty());
    assertThat(TransferRules.targetId("alice")).isEmpty();
    assertThat(TransferRules.targetId("x#-1")).isEmpty();
    assertThat(TransferRules.targetId("x#2147483648")).isEmpty();
    assertThat(TransferRules.targetId("x#99999999999999999999999")).isEmpty();
    assertThat(TransferRules.targetId("x#1.5")).isEmpty();
    assertThat(TransferRules.targetId("0b6a3c62-6d4e-4f0e-9a7a-3d0f2a1b9c11")).isEmpty();
    assertThat(TransferRules.targetId("x#2147483647")).hasValue(2_147_483_647L);
  }

  @Test
  void fromAnonymousComesFirst() {
    // Even a transfer that fails every other check is refused for coming from anonymous
    assertThat(rc(() -> TransferRules.checkTransfer(ANONYMOUS, Optional.empty(), true)))
        .isEqualTo("KudosTransferFromAnon");
    assertThat(rc(() -> TransferRules.checkTransfer(ANONYMOUS, Optional.of(ANONYMOUS), false)))
        .isEqualTo("KudosTransferFromAnon");
  }

  @Test
  void thenAnUnknownTargetThenAnExpiredKeyThenAnonymousThenOneself() {
    assertThat(rc(() -> TransferRules.checkTransfer(ALICE, Optional.empty(), true))).isEqualTo("InvalidTargetUsername");
    assertThat(rc(() -> TransferRules.checkTransfer(ALICE, Optional.of(BOB), true))).isEqualTo("SharedKeyExpired");
    assertThat(rc(() -> TransferRules.checkTransfer(ALICE, Optional.of(ANONYMOUS), false)))
        .isEqualTo("KudosTransferToAnon");
    assertThat(rc(() -> TransferRules.checkTransfer(ALICE, Optional.of(ALICE), false))).isEqualTo("KudosTransferToSelf");
    assertThat(rc(() -> TransferRules.checkTransfer(ALICE, Optional.of(BOB), false))).isEqualTo("none");
  }

  @Test
  void everyTransferRefusalIsA400WithTheReferenceWording() {
    ApiError self = refusal(() -> TransferRules.checkTransfer(ALICE, Optional.of(ALICE), false));
    assertThat(self.status()).isEqualTo(400);
    assertThat(self.getMessage()).isEqualTo("Cannot send kudos to yourself, ya monkey!");
  }

  @Test
  void amountsBeyondTheLedgersNumbersAreRefusedBySign() {
    BigInteger huge = BigInteger.TEN.pow(30);
    assertThat(rc(() -> TransferRules.checkFits(HUNDRED))).isEqualTo("none");
    assertThat(rc(() -> TransferRules.checkFits(BigInteger.valueOf(Long.MAX_VALUE / 100)))).isEqualTo("none");
    assertThat(rc(() -> TransferRules.checkFits(BigInteger.valueOf(Long.MAX_VALUE / 100 + 1))))
        .isEqualTo("KudosTransferNotEnough");
    assertThat(rc(() -> TransferRules.checkFits(huge))).isEqualTo("KudosTransferNotEnough");
    assertThat(rc(() -> TransferRules.checkFits(huge.negate()))).isEqualTo("NegativeKudosTransfer");
  }

  @Test
  void onlyUserOneAwardsBeforeAnyTargetIsLookedAt() {
    ApiError refused = refusal(() -> TransferRules.checkAward(ALICE, Optional.empty(), HUNDRED));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.rc()).isEqualTo("NotAllowedAwards");
    assertThat(rc(() -> TransferRules.checkAward(ANONYMOUS, Optional.of(BOB), HUNDRED))).isEqualTo("NotAllowedAwards");
  }

  @Test
  void userOneAwardsAnyExistingUserButAnonymousAndNoMoreThanABalanceHolds() {
    ApiError unknown = refusal(() -> TransferRules.checkAward(FIRST, Optional.empty(), HUNDRED));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.rc()).isEqualTo("InvalidAwardUsername");
    assertThat(rc(() -> TransferRules.checkAward(FIRST, Optional.of(ANONYMOUS), HUNDRED))).isEqualTo("KudosAwardToAnon");
    assertThat(rc(() -> TransferRules.checkAward(FIRST, Optional.of(BOB), HUNDRED))).isEqualTo("none");
    assertThat(rc(() -> TransferRules.checkAward(FIRST, Optional.of(FIRST), HUNDRED))).isEqualTo("none");
    assertThat(rc(() -> TransferRules.checkAward(FIRST, Optional.of(BOB), BigInteger.TEN.pow(30))))
        .isEqualTo("BadRequest");
  }
}
