package ai.horde.ingress.alchemy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference's wildcard marshalling of payloads and results, and its status states (flask-restx, verified). */
class WildcardsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aPayloadIsStringifiedInReverseOrderAndLeftOutWhenEmpty() throws Exception {
    assertThat(Wildcards.payload(json("{\"a\":\"b\",\"n\":3,\"t\":true}")).toString())
        .isEqualTo("{\"t\":\"True\",\"n\":\"3\",\"a\":\"b\"}");
    assertThat(Wildcards.payload(json("{}"))).isNull();
    assertThat(Wildcards.payload(json("null"))).isNull();
    assertThat(Wildcards.payload(null)).isNull();
  }

  @Test
  void aResultKeepsItsValuesStopsAtANullAndLinksR2() throws Exception {
    assertThat(Wildcards.result(json("{\"a\":null,\"b\":{\"c\":1}}"), key -> "x").toString())
        .isEqualTo("{\"b\":{\"c\":1}}");
    assertThat(Wildcards.result(json("{\"nsfw\":false}"), key -> "x").toString()).isEqualTo("{\"nsfw\":false}");
    assertThat(Wildcards.result(json("{\"RealESRGAN_x4plus\":\"R2\"}"), key -> "https://link/" + key).toString())
        .isEqualTo("{\"RealESRGAN_x4plus\":\"https://link/RealESRGAN_x4plus\"}");
    assertThat(Wildcards.result(json("{\"e\":{}}"), key -> "x")).isNull();
  }

  @Test
  void anInterrogationsStateIsTheReferencesGetStatus() {
    assertThat(AlchemyStatuses.overall(List.of())).isEqualTo("faulted");
    assertThat(AlchemyStatuses.overall(List.of("faulted", "faulted"))).isEqualTo("faulted");
    assertThat(AlchemyStatuses.overall(List.of("done", "done"))).isEqualTo("done");
    assertThat(AlchemyStatuses.overall(List.of("done", "processing", "waiting"))).isEqualTo("processing");
    assertThat(AlchemyStatuses.overall(List.of("done", "waiting"))).isEqualTo("waiting");
    assertThat(AlchemyStatuses.overall(List.of("done", "cancelled"))).isEqualTo("partial");
    assertThat(AlchemyStatuses.overall(List.of("done", "faulted"))).isEqualTo("partial");
  }
}
