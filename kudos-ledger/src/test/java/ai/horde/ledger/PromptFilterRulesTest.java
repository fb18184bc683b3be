package ai.horde.ledger;

import static ai.horde.ledger.RegistryFixture.NOW;
import static ai.horde.ledger.RegistryFixture.answer;
import static ai.horde.ledger.RegistryFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.ChangePromptFilter;
import ai.horde.events.DeletePromptFilter;
import ai.horde.events.PromptFilter;
import ai.horde.events.PutPromptFilter;
import org.junit.jupiter.api.Test;

class PromptFilterRulesTest {
  private final RegistryFixture registry = new RegistryFixture();

  @Test
  void aModeratorsFilterIsNumberedAndWrittenOnce() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.when(1L, new PutPromptFilter("first", 10, null, ""));

    // When
    var added = registry.when(1L, new PutPromptFilter("sec.*ond", 20, "a test", "adult"));
    var again = registry.when(1L, new PutPromptFilter("sec.*ond", 20, "another", "other"));

    // Then
    assertThat(answer(added).getSubjectId()).isEqualTo("2");
    assertThat(added.promptFilters()).containsEntry("2",
        new PromptFilter(2L, "sec.*ond", 20, "a test", "adult", 1L, NOW));
    assertThat(answer(again).getSubjectId()).isEqualTo("2");
    assertThat(again.promptFilters()).isEmpty();
    assertThat(registry.when(1L, new PutPromptFilter("sec.*ond", 11, null, "")).promptFilters()).containsKey("3");
  }

  @Test
  void onlyModeratorsAndAdminsWriteFilters() {
    // Given
    registry.givenUser(2);

    // Then
    assertThat(refusal(registry.when(2L, new PutPromptFilter("x", 10, null, "")))).isEqualTo("403 NotModerator");
    assertThat(registry.whenAdmin(2L, new PutPromptFilter("x", 10, null, "")).promptFilters()).containsKey("1");
    assertThat(refusal(registry.when(2L, new DeletePromptFilter(1L)))).isEqualTo("403 NotModerator");
    assertThat(refusal(registry.when(99L, new DeletePromptFilter(1L)))).isEqualTo("401 InvalidAPIKey");
  }

  @Test
  void aChangeKeepsWhatItDoesNotAskForAndNamesTheModerator() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.givenUser(3, user -> user.setModerator(true));
    registry.when(1L, new PutPromptFilter("old", 10, "kept", "adult"));

    // When
    var changed = registry.when(3L, new ChangePromptFilter(1L, "new", null, null, null));

    // Then
    assertThat(changed.promptFilters().get("1"))
        .isEqualTo(new PromptFilter(1L, "new", 10, "kept", "adult", 3L, NOW));
  }

  @Test
  void anUnknownFilterIsNotFoundBeforeAnEmptyChangeIsRefused() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.when(1L, new PutPromptFilter("x", 10, null, ""));

    // Then
    assertThat(refusal(registry.when(1L, new ChangePromptFilter(7L, null, null, null, null))))
        .isEqualTo("404 FilterNotFound");
    assertThat(RegistryFixture.error(registry.when(1L, new DeletePromptFilter(7L))).getMessage())
        .isEqualTo("Filter with ID '7' not found.");
    assertThat(refusal(registry.when(1L, new ChangePromptFilter(1L, null, null, null, null))))
        .isEqualTo("400 NoFilterModSelected");
  }

  @Test
  void aDeletedFilterIsATombstoneAndItsIdIsNotReused() {
    // Given
    registry.givenUser(1, user -> user.setModerator(true));
    registry.when(1L, new PutPromptFilter("x", 10, null, ""));

    // When
    var deleted = registry.when(1L, new DeletePromptFilter(1L));

    // Then
    assertThat(deleted.promptFilters()).containsEntry("1", null);
    assertThat(registry.when(1L, new PutPromptFilter("x", 10, null, "")).promptFilters()).containsKey("2");
  }
}
