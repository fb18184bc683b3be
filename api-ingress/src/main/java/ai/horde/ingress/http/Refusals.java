package ai.horde.ingress.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals an operation documents, one annotation each, so that every operation documents a status with the
 * same body schema. Each is an {@link ApiResponse} the OpenAPI generator reads through the annotation.
 */
public final class Refusals {
  private Refusals() {}

  static final String JSON = "application/json";

  /** 400: an invalid body, header or argument ({@code errors} says which), or another bad request. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = JSON,
      schema = @Schema(implementation = ErrorBodies.RequestValidationError.class)))
  public @interface BadRequest {}

  /** 401: no user has the API key. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "401", description = "Invalid API key", content = @Content(mediaType = JSON,
      schema = @Schema(implementation = ErrorBodies.RequestError.class)))
  public @interface InvalidKey {}

  /** 403: the key's user may not do this. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "403", description = "Not allowed", content = @Content(mediaType = JSON,
      schema = @Schema(implementation = ErrorBodies.RequestError.class)))
  public @interface Forbidden {}

  /** 404: what the path or body names does not exist. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "404", description = "Not found", content = @Content(mediaType = JSON,
      schema = @Schema(implementation = ErrorBodies.RequestError.class)))
  public @interface NotFound {}

  /** 429: too many requests. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "429", description = "Too many requests waiting", content = @Content(
      mediaType = JSON, schema = @Schema(implementation = ErrorBodies.RequestError.class)))
  public @interface TooMany {}

  /** 503: a decider or a read model did not answer in time. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "503", description = "The horde did not answer in time", content = @Content(
      mediaType = JSON, schema = @Schema(implementation = ErrorBodies.RequestError.class)))
  public @interface Unavailable {}
}
