package ai.horde.ingress.text;

import ai.horde.ingress.text.TextBodies.ModelGenerationInputKobold;
import ai.horde.ingress.text.TextBodies.ModelPayloadKobold;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The payload a worker receives ({@link ModelPayloadKobold}), written once at intake and carried by the
 * accepted request: every param as the client sent it (newer samplers included), {@code n} 1, the admitted
 * length, the reference's always-present sampler defaults, and the prompt.
 */
@Singleton
final class TextPayloads {
  /** The params the payload sets itself; every other one is passed on as it was sent. */
  private static final Set<String> SET_HERE = Set.of("prompt", "n", "max_length", "max_context_length", "min_p",
      "smoothing_factor", "dynatemp_range", "dynatemp_exponent");

  private final ObjectMapper json;
  private final String none;

  TextPayloads(ObjectMapper json) {
    this.json = json;
    this.none = write(ModelPayloadKobold.NONE);
  }

  /**
   * @param sent the params as the client sent them (a missing node when it sent none)
   * @param params the same, read
   * @param maxLength the length admitted, which a downgrade cuts
   */
  String job(JsonNode sent, ModelGenerationInputKobold params, String prompt, int maxLength) {
    Map<String, JsonNode> others = new LinkedHashMap<>();
    sent.fields().forEachRemaining(param -> {
      if (!SET_HERE.contains(param.getKey())) {
        others.put(param.getKey(), param.getValue());
      }
    });
    return write(new ModelPayloadKobold(prompt, 1, maxLength, params.maxContextLength(),
        or(params.minP(), 0), or(params.smoothingFactor(), 0), or(params.dynatempRange(), 0),
        or(params.dynatempExponent(), 1), others));
  }

  /** The payload of a pop without a job: the defaults only. */
  String none() {
    return none;
  }

  private static double or(Double value, double fallback) {
    return value == null ? fallback : value;
  }

  private String write(ModelPayloadKobold payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
