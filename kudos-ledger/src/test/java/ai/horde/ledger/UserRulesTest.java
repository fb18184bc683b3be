package ai.horde.ledger;

import static ai.horde.ledger.RegistryFixture.NOW;
import static ai.horde.ledger.RegistryFixture.answer;
import static ai.horde.ledger.RegistryFixture.error;
import static ai.horde.ledger.RegistryFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountAnswer;
import ai.horde.events.ChangeUser;
import ai.horde.events.DeleteUser;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.RegisterUser;
import ai.horde.events.SetSharedKeyKudos;
import ai.horde.events.UserChanged;
import ai.horde.events.UserEvent;
import ai.horde.events.UserRegistrationAnswer;
import ai.horde.events.UserWiped;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UserRulesTest {
  private final RegistryFixture registry = new RegistryFixture();

  @Test
  void anUnknownRequesterIsRefusedWithInvalidApiKey() {
    // When
    var decision = registry.when(42L, change(1, UserChanged.newBuilder().setContact("me@example.org")));

    // Then
    assertThat(refusal(decision)).isEqualTo("401 InvalidAPIKey");
    assertThat(decision.userEvents()).isEmpty();
  }

  @Test
  void anAnonymousRequesterCannotModifyUsers() {
    // Given
    registry.givenUser(1);

    // When
    var decision = registry.when(0L, change(1, UserChanged.newBuilder().setContact("me@example.org")));

    // Then
    assertThat(refusal(decision)).isEqualTo("403 AnonForbiddenUserMod");
  }

  @Test
  void anUnknownTargetIsNotFound() {
    // Given
    registry.givenUser(1);

    // When
    var decision = registry.when(1L, change(9, UserChanged.newBuilder().setContact("me@example.org")));

    // Then
    assertThat(error(decision)).isEqualTo(new ErrorAnswer(404, "UserNotFound", "User with ID '9' not found."));
  }

  @Test
  void adminFieldsNeedAnAdminEvenForAModerator() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.givenUser(2);

    // When
    var decision = registry.when(1L, change(2, UserChanged.newBuilder().setModerator(true)));

    // Then
    assertThat(error(decision)).isEqualTo(new ErrorAnswer(403, "NotAdmin", "You're not an admin. Sod off!"));
    assertThat(registry.users.get(2L).getModerator()).isFalse();
  }

  @Test
  void moderatorFieldsNeedAModeratorEvenOnOneself() {
    // Given
    registry.givenUser(1);

    // When
    var decision = registry.when(1L, change(1, UserChanged.newBuilder().setTrusted(true)));

    // Then
    assertThat(error(decision)).isEqualTo(new ErrorAnswer(403, "NotModerator", "You're not a mod. BTFO!"));
  }

  @Test
  void ownFieldsOfAnotherUserNeedAModerator() {
    // Given
    registry.givenUser(1);
    registry.givenUser(2);

    // When
    var decision = registry.when(1L, change(2, UserChanged.newBuilder().setPublicWorkers(true)));

    // Then
    assertThat(refusal(decision)).isEqualTo("403 NotModerator");
  }

  @Test
  void aUserChangesItsOwnNameAndIsAnsweredWithTheNewAlias() {
    // Given
    registry.givenUser(1);

    // When
    var decision = registry.when(1L, change(1, UserChanged.newBuilder().setUsername("alice").setPublicWorkers(true)));

    // Then
    assertThat(decision.userEvents()).extracting(UserEvent::getEvent).containsExactly(
        UserChanged.newBuilder().setUsername("alice").setPublicWorkers(true).build());
    assertThat(answer(decision)).isEqualTo(new AccountAnswer("1", "alice#1"));
    assertThat(registry.users.get(1L).getUpdatedAt()).isEqualTo(NOW);
  }

  @Test
  void anEmptyChangeSelectsNothing() {
    // Given
    registry.givenUser(1);

    // When
    var decision = registry.when(1L, change(1, UserChanged.newBuilder()));

    // Then
    assertThat(error(decision)).isEqualTo(
        new ErrorAnswer(400, "NoUserModSelected", "No usermod operations selected!"));
  }

  @Test
  void aModeratorIsTrusted() {
    // Given
    registry.givenUser(1);
    registry.givenUser(2);

    // When
    registry.whenAdmin(1L, change(2, UserChanged.newBuilder().setModerator(true)));

    // Then
    assertThat(registry.users.get(2L).getModerator()).isTrue();
    assertThat(registry.users.get(2L).getTrusted()).isTrue();
  }

  @Test
  void educationRaisesConcurrencyTo200AndItsEndResetsItTo30() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.givenUser(2);

    // When
    registry.when(1L, change(2, UserChanged.newBuilder().setEducation(true)));

    // Then
    assertThat(registry.users.get(2L).getConcurrency()).isEqualTo(200);

    // When
    registry.when(1L, change(2, UserChanged.newBuilder().setEducation(false)));

    // Then
    assertThat(registry.users.get(2L).getEducation()).isFalse();
    assertThat(registry.users.get(2L).getConcurrency()).isEqualTo(30);
  }

  @Test
  void leavingEducationKeepsAConcurrencySentWithIt() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.givenUser(2, user -> user.setEducation(true).setConcurrency(200));

    // When
    registry.when(1L, change(2, UserChanged.newBuilder().setEducation(false).setConcurrency(200)));

    // Then
    assertThat(registry.users.get(2L).getConcurrency()).isEqualTo(200);
  }

  @Test
  void roleChangesOnTheAnonymousUserAreAcceptedAndIgnored() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));

    // When
    var decision = registry.when(1L, change(0, UserChanged.newBuilder().setTrusted(true).setFlagged(true)));

    // Then
    assertThat(decision.userEvents()).isEmpty();
    assertThat(answer(decision).getSubjectId()).isEqualTo("0");
  }

  @Test
  void noChangeOfTheAnonymousUserIsWrittenEveryServiceHasItBuiltIn() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));

    // When
    var decision = registry.when(1L, change(0, UserChanged.newBuilder().setConcurrency(10).setUsername("pwned")));

    // Then
    assertThat(decision.userEvents()).isEmpty();
    assertThat(answer(decision).getSubjectId()).isEqualTo("0");
  }

  @Test
  void adminKudosAreAnAdminAdjustmentAgainstTheMintKeyedByTheUser() {
    // Given
    registry.givenUser(1);
    registry.givenUser(2);

    // When
    var decision = registry.whenAdmin(1L, new ChangeUser(2L, UserChanged.newBuilder().build(), -500L, false,
        false, false));

    // Then
    assertThat(decision.kudosCommands()).singleElement().satisfies(command -> {
      assertThat(command.getAccount()).isEqualTo("user:2");
      KudosTransaction transaction = (KudosTransaction) command.getCommand();
      assertThat(transaction.getKind()).isEqualTo(KudosKind.ADMIN_ADJUSTMENT);
      assertThat(transaction.getLegs()).containsExactly(new KudosLeg("user:2", -500L),
          new KudosLeg(Accounts.MINT, 500L));
    });
    assertThat(decision.userEvents()).isEmpty();
  }

  @Test
  void aProxyPasskeyNeedsAServiceRequester() {
    // Given
    registry.givenUser(1);

    // When
    var decision = registry.when(1L, new ChangeUser(1L,
        UserChanged.newBuilder().setProxyPasskeyHash("pass-hash").build(), null, false, true, false));

    // Then
    assertThat(refusal(decision)).isEqualTo("403 NonServiceForbidden");
  }

  @Test
  void aServiceAccountGetsItsProxyPasskeyHashStored() {
    // Given
    registry.givenUser(1, user -> user.setService(true));

    // When
    registry.when(1L, new ChangeUser(1L, UserChanged.newBuilder().setProxyPasskeyHash("pass-hash").build(), null,
        false, true, false));

    // Then
    assertThat(registry.users.get(1L).getProxyPasskeyHash()).isEqualTo("pass-hash");
  }

  @Test
  void onlyADeletedUserCanBeUndeleted() {
    // Given
    registry.givenUser(1);

    // When
    var refused = registry.when(1L, new ChangeUser(1L, UserChanged.newBuilder().build(), null, false, false, true));

    // Then
    assertThat(refusal(refused)).isEqualTo("400 UserNotDeleted");

    // Given
    registry.givenUser(1, user -> user.setDeleted(true));

    // When
    registry.when(1L, new ChangeUser(1L, UserChanged.newBuilder().build(), null, false, false, true));

    // Then
    assertThat(registry.users.get(1L).getDeleted()).isFalse();
  }

  @Test
  void resetSuspicionIsAModeratorsAndChangesNothingYet() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.givenUser(2);

    // When
    var decision = registry.when(1L, new ChangeUser(2L, UserChanged.newBuilder().build(), null, true, false,
        false));

    // Then
    assertThat(answer(decision)).isEqualTo(new AccountAnswer("2", "user2#2"));
    assertThat(decision.userEvents()).isEmpty();
    assertThat(refusal(registry.when(2L, new ChangeUser(2L, UserChanged.newBuilder().build(), null, true, false,
        false)))).isEqualTo("403 NotModerator");
  }

  @Test
  void aFirstDeletionDisablesTheUser() {
    // Given
    registry.givenUser(1);

    // When
    var decision = registry.when(1L, new DeleteUser(1L));

    // Then
    assertThat(decision.userEvents()).extracting(UserEvent::getEvent)
        .containsExactly(UserChanged.newBuilder().setDeleted(true).build());
    assertThat(answer(decision)).isEqualTo(new AccountAnswer("1", "user1#1"));
  }

  @Test
  void aDeletedUserIsWipedWithItsSharedKeysOnlyAfter30DaysInactive() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.givenUser(2);
    registry.givenKey("key-a", 2);
    registry.when(2L, new DeleteUser(2L));

    // When
    var tooSoon = registry.when(1L, false, NOW.plus(Duration.ofDays(29)), new DeleteUser(2L));

    // Then
    assertThat(refusal(tooSoon)).isEqualTo("403 CannotWipeActiveUser");

    // When
    var wiped = registry.when(1L, false, NOW.plus(Duration.ofDays(31)), new DeleteUser(2L));

    // Then
    assertThat(wiped.userEvents()).extracting(UserEvent::getEvent).containsExactly(new UserWiped());
    assertThat(registry.users.get(2L).getUsername()).isEqualTo(Accounts.WIPED);
    assertThat(wiped.sharedKeys()).containsEntry("key-a", null);
    assertThat(registry.keys).isEmpty();
    assertThat(wiped.kudosCommands()).extracting(command -> command.getCommand())
        .containsExactly(new SetSharedKeyKudos("key-a", null, true));
  }

  @Test
  void deletionRefusals() {
    // Given
    registry.givenUser(1);
    registry.givenUser(2);
    registry.givenUser(3, user -> user.setModerator(true));

    // Then
    assertThat(refusal(registry.when(0L, new DeleteUser(1L)))).isEqualTo("403 AnonForbiddenUser");
    assertThat(refusal(registry.when(1L, new DeleteUser(9L)))).isEqualTo("404 UserNotFound");
    assertThat(refusal(registry.when(1L, new DeleteUser(2L)))).isEqualTo("403 NotUserOrMod");
    assertThat(refusal(registry.when(3L, new DeleteUser(3L)))).isEqualTo("403 CannotDeleteMod");
    assertThat(registry.users.get(2L).getDeleted()).isFalse();
  }

  @Test
  void aPseudonymousRegistrationIsRefusedInRaidMode() {
    // Given
    registry.modes = ai.horde.events.HordeModes.newBuilder(registry.modes).setRaid(true).build();

    // When
    var refused = registry.when(null, register(true));
    var oauth = registry.when(null, register(false));

    // Then
    assertThat(refusal(refused)).isEqualTo("403 Forbidden");
    assertThat(refused.userEvents()).isEmpty();
    assertThat(oauth.reply().getBody()).isEqualTo(new UserRegistrationAnswer(1L, "alice#1", true));
    assertThat(oauth.kudosCommands()).hasSize(1);
  }

  private static RegisterUser register(boolean pseudonymous) {
    return RegisterUser.newBuilder().setUsername("alice").setOauthId(pseudonymous ? "pseudo" : "oauth-a")
        .setApiKeyHash("hash-a").setRefusedInRaid(pseudonymous).build();
  }

  private static ChangeUser change(long userId, UserChanged.Builder changes) {
    return new ChangeUser(userId, changes.build(), null, false, false, false);
  }
}
