package ai.horde.ledger;

import static ai.horde.ledger.RegistryFixture.answer;
import static ai.horde.ledger.RegistryFixture.error;
import static ai.horde.ledger.RegistryFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountAnswer;
import ai.horde.events.ChangeTeam;
import ai.horde.events.CreateTeam;
import ai.horde.events.DeleteTeam;
import ai.horde.events.ErrorAnswer;
import org.junit.jupiter.api.Test;

class TeamRulesTest {
  private final RegistryFixture registry = new RegistryFixture();

  @Test
  void aTrustedUserCreatesATeamItOwns() {
    // Given
    registry.givenUser(1, user -> user.setTrusted(true));

    // When
    var decision = registry.when(1L, new CreateTeam("team-1", "Alpha", "info"));

    // Then
    assertThat(decision.teams().get("team-1").getOwnerId()).isEqualTo(1);
    assertThat(decision.teams().get("team-1").getInfo()).isEqualTo("info");
    assertThat(answer(decision)).isEqualTo(new AccountAnswer("team-1", "Alpha"));
  }

  @Test
  void creationRefusals() {
    // Given
    registry.givenUser(1);
    registry.givenUser(2, user -> user.setTrusted(true));
    registry.givenTeam("team-1", "Alpha", 2);

    // Then
    assertThat(refusal(registry.when(0L, new CreateTeam("team-2", "Beta", null)))).isEqualTo("403 AnonForbidden");
    assertThat(refusal(registry.when(1L, new CreateTeam("team-2", "Beta", null))))
        .isEqualTo("403 UntrustedTeamCreation");
    assertThat(error(registry.when(2L, new CreateTeam("team-2", "ALPHA", null)))).isEqualTo(new ErrorAnswer(400,
        "TeamNameAlreadyExists", "The specified team name 'ALPHA' is already taken!"));
    assertThat(registry.teams).containsOnlyKeys("team-1");
  }

  @Test
  void theOwnerOrAModeratorChangesATeam() {
    // Given
    registry.givenUser(1);
    registry.givenUser(2, user -> user.setModerator(true));
    registry.givenTeam("team-1", "Alpha", 1);

    // When
    var byOwner = registry.when(1L, new ChangeTeam("team-1", "alpha", null));
    var byMod = registry.when(2L, new ChangeTeam("team-1", null, "new info"));

    // Then
    assertThat(answer(byOwner)).isEqualTo(new AccountAnswer("team-1", "alpha"));
    assertThat(answer(byMod)).isEqualTo(new AccountAnswer("team-1", "alpha"));
    assertThat(registry.teams.get("team-1").getInfo()).isEqualTo("new info");
  }

  @Test
  void changeRefusals() {
    // Given
    registry.givenUser(1);
    registry.givenUser(2);
    registry.givenTeam("team-1", "Alpha", 1);
    registry.givenTeam("team-2", "Beta", 1);

    // Then
    assertThat(error(registry.when(1L, new ChangeTeam("nope", "x", null)))).isEqualTo(
        new ErrorAnswer(404, "TeamNotFound", "Team with ID 'nope' not found."));
    assertThat(refusal(registry.when(2L, new ChangeTeam("team-1", "x", null)))).isEqualTo("403 NotOwner");
    assertThat(refusal(registry.when(1L, new ChangeTeam("team-1", null, null)))).isEqualTo("400 NoTeamModSelected");
    assertThat(refusal(registry.when(1L, new ChangeTeam("team-1", "beta", null))))
        .isEqualTo("400 TeamNameAlreadyExists");
    assertThat(refusal(registry.when(2L, new DeleteTeam("team-1")))).isEqualTo("403 NotOwner");
    assertThat(refusal(registry.when(1L, new DeleteTeam("nope")))).isEqualTo("404 TeamNotFound");
    assertThat(registry.teams.get("team-1").getName()).isEqualTo("Alpha");
  }

  @Test
  void aDeletedTeamIsATombstoneAndFreesItsName() {
    // Given
    registry.givenUser(1, user -> user.setTrusted(true));
    registry.givenTeam("team-1", "Alpha", 1);

    // When
    var deleted = registry.when(1L, new DeleteTeam("team-1"));
    var again = registry.when(1L, new CreateTeam("team-2", "Alpha", null));

    // Then
    assertThat(deleted.teams()).containsEntry("team-1", null);
    assertThat(answer(deleted)).isEqualTo(new AccountAnswer("team-1", "Alpha"));
    assertThat(again.teams()).containsKey("team-2");
  }
}
