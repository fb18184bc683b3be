package ai.horde.ingress.filters;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.PromptFilter;
import ai.horde.ingress.filters.PromptRules.Compiled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptRulesTest {
  private final List<PromptFilter> filters = new ArrayList<>();

  private void given(int type, String regex, String replacement) {
    filters.add(new PromptFilter((long) filters.size() + 1, regex, type, null, replacement, 1L, Instant.EPOCH));
  }

  private Compiled compiled() {
    return Compiled.of(filters);
  }

  @Test
  void aPromptIsBlockedOnlyWhenBothGroupsMatchItsPositivePart() {
    // Given
    given(10, "forbidden", "");
    given(20, "thing", "");

    // Then
    assertThat(PromptRules.check(compiled(), "a forbidden thing", null)).isEqualTo(
        new PromptRules.Check(2, List.of("forbidden", "thing")));
    assertThat(PromptRules.check(compiled(), "a forbidden thing", null).blocking()).isTrue();
    assertThat(PromptRules.check(compiled(), "a forbidden cat", null).suspicion()).isEqualTo(1);
    assertThat(PromptRules.check(compiled(), "a cat###forbidden thing", null).suspicion()).isZero();
    assertThat(PromptRules.check(compiled(), "a forbidden thing", 20)).isEqualTo(
        new PromptRules.Check(1, List.of("thing")));
  }

  @Test
  void oneMatchPerGroupCountsAndTypesOutsideTheGroupsCheckNothing() {
    // Given
    given(10, "alpha", "");
    given(11, "beta", "");
    given(15, "gamma", "");

    // Then
    assertThat(PromptRules.check(compiled(), "alpha beta gamma", null)).isEqualTo(
        new PromptRules.Check(1, List.of("alpha")));
    assertThat(compiled().regex()).containsOnlyKeys(10, 11);
  }

  @Test
  void theFiltersOfATypeAreJoinedAndABrokenRegexIsLeftOut() {
    // Given
    given(20, "one", "");
    given(20, "(broken", "");
    given(20, "(?P<word>two)", "");

    // Then
    assertThat(compiled().regex()).containsEntry(20, "one|(?P<word>two)");
    assertThat(PromptRules.check(compiled(), "TWO", 20).matches()).containsExactly("TWO");
  }

  @Test
  void tricksAreNormalisedAwayBeforeMatching() {
    // Given
    given(20, "forbidden", "");

    // Then
    assertThat(PromptRules.normalise("(f.o:1.2) b_a-r   é")).isEqualTo("f obar e");
    assertThat(PromptRules.check(compiled(), "(forbidden:1.3)", null).suspicion()).isEqualTo(1);
    assertThat(PromptRules.check(compiled(), "a f o r b i d d e n", null).suspicion()).isEqualTo(1);
    assertThat(PromptRules.check(compiled(), "forbíddén", null).suspicion()).isEqualTo(1);
  }

  @Test
  void childEmojisCountForTheFirstGroup() {
    // Given
    given(20, "thing", "");

    // Then
    assertThat(PromptRules.check(compiled(), "a 👧🏻 thing", null)).isEqualTo(
        new PromptRules.Check(2, List.of("👧🏻", "thing")));
  }

  @Test
  void theReplacementFilterRewritesWithTheFirstTypesReplacementsAndSteersTheNegativePrompt() {
    // Given
    given(10, "young", "adult");
    given(10, "tiny", "");
    given(20, "young", "unused");

    // Then
    assertThat(PromptRules.replace(compiled(), "a young, tiny cat###blurry"))
        .isEqualTo("a adult  cat###child, infant, underage, immature, teenager, tween, blurry");
    assertThat(PromptRules.replace(compiled(), "tiny")).isNull();
    assertThat(PromptRules.replaceable("x".repeat(7000) + "###" + "y".repeat(9000))).isTrue();
    assertThat(PromptRules.replaceable("x".repeat(7001))).isFalse();
  }

  @Test
  void nsfwModelsAndFlaggedUsersGetAdultWords() {
    // Then
    assertThat(PromptRules.nsfwModelBlock(compiled(), "a young girl", List.of("m"), true)).isTrue();
    assertThat(PromptRules.nsfwModelBlock(compiled(), "a young girl", List.of("m"), false)).isFalse();
    assertThat(PromptRules.nsfwModelBlock(compiled(), "a mountain", List.of("m"), true)).isFalse();
    assertThat(PromptRules.nsfwModelReplace(compiled(), "a young girl###ugly", List.of("m"), false))
        .isEqualTo("a adult adult woman###child, infant, underage, immature, teenager, tween, ugly");
    assertThat(PromptRules.nsfwModelReplace(compiled(), "1girl", List.of("Hentai Diffusion"), true))
        .isEqualTo("1girl");
  }
}
