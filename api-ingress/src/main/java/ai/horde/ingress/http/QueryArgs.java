package ai.horde.ingress.http;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Query arguments read as the reference's flask-restx request parser reads {@code type=int} arguments: what
 * Python's {@code int()} accepts (white space around, a sign, digit groups joined by {@code _}), any size; a
 * bad one is {@code {"errors": {name: "<help> <error>"}}}.
 *
 * <p>Known gap: Python's {@code int()} also takes non-ASCII digits; these are refused here.
 */
public final class QueryArgs {
  private static final Pattern INT = Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");

  private QueryArgs() {}

  /** {@code value} as Python's {@code int()} reads it; a validation error naming {@code name} otherwise. */
  public static BigInteger integer(String value, String name, String help) {
    return integer(value, name, help, "invalid literal for int() with base 10: " + PyRepr.ofString(value));
  }

  /** As {@link #integer(String, String, String)}, with the parser's own wording of the error. */
  public static BigInteger integer(String value, String name, String help, String error) {
    String digits = value.strip();
    if (!INT.matcher(digits).matches()) {
      throw invalid(name, help, error);
    }
    return new BigInteger(digits.replace("_", ""));
  }

  public static InvalidInput invalid(String name, String help, String error) {
    return InvalidInput.of(name, help.isEmpty() ? error : help + " " + error);
  }
}
