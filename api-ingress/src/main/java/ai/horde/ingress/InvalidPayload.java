package ai.horde.ingress;

import java.util.Map;

/**
 * A body or required argument that fails validation, answered as flask-restx does:
 * {@code {"errors": {field: detail}, "message": "Input payload validation failed"}}, plus an {@code rc}.
 */
final class InvalidPayload extends RuntimeException {
  static final String MESSAGE = "Input payload validation failed";
  final Map<String, String> errors;

  InvalidPayload(Map<String, String> errors) {
    super(MESSAGE, null, false, false);
    this.errors = Map.copyOf(errors);
  }

  static InvalidPayload missingHeader(String name, String help) {
    return new InvalidPayload(Map.of(name, help + " Missing required parameter in the HTTP headers"));
  }

  static InvalidPayload missingField(String name, String help) {
    return new InvalidPayload(Map.of(name, help + " Missing required parameter in the JSON body"));
  }
}
