package ai.horde.ingress.alchemy;

import ai.horde.ingress.http.PyRepr;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reference's open objects as flask-restx marshals them ({@code fields.Wildcard} in a model marshalled
 * with {@code skip_none}): a form's payload in a pop ({@code Wildcard(String)}: each value as Python's
 * {@code str()} of it) and a form's result in a status ({@code Wildcard(Raw)}: each value as it is). Both list
 * the keys in reverse order (the wildcard takes them from the end), leave out empty objects, and stop at a null
 * value: it and every key before it are left out (the wildcard's quirk). An object left empty is left out.
 * Pure.
 */
final class Wildcards {
  private Wildcards() {}

  /** A pop's form payload; null (left out of the answer) when the form has none, or an empty one. */
  static JsonNode payload(JsonNode payload) {
    if (payload == null || !payload.isObject()) {
      return null;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> entry : reversed(payload)) {
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        break;
      }
      out.put(entry.getKey(), value.isTextual() ? value.textValue() : PyRepr.of(value));
    }
    return out.isEmpty() ? null : out;
  }

  /**
   * A status's form result; null (left out) when the form has none, or an empty one.
   *
   * @param link what a value {@code "R2"} stands for (the post-processed image's download link)
   */
  static JsonNode result(JsonNode result, Function<String, String> link) {
    if (result == null || !result.isObject()) {
      return null;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> entry : reversed(result)) {
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        break;
      }
      if (value.isObject() && value.isEmpty()) {
        continue;
      }
      if (value.isTextual() && "R2".equals(value.textValue())) {
        out.put(entry.getKey(), link.apply(entry.getKey()));
      } else {
        out.set(entry.getKey(), value);
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static List<Map.Entry<String, JsonNode>> reversed(JsonNode object) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    object.fields().forEachRemaining(entries::add);
    Collections.reverse(entries);
    return entries;
  }
}
