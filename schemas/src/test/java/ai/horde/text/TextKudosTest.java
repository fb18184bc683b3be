package ai.horde.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked examples of spec §4.7. */
class TextKudosTest {
  private static final ModelReference MODELS = new ModelReference(Map.of(
      "koboldcpp/thirteen", 13_000_000_000L, "koboldcpp/seventy", 70_000_000_000L));
  private static final String VALIDATED = "KoboldCppEmbedWorker:2:https://github.com/LostRuins/koboldcpp";

  @Test
  void tokensAreCharactersOverFourBetweenTwentyAndMaxLength() {
    assertThat(TextKudos.tokens("abc", 80)).isEqualTo(20);
    assertThat(TextKudos.tokens("x".repeat(321), 512)).isEqualTo(81);
    assertThat(TextKudos.tokens("x".repeat(4000), 80)).isEqualTo(80);
  }

  @Test
  void contextMultiplierMatchesTheReferenceTable() {
    assertThat(TextKudos.contextMultiplier(20)).isCloseTo(1.211, within(0.001));
    assertThat(TextKudos.contextMultiplier(80)).isCloseTo(1.255, within(0.001));
    assertThat(TextKudos.contextMultiplier(1024)).isCloseTo(2.2, within(0.001));
    assertThat(TextKudos.contextMultiplier(2048)).isCloseTo(3.4, within(0.001));
    assertThat(TextKudos.contextMultiplier(4096)).isCloseTo(6.04, within(0.001));
  }

  @Test
  void knownThirteenBillionValidated() {
    long reward = TextKudos.rewardCenti(MODELS, "koboldcpp/thirteen", 80, 4000, "g".repeat(320),
        false, VALIDATED);
    assertThat(reward).isEqualTo(1044);
  }

  @Test
  void knownSeventyBillionValidatedAndNot() {
    int prompt = 8000;
    String generation = "g".repeat(2048);
    assertThat(TextKudos.rewardCenti(MODELS, "koboldcpp/seventy", 512, prompt, generation, false, VALIDATED))
        .isEqualTo(66431);
    assertThat(TextKudos.rewardCenti(MODELS, "koboldcpp/seventy", 512, prompt, generation, false,
        "SomeBridge:1:x")).isEqualTo(19929);
  }

  @Test
  void unknownModelPaysTheContextMultiplierOrTrustedTokens() {
    assertThat(TextKudos.rewardCenti(MODELS, "mystery", 80, 4000, "g".repeat(320), false, VALIDATED))
        .isEqualTo(126);
    assertThat(TextKudos.rewardCenti(MODELS, "mystery", 80, 4000, "g".repeat(320), true, VALIDATED))
        .isEqualTo(271);
  }

  @Test
  void quantisationSuffixAndAliasAreIgnoredWhenLookingUpAModel() {
    assertThat(MODELS.isKnown("koboldcpp/thirteen-GGUF-Q4_K_M")).isTrue();
    assertThat(MODELS.isKnown("koboldcpp/thirteen::db0#1")).isTrue();
    assertThat(MODELS.billions("mystery")).isEqualTo(1.0);
  }

  @Test
  void dryRunPrices() {
    assertThat(TextKudos.dryRunPrice(MODELS, List.of(), 80, 2048, 1)).isEqualTo(37);
    assertThat(TextKudos.dryRunPrice(MODELS, List.of("koboldcpp/seventy"), 512, 4096, 2)).isEqualTo(6066);
    // Q10 fixed: unknown first model priced at L x 0.027 x C'
    assertThat(TextKudos.dryRunPrice(MODELS, List.of("mystery"), 80, 2048, 1)).isEqualTo(Math.round(80 * 0.027 * 3.4 + 1 + 1));
  }

  @Test
  void bundledReferenceKnowsCommonModels() {
    assertThat(ModelReference.load().billions("koboldcpp/LLaMA2-13B-Psyfighter2")).isEqualTo(13.0);
  }
}
