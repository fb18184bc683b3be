package ai.horde.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference's word-list profanity check (SafeText's English list, matched as SafeText matches it). */
class ProfanityTest {
  @Test
  void aListedWordIsProfaneInAnyCaseAndBetweenAnyPunctuation() {
    assertThat(Profanity.isProfane("shit")).isTrue();
    assertThat(Profanity.isProfane("My SHIT worker")).isTrue();
    assertThat(Profanity.isProfane("worker-shit.v2")).isTrue();
  }

  @Test
  void characterSubstitutionsAreCaughtWhereTheListSpellsThemOut() {
    assertThat(Profanity.isProfane("5h1t bridge")).isTrue();
    assertThat(Profanity.isProfane("b00bs")).isTrue();
    assertThat(Profanity.isProfane("a55")).isTrue();
  }

  @Test
  void aPhraseMatchesAnywhereInTheText() {
    assertThat(Profanity.isProfane("my 2 girls 1 cup worker")).isTrue();
  }

  @Test
  void aCleanWordIsNotMatchedEvenWhenItHidesAListedOne() {
    assertThat(Profanity.isProfane("Scunthorpe classic assistant")).isFalse();
    assertThat(Profanity.isProfane("AI Horde Worker reGen:9.0.1:https://github.com/Haidra-Org")).isFalse();
    assertThat(Profanity.isProfane(null)).isFalse();
  }

  @Test
  void wordsAndPhrasesFollowTheListGiven() {
    Profanity list = new Profanity(List.of("darn", "heck no"));

    assertThat(list.matches("Darn_it")).isFalse();
    assertThat(list.matches("darn it")).isTrue();
    assertThat(list.matches("oh heck nope")).isTrue();
  }

  @Test
  void aProfaneTextIsRefusedWithTheReferencesMessageAndRc() {
    assertThatThrownBy(() -> Profanity.refuse("shit team", "team name", "ProfaneTeamName"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.rc()).isEqualTo("ProfaneTeamName");
          assertThat(e.getMessage())
              .isEqualTo("As our API is public, we do not allow profanity in the team name, please try again.");
        });
  }
}
