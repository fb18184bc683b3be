package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation errors keyed and worded as the reference's flask-restx/jsonschema reports them. */
class JsonShapeTest {
  private static JsonNode json(String text) throws Exception {
    return Responses.JSON.readTree(text);
  }

  @Test
  void outOfRangeParamsAreReportedByDottedPath() throws Exception {
    var errors = TextShapes.ASYNC.errors(json("{\"prompt\":\"x\",\"params\":{\"n\":21,\"max_length\":8,\"top_p\":0}}"));
    assertThat(errors).containsExactly(
        Map.entry("params.n", "21 is greater than the maximum of 20"),
        Map.entry("params.max_length", "8 is less than the minimum of 16"),
        Map.entry("params.top_p", "0 is less than the minimum of 0.001"));
  }

  @Test
  void wrongTypesQuoteTheValueAsPythonWould() throws Exception {
    var errors = TextShapes.ASYNC.errors(json(
        "{\"prompt\":5,\"trusted_workers\":\"yes\",\"params\":{\"n\":2.0,\"temperature\":true},\"models\":[\"a\",null]}"));
    assertThat(errors).containsExactly(
        Map.entry("prompt", "5 is not of type 'string'"),
        Map.entry("params.n", "2.0 is not of type 'integer'"),
        Map.entry("params.temperature", "True is not of type 'number'"),
        Map.entry("trusted_workers", "'yes' is not of type 'boolean'"),
        Map.entry("models.1", "None is not of type 'string'"));
  }

  @Test
  void unknownFieldsAreAccepted() throws Exception {
    assertThat(TextShapes.ASYNC.errors(json("{\"prompt\":\"x\",\"whatever\":1,\"params\":{\"dry_multiplier\":0.8}}")))
        .isEmpty();
  }

  @Test
  void submitNeedsAnIdAndAKnownState() throws Exception {
    assertThat(TextShapes.SUBMIT.errors(json("{\"generation\":\"x\",\"state\":\"great\"}"))).containsExactly(
        Map.entry("state", "'great' is not one of ['ok', 'censored', 'faulted', 'csam']"),
        Map.entry("id", "'id' is a required property"));
  }

  @Test
  void popLimitsAreChecked() throws Exception {
    assertThat(TextShapes.POP.errors(json("{\"name\":\"w\",\"models\":[\"ab\"],\"threads\":0,\"amount\":21}")))
        .containsExactly(
            Map.entry("models.0", "'ab' is too short"),
            Map.entry("threads", "0 is less than the minimum of 1"),
            Map.entry("amount", "21 is greater than the maximum of 20"));
  }

  @Test
  void aBodyThatIsNotAnObjectIsReportedAtTheRoot() throws Exception {
    assertThat(TextShapes.POP.errors(json("[1, \"a\"]"))).containsExactly(Map.entry("", "[1, 'a'] is not of type 'object'"));
  }

  @Test
  void floatsReadAsPythonWritesThem() {
    assertThat(PyRepr.ofFloat(0.1)).isEqualTo("0.1");
    assertThat(PyRepr.ofFloat(21.0)).isEqualTo("21.0");
    assertThat(PyRepr.ofFloat(1e-5)).isEqualTo("1e-05");
    assertThat(PyRepr.ofFloat(2.5e16)).isEqualTo("2.5e+16");
    assertThat(PyRepr.ofString("it's")).isEqualTo("\"it's\"");
  }

  @Test
  void theJobPayloadKeepsEveryParamAndFillsTheReferenceDefaults() throws Exception {
    String payload = TextRequests.jobPayload(json("{\"n\":3,\"temperature\":0.7,\"dry_multiplier\":0.8,\"max_length\":120}"),
        " Once", 120, 2048);
    assertThat(json(payload)).isEqualTo(json("{\"temperature\":0.7,\"dry_multiplier\":0.8,\"max_length\":120,"
        + "\"max_context_length\":2048,\"min_p\":0.0,\"smoothing_factor\":0.0,\"dynatemp_range\":0.0,"
        + "\"dynatemp_exponent\":1.0,\"n\":1,\"prompt\":\" Once\"}"));
  }
}
