package ai.horde.ingress.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON values written as Python's {@code repr} writes them, because the reference's validation messages
 * quote the offending value that way ({@code "'abc' is not of type 'integer'"}, {@code "True is not ..."}).
 */
public final class PyRepr {
  private PyRepr() {}

  public static String of(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "None";
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "True" : "False";
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      return ofFloat(value.doubleValue());
    }
    if (value.isTextual()) {
      return ofString(value.textValue());
    }
    if (value.isArray()) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < value.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(of(value.get(i)));
      }
      return out.append(']').toString();
    }
    StringBuilder out = new StringBuilder("{");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    boolean first = true;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      out.append(first ? "" : ", ").append(ofString(field.getKey())).append(": ").append(of(field.getValue()));
      first = false;
    }
    return out.append('}').toString();
  }

  public static String ofString(String text) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == quote) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    return out.append(quote).toString();
  }

  /** Python's float repr: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
  public static String ofFloat(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    double magnitude = Math.abs(value);
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
      String digits = shortest.unscaledValue().abs().toString();
      int exponent = digits.length() - 1 - shortest.scale();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exponent));
    }
    String plain = shortest.toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }
}
