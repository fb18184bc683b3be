package ai.horde.ingress.http;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import java.util.Map;

/** The bodies of failures, as the reference answers them (spec §2.1). */
public final class ErrorBodies {
  private ErrorBodies() {}

  /**
   * A refusal.
   *
   * @param message what went wrong, for people
   * @param rc the return code, for programs (see the reference's README_return_codes.md)
   */
  @Schema(name = "RequestError", additionalProperties = AdditionalPropertiesValue.FALSE)
  public record RequestError(String message, String rc) {}

  /**
   * A body, header or argument that failed validation (flask-restx's format). Every 400 is documented with
   * it: other 400s are a plain {@link RequestError}, without {@code errors}.
   *
   * @param errors the offending field, header or argument and what is wrong with it
   * @param message "Input payload validation failed"
   * @param rc the return code
   */
  @Schema(name = "RequestValidationError", additionalProperties = AdditionalPropertiesValue.FALSE)
  public record RequestValidationError(@NotRequired Map<String, String> errors, String message, String rc) {}
}
