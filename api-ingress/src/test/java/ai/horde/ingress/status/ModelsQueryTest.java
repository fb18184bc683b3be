package ai.horde.ingress.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.InvalidInput;
import org.junit.jupiter.api.Test;

/** The arguments of /status/models as the reference's parser reads them. */
class ModelsQueryTest {
  @Test
  void defaultsToImageModelsInEveryState() {
    ModelsQuery query = ModelsQuery.parse(null, null, null, null);

    assertThat(query.type()).isEqualTo("image");
    assertThat(query.modelState()).isEqualTo("all");
    assertThat(query.countFits(0)).isTrue();
    assertThat(query.stateFits(false)).isTrue();
  }

  @Test
  void countsAndStatesFilter() {
    ModelsQuery query = ModelsQuery.parse("text", " 2", "+3", "custom");

    assertThat(query.countFits(1)).isFalse();
    assertThat(query.countFits(2)).isTrue();
    assertThat(query.countFits(4)).isFalse();
    assertThat(query.stateFits(true)).isFalse();
    assertThat(ModelsQuery.parse("text", null, null, "known").stateFits(true)).isTrue();
  }

  @Test
  void aBadModelStateIsABadRequest() {
    assertThatThrownBy(() -> ModelsQuery.parse("text", null, null, "odd"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.rc()).isEqualTo("BadRequest");
          assertThat(e.getMessage()).isEqualTo("'model_state' needs to be one of ['known', 'custom', 'all']");
        });
  }

  @Test
  void aCountThatIsNoIntegerIsAValidationError() {
    assertThatThrownBy(() -> ModelsQuery.parse("text", "two", null, null))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors()).containsEntry("min_count",
            ModelsQuery.MIN_COUNT_HELP + " invalid literal for int() with base 10: 'two'"));
  }
}
