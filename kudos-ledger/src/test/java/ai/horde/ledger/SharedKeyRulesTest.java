package ai.horde.ledger;

import static ai.horde.ledger.RegistryFixture.NOW;
import static ai.horde.ledger.RegistryFixture.answer;
import static ai.horde.ledger.RegistryFixture.error;
import static ai.horde.ledger.RegistryFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountAnswer;
import ai.horde.events.ChangeSharedKey;
import ai.horde.events.CreateSharedKey;
import ai.horde.events.DeleteSharedKey;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.SetSharedKeyKudos;
import ai.horde.events.SharedKeySettings;
import ai.horde.events.SharedKeyState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SharedKeyRulesTest {
  private final RegistryFixture registry = new RegistryFixture();

  @Test
  void aNewKeyHasTheDefaultsAndItsKudosGoToTheOwnersAccount() {
    // Given
    registry.givenUser(1);

    // When
    var decision = registry.when(1L, new CreateSharedKey("key-a", SharedKeySettings.newBuilder().build()));

    // Then
    assertThat(decision.sharedKeys()).containsEntry("key-a", SharedKeyState.newBuilder().setKeyHash("key-a")
        .setOwnerId(1).setName(null).setExpiresAt(null).setMaxImagePixels(-1).setMaxImageSteps(-1)
        .setMaxTextTokens(-1).setCreatedAt(NOW).setUpdatedAt(NOW).build());
    assertThat(decision.kudosCommands()).singleElement().satisfies(command -> {
      assertThat(command.getAccount()).isEqualTo("user:1");
      assertThat(command.getCommand()).isEqualTo(new SetSharedKeyKudos("key-a", 5000_00L, false));
    });
    assertThat(answer(decision)).isEqualTo(new AccountAnswer("key-a", "user1#1"));
  }

  @Test
  void settingsOnCreationAreKeptAndMinusOneKudosIsUnlimited() {
    // Given
    registry.givenUser(1);

    // When
    var decision = registry.when(1L, new CreateSharedKey("key-a", SharedKeySettings.newBuilder().setName("bot")
        .setKudosCenti(-100L).setExpiryDays(7).setMaxTextTokens(200).build()));

    // Then
    SharedKeyState key = decision.sharedKeys().get("key-a");
    assertThat(key.getName()).isEqualTo("bot");
    assertThat(key.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    assertThat(key.getMaxTextTokens()).isEqualTo(200);
    assertThat(decision.kudosCommands()).extracting(command -> command.getCommand())
        .containsExactly(new SetSharedKeyKudos("key-a", null, false));
  }

  @Test
  void anonymousCannotHaveSharedKeys() {
    // When
    var decision = registry.when(0L, new CreateSharedKey("key-a", SharedKeySettings.newBuilder().build()));

    // Then
    assertThat(refusal(decision)).isEqualTo("403 AnonForbidden");
  }

  @Test
  void aUserHasAtMostThreeKeysATrustedOneTen() {
    // Given
    registry.givenUser(1);
    registry.givenUser(2, user -> user.setTrusted(true));
    for (int i = 0; i < 3; i++) {
      registry.givenKey("u1-" + i, 1);
    }
    for (int i = 0; i < 10; i++) {
      registry.givenKey("u2-" + i, 2);
    }

    // When
    var untrusted = registry.when(1L, new CreateSharedKey("key-a", SharedKeySettings.newBuilder().build()));
    var trusted = registry.when(2L, new CreateSharedKey("key-b", SharedKeySettings.newBuilder().build()));

    // Then
    assertThat(error(untrusted)).isEqualTo(
        new ErrorAnswer(403, "Forbidden", "You cannot have more than 3 shared keys."));
    assertThat(error(trusted).getMessage()).isEqualTo("You cannot have more than 10 shared keys.");
    assertThat(registry.keys).doesNotContainKeys("key-a", "key-b");
  }

  @Test
  void anEducationAccountHasUpToAThousand() {
    // Given
    registry.givenUser(1, user -> user.setEducation(true));
    for (int i = 0; i < 10; i++) {
      registry.givenKey("u1-" + i, 1);
    }

    // When
    var decision = registry.when(1L, new CreateSharedKey("key-a", SharedKeySettings.newBuilder().build()));

    // Then
    assertThat(decision.sharedKeys()).containsKey("key-a");
  }

  @Test
  void theOwnerChangesItsKeyAndOnlyAKudosChangeGoesToTheLedger() {
    // Given
    registry.givenUser(1);
    registry.givenKey("key-a", 1);

    // When
    var renamed = registry.when(1L, new ChangeSharedKey("key-a", SharedKeySettings.newBuilder().setName("new")
        .setExpiryDays(-1).build()));
    var topped = registry.when(1L, new ChangeSharedKey("key-a", SharedKeySettings.newBuilder()
        .setKudosCenti(100_00L).build()));

    // Then
    assertThat(registry.keys.get("key-a").getName()).isEqualTo("new");
    assertThat(renamed.kudosCommands()).isEmpty();
    assertThat(topped.kudosCommands()).extracting(command -> command.getCommand())
        .containsExactly(new SetSharedKeyKudos("key-a", 100_00L, false));
  }

  @Test
  void changeRefusals() {
    // Given
    registry.givenUser(1);
    registry.givenUser(2);
    registry.givenKey("key-a", 1);
    SharedKeySettings name = SharedKeySettings.newBuilder().setName("x").build();

    // Then
    assertThat(error(registry.when(1L, new ChangeSharedKey("nope", name)))).isEqualTo(
        new ErrorAnswer(401, "InvalidAPIKey", "No user matching sent Shared Key."));
    assertThat(refusal(registry.when(2L, new ChangeSharedKey("key-a", name)))).isEqualTo("403 Forbidden");
    assertThat(refusal(registry.when(1L, new ChangeSharedKey("key-a", SharedKeySettings.newBuilder().build()))))
        .isEqualTo("400 NoSharedKeyModSelected");
    assertThat(refusal(registry.when(2L, new DeleteSharedKey("key-a")))).isEqualTo("403 Forbidden");
    assertThat(refusal(registry.when(1L, new DeleteSharedKey("nope")))).isEqualTo("401 InvalidAPIKey");
    assertThat(registry.keys.get("key-a").getName()).isEqualTo("key");
  }

  @Test
  void aDeletedKeyIsATombstoneAndLeavesTheOwnersAccount() {
    // Given
    registry.givenUser(1);
    registry.givenKey("key-a", 1);

    // When
    var decision = registry.when(1L, new DeleteSharedKey("key-a"));

    // Then
    assertThat(decision.sharedKeys()).containsEntry("key-a", null);
    assertThat(decision.kudosCommands()).singleElement().satisfies(command -> {
      assertThat(command.getAccount()).isEqualTo("user:1");
      assertThat(command.getCommand()).isEqualTo(new SetSharedKeyKudos("key-a", null, true));
    });
    assertThat(registry.keys).isEmpty();
  }
}
