package ai.horde.ingress.alchemy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.alchemy.AlchemyForms;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationPopInput;
import ai.horde.ingress.alchemy.AlchemyBodies.ModelInterrogationFormStable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The form names the bodies validate against (annotation constants) are the forms the horde knows. */
class AlchemyBodiesTest {
  private static final List<String> KNOWN =
      Stream.concat(AlchemyForms.INTERROGATIONS.stream(), AlchemyForms.POST_PROCESSORS.stream()).toList();

  @Test
  void aRequestsFormNamesAreTheKnownForms() {
    Schema name = parameter(ModelInterrogationFormStable.class, 0).getAnnotation(Schema.class);
    assertThat(List.of(name.allowableValues())).containsExactlyElementsOf(KNOWN);
  }

  @Test
  void aPopsFormNamesAreTheKnownForms() {
    ArraySchema forms = parameter(InterrogationPopInput.class, 2).getAnnotation(ArraySchema.class);
    assertThat(List.of(forms.schema().allowableValues())).containsExactlyElementsOf(KNOWN);
  }

  /** A record's canonical constructor parameter, where its components' annotations are kept. */
  private static Parameter parameter(Class<? extends Record> type, int index) {
    Class<?>[] types = Stream.of(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
    try {
      return type.getDeclaredConstructor(types).getParameters()[index];
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
