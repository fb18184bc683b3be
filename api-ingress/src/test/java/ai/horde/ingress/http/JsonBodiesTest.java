package ai.horde.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.horde.ingress.fixtures.Bodies;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A body read as the reference reads it: errors keyed and worded as flask-restx/jsonschema reports them, from the
 * record's own types and constraints, then the parser's required headers and fields.
 */
class JsonBodiesTest {
  record Inner(@Min(1) @Max(20) Integer n, @DecimalMin("0.001") Double topP, List<@Size(min = 3) String> models) {}

  record Outer(@RequiredArgument(help = "The prompt.") String prompt, Inner params, Boolean flag,
      @Schema(allowableValues = {"ok", "faulted"}) String state, @NotNull String id, @Nullable String maybe,
      BigInteger amount, Integer small) {}

  record Sized(@Min(64) @Max(3072) @Schema(multipleOf = 64) Integer width,
      @ArraySchema(uniqueItems = true, schema = @Schema(allowableValues = {"a", "b"})) List<String> tags,
      Map<String, Object> open, @DecimalMax("1.0") Double strength) {}

  private static Map<String, String> errors(String body) {
    InvalidInput invalid = catchThrowableOfType(InvalidInput.class, () -> Bodies.read(body, Outer.class));
    return invalid == null ? Map.of() : invalid.errors();
  }

  @Test
  void outOfRangeAndMistypedFieldsAreReportedByDottedPathInFieldOrder() {
    assertThat(errors("{\"prompt\":5,\"id\":\"x\",\"params\":{\"n\":21,\"top_p\":0,\"models\":[\"ab\",null]},"
        + "\"flag\":\"yes\",\"state\":\"great\"}")).containsExactly(
        Map.entry("prompt", "5 is not of type 'string'"),
        Map.entry("params.n", "21 is greater than the maximum of 20"),
        Map.entry("params.top_p", "0 is less than the minimum of 0.001"),
        Map.entry("params.models.0", "'ab' is too short"),
        Map.entry("params.models.1", "None is not of type 'string'"),
        Map.entry("flag", "'yes' is not of type 'boolean'"),
        Map.entry("state", "'great' is not one of ['ok', 'faulted']"));
  }

  @Test
  void numbersAreTypedAsDraftFourTypesThem() {
    assertThat(errors("{\"id\":\"x\",\"params\":{\"n\":2.0}}")).containsExactly(
        Map.entry("params.n", "2.0 is not of type 'integer'"));
    assertThat(errors("{\"id\":\"x\",\"params\":{\"top_p\":true}}")).containsExactly(
        Map.entry("params.top_p", "True is not of type 'number'"));
  }

  @Test
  void requiredPropertiesComeAfterTheFieldsAndNullIsATypeErrorUnlessNullable() {
    assertThat(errors("{\"prompt\":null,\"maybe\":null}")).containsExactly(
        Map.entry("prompt", "None is not of type 'string'"),
        Map.entry("id", "'id' is a required property"));
  }

  @Test
  void unknownFieldsAreAcceptedAndIgnored() {
    Outer read = Bodies.read("{\"prompt\":\"x\",\"id\":\"i\",\"whatever\":1,\"params\":{\"dry_multiplier\":0.8}}",
        Outer.class);
    assertThat(read.prompt()).isEqualTo("x");
    assertThat(read.params().n()).isNull();
  }

  @Test
  void aBodyThatIsNotAnObjectIsReportedAtTheRoot() {
    assertThat(errors("[1, \"a\"]")).containsExactly(Map.entry("", "[1, 'a'] is not of type 'object'"));
  }

  @Test
  void aBodyThatIsNotJsonIsABadRequest() {
    ApiError notJson = catchThrowableOfType(ApiError.class, () -> Bodies.read("{\"id\":", Outer.class));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.rc()).isEqualTo("BadRequest");
    assertThat(catchThrowableOfType(ApiError.class, () -> Bodies.read("", Outer.class)).getMessage())
        .isEqualTo("Failed to decode JSON object: the request has no body.");
  }

  @Test
  void theSchemaFirstThenTheRequiredHeadersThenTheRequiredFields() {
    RequiredHeader noKey = RequiredHeader.apiKey(null, "The key.");
    assertThat(catchThrowableOfType(InvalidInput.class, () -> Bodies.BODIES.read("{\"flag\":1}", Outer.class, noKey))
        .errors()).containsOnlyKeys("flag", "id");
    assertThat(catchThrowableOfType(InvalidInput.class, () -> Bodies.BODIES.read("{\"id\":\"i\"}", Outer.class, noKey))
        .errors()).containsExactly(Map.entry("apikey", "The key. Missing required parameter in the HTTP headers"));
    assertThat(catchThrowableOfType(InvalidInput.class, () -> Bodies.read("{\"id\":\"i\"}", Outer.class)).errors())
        .containsExactly(Map.entry("prompt", "The prompt. Missing required parameter in the JSON body"));
  }

  @Test
  void integersOfAnySizeFitABigIntegerAndTooLargeOnesForAnIntAreRefused() {
    Outer read = Bodies.read("{\"prompt\":\"p\",\"id\":\"i\",\"amount\":123456789012345678901234567890}", Outer.class);
    assertThat(read.amount()).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(errors("{\"prompt\":\"p\",\"id\":\"i\",\"small\":123456789012345}"))
        .containsExactly(Map.entry("small", "is out of range"));
  }

  @Test
  void numbersBeyondADoublesRangeArePastTheirBoundOrOutOfRange() {
    // Jackson reads 1e999 as infinity, as Python does
    assertThat(errors("{\"id\":\"x\",\"params\":{\"top_p\":-1e999},\"amount\":1e999}")).containsExactly(
        Map.entry("params.top_p", "-inf is less than the minimum of 0.001"),
        Map.entry("amount", "inf is not of type 'integer'"));
    assertThat(errors("{\"id\":\"x\",\"params\":{\"top_p\":1e999}}")).containsExactly(
        Map.entry("params.top_p", "inf is out of range"));
    assertThat(catchThrowableOfType(InvalidInput.class, () -> Bodies.read("{\"strength\":1e999}", Sized.class))
        .errors()).containsExactly(Map.entry("strength", "inf is greater than the maximum of 1.0"));
  }

  @Test
  void multiplesUniqueItemsItemEnumsOpenObjectsAndFloatBounds() {
    Map<String, String> errors = catchThrowableOfType(InvalidInput.class, () -> Bodies.read(
        "{\"width\":4000,\"tags\":[\"a\",\"c\",\"a\"],\"open\":[],\"strength\":2}", Sized.class)).errors();
    assertThat(errors).containsExactly(
        // Over the maximum too, but jsonschema's later error is the one flask-restx keeps.
        Map.entry("width", "4000 is not a multiple of 64"),
        Map.entry("tags", "['a', 'c', 'a'] has non-unique elements"),
        Map.entry("tags.1", "'c' is not one of ['a', 'b']"),
        Map.entry("open", "[] is not of type 'object'"),
        Map.entry("strength", "2 is greater than the maximum of 1.0"));
    Sized sized = Bodies.read("{\"width\":128,\"tags\":[\"b\",\"a\"],\"open\":{\"x\":[1]}}", Sized.class);
    assertThat(sized.width()).isEqualTo(128);
    assertThat(sized.open()).containsKey("x");
  }

  @Test
  void floatsReadAsPythonWritesThem() {
    assertThat(PyRepr.ofFloat(0.1)).isEqualTo("0.1");
    assertThat(PyRepr.ofFloat(21.0)).isEqualTo("21.0");
    assertThat(PyRepr.ofFloat(1e-5)).isEqualTo("1e-05");
    assertThat(PyRepr.ofFloat(2.5e16)).isEqualTo("2.5e+16");
    assertThat(PyRepr.ofString("it's")).isEqualTo("\"it's\"");
  }
}
