package ai.horde.ingress.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one way a request body becomes a typed record, with the reference's errors in the reference's order:
 * a body that is not JSON (400 {@code BadRequest}), then the record's schema ({@link BodySchema}: 400
 * {@code RequestValidationError} listing every failing field), then the required headers, then the body
 * fields the reference's parser requires ({@link RequiredArgument}). The record is then bound by the same
 * mapper that renders the answers.
 */
@Singleton
public final class JsonBodies {
  private final ObjectMapper mapper;

  public JsonBodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A header the reference's parser requires, checked after the body's schema. */
  public record RequiredHeader(String name, @Nullable String value, String help) {
    public static RequiredHeader apiKey(@Nullable String value, String help) {
      return new RequiredHeader("apikey", value, help);
    }
  }

  /** A body as its record, and as the JSON it was sent as (for what is passed on verbatim). */
  public record Sent<T>(T value, JsonNode json) {}

  public <T> T read(@Nullable String body, Class<T> type, RequiredHeader... headers) {
    return parse(body, type, headers).value();
  }

  /** As {@link #read}, where an empty body is an empty object (the reference's optional bodies). */
  public <T> T readOrEmpty(@Nullable String body, Class<T> type, RequiredHeader... headers) {
    return read(body == null || body.isBlank() ? "{}" : body, type, headers);
  }

  public <T> Sent<T> parse(@Nullable String body, Class<T> type, RequiredHeader... headers) {
    JsonNode json = tree(body);
    Map<String, String> errors = BodySchema.errors(type, json);
    if (!errors.isEmpty()) {
      throw new InvalidInput(errors);
    }
    for (RequiredHeader header : headers) {
      if (header.value() == null) {
        throw InvalidInput.missingHeader(header.name(), header.help());
      }
    }
    T value = bind(json, type);
    requireArguments(value, type);
    return new Sent<>(value, json);
  }

  private JsonNode tree(@Nullable String body) {
    if (body == null || body.isBlank()) {
      throw ApiError.badRequest("BadRequest", "Failed to decode JSON object: the request has no body.");
    }
    try {
      return mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("BadRequest", "Failed to decode JSON object: " + e.getOriginalMessage());
    }
  }

  /** The schema passed, so only a number too large for its field can still fail here. */
  private <T> T bind(JsonNode json, Class<T> type) {
    try {
      return mapper.treeToValue(json, type);
    } catch (JsonMappingException e) {
      String field = e.getPath().stream()
          .map(at -> at.getFieldName() != null ? at.getFieldName() : Integer.toString(at.getIndex()))
          .collect(Collectors.joining("."));
      throw InvalidInput.of(field, "is out of range");
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("BadRequest", "Failed to decode JSON object: " + e.getOriginalMessage());
    }
  }

  private static void requireArguments(Object value, Class<?> type) {
    for (Required required : REQUIRED.get(type)) {
      if (required.valueIn(value) == null) {
        throw InvalidInput.missingField(required.jsonName(), required.help());
      }
    }
  }

  /** A body field the reference's parser requires, with its accessor made callable once. */
  private record Required(java.lang.reflect.Method accessor, String jsonName, String help) {
    Object valueIn(Object record) {
      try {
        return accessor.invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Each body record's required fields, looked up once per record type rather than reflected on every call. */
  private static final ClassValue<List<Required>> REQUIRED = new ClassValue<>() {
    @Override
    protected List<Required> computeValue(Class<?> type) {
      List<Required> fields = new ArrayList<>();
      for (RecordComponent component : type.getRecordComponents()) {
        java.lang.reflect.Method accessor = component.getAccessor();
        RequiredArgument required = accessor.getAnnotation(RequiredArgument.class);
        if (required != null) {
          // The records are package-private in their feature's package.
          accessor.setAccessible(true);
          fields.add(new Required(accessor, BodySchema.jsonName(component), required.help()));
        }
      }
      return List.copyOf(fields);
    }
  };
}
