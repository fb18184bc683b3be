package ai.horde.ingress.text;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.text.TextBodies.ModelGenerationInputKobold;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The reference's text parameter checks (its validation.py), after the schema's ranges. Pure. */
final class TextParamRules {
  private TextParamRules() {}

  static void check(ModelGenerationInputKobold params) {
    if (params.maxContextLength() < params.maxLength()) {
      throw ApiError.badRequest("TokenOverflow", "Your requested generation length (" + params.maxLength()
          + ") cannot be longer than the context length (" + params.maxContextLength() + ").");
    }
    if (params.samplerOrder() != null && new LinkedHashSet<>(params.samplerOrder()).size() < 7) {
      throw ApiError.badRequest("MissingFullSamplerOrder",
          "When sending a custom sampler order, you need to specify all possible samplers in the order");
    }
    List<String> stops = params.stopSequence();
    if (stops != null) {
      Set<String> distinct = new LinkedHashSet<>(stops);
      if (distinct.size() > 128) {
        throw ApiError.badRequest("TooManyStopSequences", "Too many stop sequences specified (max allowed is 128).");
      }
      if (distinct.stream().mapToInt(String::length).sum() > 2000) {
        throw ApiError.badRequest("ExcessiveStopSequence",
            "Your total stop sequence length is too long. Please reduce it below 2000 characters.");
      }
    }
  }
}
