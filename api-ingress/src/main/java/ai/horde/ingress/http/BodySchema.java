package ai.horde.ingress.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema a request record stands for, checked as the reference checks bodies (flask-restx validating
 * with jsonschema, draft 4): every error keyed by the dotted path of its field and worded as jsonschema words
 * it, e.g. {@code "params.n": "21 is greater than the maximum of 20"}, in the order of the record's components.
 *
 * <p>It is derived once per record class from the same things the OpenAPI document is generated from: the
 * components' types (string, integer, number, boolean, lists, nested records; a {@code JsonNode} or a map is
 * not checked) and their constraints ({@code @Min}/{@code @Max}, {@code @DecimalMin}/{@code @DecimalMax},
 * {@code @Size}, {@code @NotNull} as a required property, {@code @Schema(allowableValues)} as an enum,
 * {@code @Schema(multipleOf)}, {@code @ArraySchema(uniqueItems)} and an {@code @ArraySchema}'s item
 * {@code allowableValues}; a map must be an object;
 * {@code @Nullable} lets a field be null, which is otherwise a type error). Names
 * are the JSON names (snake_case, or {@code @JsonProperty}). Fields a record does not declare are not checked.
 */
final class BodySchema {
  private static final ClassValue<Check> SCHEMAS = new ClassValue<>() {
    @Override
    protected Check computeValue(Class<?> type) {
      return objectOf(type);
    }
  };

  private BodySchema() {}

  /** The errors of {@code value} against the schema of record {@code type}, in field order; empty when it fits. */
  static Map<String, String> errors(Class<?> type, JsonNode value) {
    Map<String, String> errors = new LinkedHashMap<>();
    SCHEMAS.get(type).check(value, new ArrayList<>(), errors);
    return errors;
  }

  /** The JSON name of a record component, as the mapper reads and writes it. */
  static String jsonName(RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    if (property == null) {
      property = component.getAnnotation(JsonProperty.class);
    }
    return property != null && !property.value().isEmpty() ? property.value()
        : PropertyNamingStrategies.SNAKE_CASE.nameForField(null, null, component.getName());
  }

  /** One check of a value at a path. */
  private interface Check {
    void check(JsonNode value, List<String> path, Map<String, String> errors);
  }

  private record Field(String name, Check check, boolean required) {}

  private static Check objectOf(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type + " is not a record: API bodies are records");
    }
    List<Field> fields = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      AnnotatedElement declared = component.getAccessor();
      Check check = of(component.getGenericType(), component.getAnnotatedType(), declared);
      if (declared.isAnnotationPresent(Nullable.class)) {
        Check notNull = check;
        check = (value, path, errors) -> {
          if (!value.isNull()) {
            notNull.check(value, path, errors);
          }
        };
      }
      fields.add(new Field(jsonName(component), check, declared.isAnnotationPresent(NotNull.class)));
    }
    return (value, path, errors) -> {
      if (!value.isObject()) {
        typeError(value, "object", path, errors);
        return;
      }
      for (Field field : fields) {
        JsonNode member = value.get(field.name());
        if (member != null) {
          path.add(field.name());
          field.check().check(member, path, errors);
          path.remove(path.size() - 1);
        }
      }
      for (Field field : fields) {
        if (field.required() && !value.has(field.name())) {
          errors.put(key(path, field.name()), PyRepr.ofString(field.name()) + " is a required property");
        }
      }
    };
  }

  /**
   * The check of one value of {@code type}; its constraints are on {@code declared} (the component) or, for a
   * list's items, on the type argument.
   */
  private static Check of(Type type, AnnotatedType annotated, AnnotatedElement declared) {
    Class<?> raw = type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType()
        : type instanceof Class<?> c ? c : Object.class;
    if (raw == String.class) {
      Size size = declared.getAnnotation(Size.class);
      Schema schema = declared.getAnnotation(Schema.class);
      List<String> values = schema == null || schema.allowableValues().length == 0 ? null
          : Arrays.asList(schema.allowableValues());
      return text(size == null ? 0 : size.min(), size == null ? Integer.MAX_VALUE : size.max(), values);
    }
    if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class
        || raw == BigInteger.class) {
      return number(true, declared);
    }
    if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
        || raw == BigDecimal.class) {
      return number(false, declared);
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return (value, path, errors) -> {
        if (!value.isBoolean()) {
          typeError(value, "boolean", path, errors);
        }
      };
    }
    if (Collection.class.isAssignableFrom(raw) && annotated instanceof AnnotatedParameterizedType list) {
      AnnotatedType item = list.getAnnotatedActualTypeArguments()[0];
      ArraySchema arraySchema = declared.getAnnotation(ArraySchema.class);
      Check items = of(item.getType(), item, item);
      if (arraySchema != null && arraySchema.schema().allowableValues().length > 0 && item.getType() == String.class) {
        // Items' enum: @Schema cannot annotate a type argument, so it is the @ArraySchema's item schema.
        Size size = item.getAnnotation(Size.class);
        items = text(size == null ? 0 : size.min(), size == null ? Integer.MAX_VALUE : size.max(),
            Arrays.asList(arraySchema.schema().allowableValues()));
      }
      return array(items, arraySchema != null && arraySchema.uniqueItems());
    }
    if (raw.isRecord()) {
      return SCHEMAS.get(raw);
    }
    if (Map.class.isAssignableFrom(raw)) {
      // An open object (a wildcard model): any members, but an object.
      return (value, path, errors) -> {
        if (!value.isObject()) {
          typeError(value, "object", path, errors);
        }
      };
    }
    return (value, path, errors) -> { }; // JsonNode: whatever was sent
  }

  private static Check text(int minLength, int maxLength, List<String> values) {
    return (value, path, errors) -> {
      if (!value.isTextual()) {
        typeError(value, "string", path, errors);
        return;
      }
      String text = value.textValue();
      int length = text.codePointCount(0, text.length());
      if (minLength > 0 && length < minLength) {
        errors.put(key(path), PyRepr.of(value) + " is too short");
      } else if (maxLength < Integer.MAX_VALUE && length > maxLength) {
        errors.put(key(path), PyRepr.of(value) + " is too long");
      } else if (values != null && !values.contains(text)) {
        errors.put(key(path), PyRepr.of(value) + " is not one of " + values.stream().map(PyRepr::ofString).toList());
      }
    };
  }

  private static Check number(boolean integral, AnnotatedElement declared) {
    BigDecimal min = bound(declared.getAnnotation(Min.class) == null ? null
        : BigDecimal.valueOf(declared.getAnnotation(Min.class).value()), declared.getAnnotation(DecimalMin.class));
    BigDecimal max = bound(declared.getAnnotation(Max.class) == null ? null
        : BigDecimal.valueOf(declared.getAnnotation(Max.class).value()), declared.getAnnotation(DecimalMax.class));
    Schema schema = declared.getAnnotation(Schema.class);
    BigDecimal multipleOf = schema == null || schema.multipleOf() <= 0 ? null
        : schema.multipleOf() == Math.rint(schema.multipleOf()) ? BigDecimal.valueOf((long) schema.multipleOf())
        : BigDecimal.valueOf(schema.multipleOf());
    return (value, path, errors) -> {
      // As in draft 4: 5.0 is not an integer, and booleans are not numbers.
      if (!value.isNumber() || (integral && !value.isIntegralNumber())) {
        typeError(value, integral ? "integer" : "number", path, errors);
        return;
      }
      if (!Double.isFinite(value.doubleValue()) && !value.isBigDecimal() && !value.isBigInteger()) {
        infinite(value, min, max, path, errors);
        return;
      }
      BigDecimal number = value.decimalValue();
      if (min != null && number.compareTo(min) < 0) {
        errors.put(key(path), PyRepr.of(value) + " is less than the minimum of " + print(min, integral));
      } else if (max != null && number.compareTo(max) > 0) {
        errors.put(key(path), PyRepr.of(value) + " is greater than the maximum of " + print(max, integral));
      }
      // multipleOf comes after the bounds in flask-restx's schema, and jsonschema's later error for the same
      // field is the one flask-restx keeps: 4000 is reported as not a multiple of 64, not as too large.
      if (multipleOf != null && number.remainder(multipleOf).signum() != 0) {
        errors.put(key(path), PyRepr.of(value) + " is not a multiple of " + print(multipleOf, false));
      }
    };
  }

  /**
   * A number beyond a double's range ({@code 1e999}, which Python reads as {@code inf}): past a bound as
   * jsonschema says it; without that bound, out of range, as no field can hold it (the reference would store
   * {@code inf} and fail later).
   */
  private static void infinite(JsonNode value, BigDecimal min, BigDecimal max, List<String> path,
      Map<String, String> errors) {
    boolean positive = value.doubleValue() > 0;
    if (!positive && min != null) {
      errors.put(key(path), PyRepr.of(value) + " is less than the minimum of " + print(min, false));
    } else if (positive && max != null) {
      errors.put(key(path), PyRepr.of(value) + " is greater than the maximum of " + print(max, false));
    } else {
      errors.put(key(path), PyRepr.of(value) + " is out of range");
    }
  }

  private static BigDecimal bound(BigDecimal whole, java.lang.annotation.Annotation decimal) {
    if (whole != null) {
      return whole;
    }
    if (decimal instanceof DecimalMin d) {
      return new BigDecimal(d.value());
    }
    return decimal instanceof DecimalMax d ? new BigDecimal(d.value()) : null;
  }

  /**
   * A bound as the schema prints it: integers as integers, other numbers as Python floats. A bound written
   * with a decimal point ({@code @DecimalMax("1.0")}) is a float in the reference's model, printed {@code 1.0}.
   */
  private static String print(BigDecimal bound, boolean integral) {
    boolean whole = bound.scale() <= 0;
    return integral || whole ? bound.toBigInteger().toString() : PyRepr.ofFloat(bound.doubleValue());
  }

  private static Check array(Check items, boolean unique) {
    return (value, path, errors) -> {
      if (!value.isArray()) {
        typeError(value, "array", path, errors);
        return;
      }
      // jsonschema checks uniqueItems before the items (flask-restx writes it first).
      if (unique && new HashSet<>(toList(value)).size() < value.size()) {
        errors.put(key(path), PyRepr.of(value) + " has non-unique elements");
      }
      for (int i = 0; i < value.size(); i++) {
        path.add(Integer.toString(i));
        items.check(value.get(i), path, errors);
        path.remove(path.size() - 1);
      }
    };
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private static void typeError(JsonNode value, String type, List<String> path, Map<String, String> errors) {
    errors.put(key(path), PyRepr.of(value) + " is not of type '" + type + "'");
  }

  private static String key(List<String> path, String... more) {
    List<String> all = new ArrayList<>(path);
    all.addAll(List.of(more));
    return String.join(".", all);
  }
}
