package ai.horde.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.KudosCommand;
import ai.horde.events.OpenAccount;
import ai.horde.events.UserAccount;
import ai.horde.events.UserApiKeyRotated;
import ai.horde.events.AccountCommand;
import ai.horde.events.RegisterUser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserRegistryTest {
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant LATER = Instant.parse("2026-01-02T00:00:00Z");

  @Test
  void aNewUserIsTheFoldOfItsCreationAndGetsTheNextId() {
    // When
    var registration = decide(null, 7, command("cmd-1", "hash-1", true, null, CREATED));

    // Then
    assertThat(registration.account()).isEqualTo(UserAccount.newBuilder().setUserId(7).setUsername("alice")
        .setOauthId("oauth-a").setApiKeyHash("hash-1").setModerator(true).setTrusted(false).setConcurrency(30)
        .setCreatedAt(CREATED).setUpdatedAt(CREATED).build());
    assertThat(registration.events()).allSatisfy(event -> assertThat(event.getUserId()).isEqualTo(7));
    assertThat(registration.openAccount().getAccount()).isEqualTo("user:7");
    assertThat(registration.openAccount().getCommand()).isEqualTo(new OpenAccount(25_00L, null));
  }

  @Test
  void aRefreshKeepsTheIdUsernameAndCreationTimeAndSetsTheNewKeyAndRoles() {
    // Given
    UserAccount existing = decide(null, 3, command("cmd-1", "hash-1", false, null, CREATED)).account();

    // When
    var registration = decide(existing, 9, command("cmd-2", "hash-2", true, null, LATER));

    // Then
    assertThat(registration.account()).isEqualTo(UserAccount.newBuilder(existing).setApiKeyHash("hash-2")
        .setModerator(true).setUpdatedAt(LATER).build());
    assertThat(registration.events()).extracting(event -> event.getOccurredAt()).containsOnly(LATER);
  }

  @Test
  void aRefreshWithTheSameRolesOnlyRotatesTheKey() {
    // Given
    UserAccount existing = decide(null, 3, command("cmd-1", "hash-1", false, null, CREATED)).account();

    // When
    var registration = decide(existing, 9, command("cmd-2", "hash-2", false, null, LATER));

    // Then
    assertThat(registration.events()).extracting(event -> event.getEvent())
        .containsExactly(new UserApiKeyRotated("hash-2"));
  }

  @Test
  void kudosOnTheCommandOpenTheAccountAtThatBalance() {
    // When
    var registration = decide(null, 4, command("cmd-1", "hash-1", false, 1_000_000L, CREATED));

    // Then
    assertThat(registration.openAccount()).isEqualTo(KudosCommand.newBuilder().setCommandId("open:cmd-1")
        .setAccount("user:4").setIssuedAt(CREATED).setCommand(new OpenAccount(25_00L, 1_000_000L)).build());
  }

  private static UserRegistry.Registration decide(UserAccount existing, long nextId, AccountCommand command) {
    return UserRegistry.decide(existing, nextId, command, (RegisterUser) command.getCommand());
  }

  private static AccountCommand command(String commandId, String apiKeyHash, boolean moderator, Long kudosCenti,
      Instant at) {
    return AccountCommand.newBuilder()
        .setCommandId(commandId)
        .setReplyTo("ingress-1")
        .setRequestedAt(at)
        .setCommand(RegisterUser.newBuilder().setUsername("alice").setOauthId("oauth-a").setApiKeyHash(apiKeyHash)
            .setModerator(moderator).setTrusted(false).setKudosCenti(kudosCenti).build())
        .build();
  }
}
