package ai.horde.ledger;

import static ai.horde.ledger.RegistryFixture.NOW;
import static ai.horde.ledger.RegistryFixture.answer;
import static ai.horde.ledger.RegistryFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountAnswer;
import ai.horde.events.HordeModes;
import ai.horde.events.SetHordeModes;
import org.junit.jupiter.api.Test;

class HordeModesRulesTest {
  private final RegistryFixture registry = new RegistryFixture();

  @Test
  void modesAreMergedIntoTheCurrentOnes() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.when(1L, new SetHordeModes(null, true, null));

    // When
    var decision = registry.when(1L, new SetHordeModes(null, null, true));

    // Then
    assertThat(decision.modes()).isEqualTo(new HordeModes(false, true, true, NOW));
    assertThat(answer(decision)).isEqualTo(new AccountAnswer("modes", null));
  }

  @Test
  void maintenanceIsTheAdminsAndTheOthersTheModerators() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.givenUser(2);

    // Then
    assertThat(refusal(registry.when(1L, new SetHordeModes(true, null, null)))).isEqualTo("403 NotAdmin");
    assertThat(refusal(registry.when(2L, new SetHordeModes(null, null, true)))).isEqualTo("403 NotModerator");
    assertThat(registry.whenAdmin(2L, new SetHordeModes(true, null, true)).modes())
        .isEqualTo(new HordeModes(true, false, true, NOW));
  }

  @Test
  void nothingAskedSelectsNothing() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));

    // When
    var decision = registry.when(1L, new SetHordeModes(null, null, null));

    // Then
    assertThat(refusal(decision)).isEqualTo("400 NoHordeModSelected");
    assertThat(decision.modes()).isNull();
  }
}
