package ai.horde.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of JSON Schema the reference validates request bodies with (types, numeric ranges, string
 * lengths, enums, required properties), reporting each error as flask-restx does: keyed by the dotted path
 * of the field, with jsonschema's message, e.g. {@code "params.n": "21 is greater than the maximum of 20"}.
 * Fields a shape does not declare are not checked (unknown fields are accepted).
 */
abstract class JsonShape {
  private JsonShape() {}

  /** The errors of a value, in field order; empty when it fits. */
  final Map<String, String> errors(JsonNode value) {
    Map<String, String> errors = new LinkedHashMap<>();
    check(value, new ArrayList<>(), errors);
    return errors;
  }

  abstract void check(JsonNode value, List<String> path, Map<String, String> errors);

  static ObjectShape object() {
    return new ObjectShape();
  }

  static JsonShape string() {
    return new StringShape(-1, -1, null);
  }

  static JsonShape string(int minLength, int maxLength) {
    return new StringShape(minLength, maxLength, null);
  }

  static JsonShape oneOf(String... values) {
    return new StringShape(-1, -1, List.of(values));
  }

  static JsonShape integer() {
    return new NumberShape(true, null, null);
  }

  static JsonShape integer(long min, long max) {
    return new NumberShape(true, (double) min, (double) max);
  }

  static JsonShape number() {
    return new NumberShape(false, null, null);
  }

  static JsonShape number(double min, double max) {
    return new NumberShape(false, min, max);
  }

  static JsonShape bool() {
    return new TypeShape("boolean");
  }

  static JsonShape arrayOf(JsonShape items) {
    return new ArrayShape(items);
  }

  static String key(List<String> path) {
    return String.join(".", path);
  }

  static void typeError(JsonNode value, String type, List<String> path, Map<String, String> errors) {
    errors.put(key(path), PyRepr.of(value) + " is not of type '" + type + "'");
  }

  static final class ObjectShape extends JsonShape {
    private final Map<String, JsonShape> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    ObjectShape field(String name, JsonShape shape) {
      properties.put(name, shape);
      return this;
    }

    ObjectShape requiredField(String name, JsonShape shape) {
      required.add(name);
      return field(name, shape);
    }

    @Override
    void check(JsonNode value, List<String> path, Map<String, String> errors) {
      if (value == null || !value.isObject()) {
        typeError(value, "object", path, errors);
        return;
      }
      for (Map.Entry<String, JsonShape> property : properties.entrySet()) {
        JsonNode field = value.get(property.getKey());
        if (field != null) {
          path.add(property.getKey());
          property.getValue().check(field, path, errors);
          path.remove(path.size() - 1);
        }
      }
      for (String name : required) {
        if (!value.has(name)) {
          List<String> at = new ArrayList<>(path);
          at.add(name);
          errors.put(key(at), PyRepr.ofString(name) + " is a required property");
        }
      }
    }
  }

  private static final class TypeShape extends JsonShape {
    private final String type;

    TypeShape(String type) {
      this.type = type;
    }

    @Override
    void check(JsonNode value, List<String> path, Map<String, String> errors) {
      if (!value.isBoolean()) {
        typeError(value, type, path, errors);
      }
    }
  }

  private static final class StringShape extends JsonShape {
    private final int minLength;
    private final int maxLength;
    private final List<String> values;

    StringShape(int minLength, int maxLength, List<String> values) {
      this.minLength = minLength;
      this.maxLength = maxLength;
      this.values = values;
    }

    @Override
    void check(JsonNode value, List<String> path, Map<String, String> errors) {
      if (!value.isTextual()) {
        typeError(value, "string", path, errors);
        return;
      }
      String text = value.textValue();
      int length = text.codePointCount(0, text.length());
      if (minLength >= 0 && length < minLength) {
        errors.put(key(path), PyRepr.of(value) + " is too short");
      } else if (maxLength >= 0 && length > maxLength) {
        errors.put(key(path), PyRepr.of(value) + " is too long");
      } else if (values != null && !values.contains(text)) {
        errors.put(key(path), PyRepr.of(value) + " is not one of "
            + values.stream().map(PyRepr::ofString).toList());
      }
    }
  }

  private static final class NumberShape extends JsonShape {
    private final boolean integral;
    private final Double min;
    private final Double max;

    NumberShape(boolean integral, Double min, Double max) {
      this.integral = integral;
      this.min = min;
      this.max = max;
    }

    @Override
    void check(JsonNode value, List<String> path, Map<String, String> errors) {
      // As in JSON Schema draft 4: 5.0 is not an integer, and booleans are not numbers.
      if (!value.isNumber() || (integral && !value.isIntegralNumber())) {
        typeError(value, integral ? "integer" : "number", path, errors);
        return;
      }
      double number = value.doubleValue();
      if (min != null && number < min) {
        errors.put(key(path), PyRepr.of(value) + " is less than the minimum of " + bound(min));
      } else if (max != null && number > max) {
        errors.put(key(path), PyRepr.of(value) + " is greater than the maximum of " + bound(max));
      }
    }

    private String bound(double bound) {
      return integral || bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound)
          : PyRepr.ofFloat(bound);
    }
  }

  private static final class ArrayShape extends JsonShape {
    private final JsonShape items;

    ArrayShape(JsonShape items) {
      this.items = items;
    }

    @Override
    void check(JsonNode value, List<String> path, Map<String, String> errors) {
      if (!value.isArray()) {
        typeError(value, "array", path, errors);
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        path.add(Integer.toString(i));
        items.check(value.get(i), path, errors);
        path.remove(path.size() - 1);
      }
    }
  }
}
