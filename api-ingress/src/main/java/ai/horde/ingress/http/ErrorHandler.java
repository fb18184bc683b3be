package ai.horde.ingress.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of a call, before or after its first asynchronous step, answered as the reference answers:
 * a refusal ({@link ApiError}) with its status and rc, a validation failure ({@link InvalidInput}) as
 * flask-restx's 400, a command larger than its topic takes as 413, a decider that did not answer in time as 503, and anything else as a logged 500. The
 * framework's own failures (no route, a body too large, ...) are {@link FrameworkErrors}'.
 */
@Singleton
final class ErrorHandler implements ExceptionHandler<Exception, HttpResponse<?>> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public HttpResponse<?> handle(HttpRequest request, Exception exception) {
    return answer(exception);
  }

  /** The answer to a failure. */
  static HttpResponse<?> answer(Throwable failure) {
    Throwable cause = Failures.cause(failure);
    if (cause instanceof ApiError e) {
      return json(e.status(), new ErrorBodies.RequestError(e.getMessage(), e.rc()));
    }
    if (cause instanceof InvalidInput e) {
      return json(400, new ErrorBodies.RequestValidationError(e.errors(), InvalidInput.MESSAGE, "RequestValidationError"));
    }
    if (cause instanceof RecordTooLargeException) {
      // A field larger than its topic takes (a 1 MB id, say): the client's payload, not the horde, is at fault.
      return answer(ApiError.payloadTooLarge());
    }
    if (cause instanceof TimeoutException) {
      return json(503, new ErrorBodies.RequestError("The horde did not answer in time. Please try again.",
          "ServiceUnavailable"));
    }
    LOG.error("request failed", cause);
    return json(500, new ErrorBodies.RequestError("Internal Server Error", "InternalServerError"));
  }

  private static HttpResponse<?> json(int status, Object body) {
    return HttpResponse.status(HttpStatus.valueOf(status)).contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(body);
  }
}
