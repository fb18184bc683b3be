package ai.horde.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Map;

/** Request bodies: parsed as JSON, checked against a shape, with the reference's error for each failure. */
final class Bodies {
  private Bodies() {}

  /** The body as JSON: 400 when it is not JSON at all, and the shape's errors when it does not fit. */
  static JsonNode parse(String body, JsonShape shape) {
    JsonNode json;
    try {
      json = body == null || body.isBlank() ? null : Responses.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw HordeError.badRequest("BadRequest", "Failed to decode JSON object: " + e.getOriginalMessage());
    }
    if (json == null) {
      throw HordeError.badRequest("BadRequest", "Failed to decode JSON object: the request has no body.");
    }
    Map<String, String> errors = shape.errors(json);
    if (!errors.isEmpty()) {
      throw new InvalidPayload(errors);
    }
    return json;
  }

  /** A field that is absent or JSON null, as flask-restx's parser treats a required argument. */
  static boolean missing(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value instanceof NullNode;
  }

  static String text(JsonNode json, String field, String fallback) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }

  static boolean flag(JsonNode json, String field, boolean fallback) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? fallback : value.asBoolean();
  }

  /** A boolean that may be left out: null when it is missing or null. */
  static Boolean optionalFlag(JsonNode json, String field) {
    return missing(json, field) ? null : json.get(field).asBoolean();
  }

  static int integer(JsonNode json, String field, int fallback) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? fallback : value.asInt();
  }
}
