package ai.horde.ingress;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Errors the framework raises itself (no route, wrong method, a body it cannot read, an uncaught exception)
 * get the same {@code {"message", "rc"}} body as the horde's own, with Flask's wording where the reference
 * answers with Flask's.
 */
@Singleton
final class ErrorBodies implements ErrorResponseProcessor<String> {
  @Override
  public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    int status = response.code();
    String rc;
    String message;
    switch (status) {
      case 404 -> {
        rc = "NotFound";
        message = "The requested URL was not found on the server. If you entered the URL manually please check "
            + "your spelling and try again.";
      }
      case 405 -> {
        rc = "MethodNotAllowed";
        message = "The method is not allowed for the requested URL.";
      }
      case 413 -> {
        rc = "PayloadTooLarge";
        message = "The data value transmitted exceeds the capacity limit.";
      }
      case 415 -> {
        rc = "UnsupportedMediaType";
        message = "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.";
      }
      default -> {
        rc = status >= 500 ? "InternalServerError" : "BadRequest";
        message = status >= 500 ? "Internal Server Error"
            : context.getErrors().stream().findFirst().map(e -> e.getMessage()).orElse("Bad Request");
      }
    }
    @SuppressWarnings("unchecked")
    MutableHttpResponse<String> typed = (MutableHttpResponse<String>) response;
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return typed.body(null);
    }
    return typed.contentType(MediaType.APPLICATION_JSON_TYPE).body(Responses.errorBody(rc, message).toString());
  }
}
