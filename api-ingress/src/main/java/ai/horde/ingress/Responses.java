package ai.horde.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every response body is JSON written here, so that nulls the reference emits (a pop's {@code "id": null})
 * stay, and every failure has the same shape: {@code {"message", "rc"}}.
 */
final class Responses {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

  private Responses() {}

  static MutableHttpResponse<String> json(int status, JsonNode body) {
    try {
      return HttpResponse.<String>status(io.micronaut.http.HttpStatus.valueOf(status))
          .contentType(MediaType.APPLICATION_JSON_TYPE).body(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MutableHttpResponse<String> ok(JsonNode body) {
    return json(200, body);
  }

  static MutableHttpResponse<String> error(int status, String rc, String message) {
    return json(status, errorBody(rc, message));
  }

  static ObjectNode errorBody(String rc, String message) {
    return JSON.createObjectNode().put("message", message).put("rc", rc);
  }

  /** Runs a handler; whatever goes wrong, before or after its first asynchronous step, becomes an error body. */
  static CompletableFuture<MutableHttpResponse<String>> answer(
      Supplier<CompletableFuture<MutableHttpResponse<String>>> handler) {
    try {
      return handler.get().exceptionally(Responses::of);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(of(e));
    }
  }

  /** The response for a failure: the reference's for known ones, a logged 500 for anything else. */
  static MutableHttpResponse<String> of(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HordeError e) {
      return error(e.status, e.rc, e.getMessage());
    }
    if (cause instanceof InvalidPayload e) {
      ObjectNode body = JSON.createObjectNode();
      ObjectNode errors = body.putObject("errors");
      e.errors.forEach(errors::put);
      body.put("message", InvalidPayload.MESSAGE).put("rc", "RequestValidationError");
      return json(400, body);
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return error(503, "ServiceUnavailable", "The horde did not answer in time. Please try again.");
    }
    LOG.error("request failed", cause);
    return error(500, "InternalServerError", "Internal Server Error");
  }
}
