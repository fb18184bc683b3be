package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
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

  private static UserAccount user(long id) {
    return UserAccount.newBuilder().setUserId(id).setUsername("user" + id).setOauthId("oauth" + id)
        .setApiKeyHash("hash" + id).setConcurrency(30).setCreatedAt(Instant.EPOCH).build();
  }

  private static String rc(Optional<TransferRules.Refusal> refusal) {
    return refusal.map(TransferRules.Refusal::rc).orElse("none");
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
    assertThat(rc(TransferRules.checkTransfer(ANONYMOUS, Optional.empty()))).isEqualTo("KudosTransferFromAnon");
    assertThat(rc(TransferRules.checkTransfer(ANONYMOUS, Optional.of(ANONYMOUS)))).isEqualTo("KudosTransferFromAnon");
  }

  @Test
  void thenAnUnknownTargetThenAnonymousThenOneself() {
    assertThat(rc(TransferRules.checkTransfer(ALICE, Optional.empty()))).isEqualTo("InvalidTargetUsername");
    assertThat(rc(TransferRules.checkTransfer(ALICE, Optional.of(ANONYMOUS)))).isEqualTo("KudosTransferToAnon");
    assertThat(rc(TransferRules.checkTransfer(ALICE, Optional.of(ALICE)))).isEqualTo("KudosTransferToSelf");
    assertThat(TransferRules.checkTransfer(ALICE, Optional.of(BOB))).isEmpty();
  }

  @Test
  void everyTransferRefusalIsA400WithTheReferenceWording() {
    TransferRules.Refusal self = TransferRules.checkTransfer(ALICE, Optional.of(ALICE)).orElseThrow();
    assertThat(self.status()).isEqualTo(400);
    assertThat(self.message()).isEqualTo("Cannot send kudos to yourself, ya monkey!");
    HordeError error = TransferRules.checkTransfer(ANONYMOUS, Optional.of(BOB)).orElseThrow().error();
    assertThat(error.status).isEqualTo(400);
    assertThat(error.rc).isEqualTo("KudosTransferFromAnon");
  }

  @Test
  void amountsBeyondTheLedgersNumbersAreRefusedBySign() {
    BigInteger huge = BigInteger.TEN.pow(30);
    assertThat(TransferRules.fits(BigInteger.valueOf(100))).isTrue();
    assertThat(TransferRules.fits(BigInteger.valueOf(Long.MAX_VALUE / 100))).isTrue();
    assertThat(TransferRules.fits(BigInteger.valueOf(Long.MAX_VALUE / 100 + 1))).isFalse();
    assertThat(TransferRules.fits(huge.negate())).isFalse();
    assertThat(TransferRules.tooLarge(huge).rc()).isEqualTo("KudosTransferNotEnough");
    assertThat(TransferRules.tooLarge(huge.negate()).rc()).isEqualTo("NegativeKudosTransfer");
  }

  @Test
  void onlyUserOneAwardsBeforeAnyTargetIsLookedAt() {
    TransferRules.Refusal refused = TransferRules.checkAward(ALICE, Optional.empty()).orElseThrow();
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.rc()).isEqualTo("NotAllowedAwards");
    assertThat(rc(TransferRules.checkAward(ANONYMOUS, Optional.of(BOB)))).isEqualTo("NotAllowedAwards");
  }

  @Test
  void userOneAwardsAnyExistingUserButAnonymous() {
    TransferRules.Refusal unknown = TransferRules.checkAward(FIRST, Optional.empty()).orElseThrow();
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.rc()).isEqualTo("InvalidAwardUsername");
    assertThat(rc(TransferRules.checkAward(FIRST, Optional.of(ANONYMOUS)))).isEqualTo("KudosAwardToAnon");
    assertThat(TransferRules.checkAward(FIRST, Optional.of(BOB))).isEmpty();
    assertThat(TransferRules.checkAward(FIRST, Optional.of(FIRST))).isEmpty();
  }

  @Test
  void anExpiredSharedKeyIsRefusedAfterAnUnknownTargetAndBeforeAnonymous() {
    assertThat(rc(TransferRules.checkTransfer(ALICE, Optional.of(BOB), true))).isEqualTo("SharedKeyExpired");
    assertThat(rc(TransferRules.checkTransfer(ALICE, Optional.empty(), true))).isEqualTo("InvalidTargetUsername");
    assertThat(rc(TransferRules.checkTransfer(ANONYMOUS, Optional.of(BOB), true))).isEqualTo("KudosTransferFromAnon");
    assertThat(rc(TransferRules.checkTransfer(ALICE, Optional.of(BOB), false))).isEqualTo("none");
  }

  @Test
  void theRolesRefuseInTheReferencesOrderWithItsSwappedMessages() {
    UserAccount flagged = UserAccount.newBuilder(ALICE).setFlagged(true).build();
    UserAccount education = UserAccount.newBuilder(ALICE).setEducation(true).build();
    UserAccount deleted = UserAccount.newBuilder(BOB).setDeleted(true).build();
    UserAccount flaggedBob = UserAccount.newBuilder(BOB).setFlagged(true).build();

    assertThat(TransferRules.checkRoles(flagged, flaggedBob).orElseThrow().rc()).isEqualTo("SourceAccountFlagged");
    assertThat(TransferRules.checkRoles(flagged, BOB).orElseThrow().message()).startsWith("The target account");
    assertThat(TransferRules.checkRoles(education, flaggedBob).orElseThrow().rc())
        .isEqualTo("EducationCannotSendKudos");
    assertThat(TransferRules.checkRoles(ALICE, flaggedBob).orElseThrow().message()).startsWith("Your account");
    assertThat(TransferRules.checkRoles(ALICE, flaggedBob).orElseThrow().rc()).isEqualTo("TargetAccountFlagged");
    var toDeleted = TransferRules.checkRoles(UserAccount.newBuilder(ALICE).setDeleted(true).build(), deleted);
    assertThat(toDeleted.orElseThrow().rc()).isEqualTo("DeletedUser");
    assertThat(toDeleted.orElseThrow().message()).startsWith("This destination account");
    assertThat(toDeleted.orElseThrow().status()).isEqualTo(400);
    assertThat(TransferRules.checkRoles(UserAccount.newBuilder(ALICE).setDeleted(true).build(), BOB).orElseThrow()
        .message()).startsWith("This source account");
    assertThat(TransferRules.checkRoles(ALICE, BOB)).isEmpty();
  }
}
