package ai.horde.ingress.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A body, header or argument that fails validation, answered as flask-restx does:
 * {@code {"errors": {field: detail}, "message": "Input payload validation failed", "rc": ...}}.
 */
public final class InvalidInput extends RuntimeException {
  static final String MESSAGE = "Input payload validation failed";
  private final Map<String, String> errors;

  public InvalidInput(Map<String, String> errors) {
    super(MESSAGE, null, false, false);
    // In the order the checks found them, as flask-restx lists them.
    this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  /** One failing field or argument. */
  public static InvalidInput of(String name, String detail) {
    return new InvalidInput(Map.of(name, detail));
  }

  public static InvalidInput missingHeader(String name, String help) {
    return of(name, withHelp(help, "Missing required parameter in the HTTP headers"));
  }

  /** @param help the parser argument's help, or empty for an argument without one (then the error alone) */
  public static InvalidInput missingField(String name, String help) {
    return of(name, withHelp(help, "Missing required parameter in the JSON body"));
  }

  /** As flask-restx words it: the help, a space and the error; the error alone without a help. */
  private static String withHelp(String help, String error) {
    return help == null || help.isEmpty() ? error : help + " " + error;
  }

  public Map<String, String> errors() {
    return errors;
  }
}
