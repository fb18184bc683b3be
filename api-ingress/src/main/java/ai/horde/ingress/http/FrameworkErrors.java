package ai.horde.ingress.http;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Errors the framework raises itself (no route, wrong method, a body too large, an uncaught exception) get
 * the same {@code {"message", "rc"}} body as the horde's own, with Flask's wording where the reference answers
 * with Flask's.
 */
@Singleton
final class FrameworkErrors implements ErrorResponseProcessor<ErrorBodies.RequestError> {
  @Override
  public MutableHttpResponse<ErrorBodies.RequestError> processResponse(ErrorContext context,
      MutableHttpResponse<?> response) {
    int status = response.code();
    ErrorBodies.RequestError body = switch (status) {
      case 404 -> body(ApiError.notFound());
      case 405 -> new ErrorBodies.RequestError("The method is not allowed for the requested URL.", "MethodNotAllowed");
      case 413 -> body(ApiError.payloadTooLarge());
      case 415 -> new ErrorBodies.RequestError("Did not attempt to load JSON data because the request Content-Type "
          + "was not 'application/json'.", "UnsupportedMediaType");
      default -> status >= 500 ? new ErrorBodies.RequestError("Internal Server Error", "InternalServerError")
          : new ErrorBodies.RequestError(context.getErrors().stream().findFirst().map(e -> e.getMessage())
              .orElse("Bad Request"), "BadRequest");
    };
    @SuppressWarnings("unchecked")
    MutableHttpResponse<ErrorBodies.RequestError> typed = (MutableHttpResponse<ErrorBodies.RequestError>) response;
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return typed.body(null);
    }
    return typed.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
  }

  private static ErrorBodies.RequestError body(ApiError error) {
    return new ErrorBodies.RequestError(error.getMessage(), error.rc());
  }
}
