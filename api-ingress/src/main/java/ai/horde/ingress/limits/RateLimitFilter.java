package ai.horde.ingress.limits;

import ai.horde.ingress.http.ClientAddress;
import ai.horde.ingress.http.ErrorBodies.RequestError;
import ai.horde.ingress.limits.RateLimits.Exceeded;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Answers a call past its rate limits with 429 before it reaches its route (spec §3.14): flask-limiter's body
 * (the limit, e.g. {@code "2 per 1 second"}) with an {@code rc} as every error here has, and {@code Retry-After}.
 * CORS preflights are not counted.
 */
@ServerFilter("/api/v2/**")
final class RateLimitFilter {
  static final String RC = "TooManyRequests";
  private static final String PREFIX = "/api/v2";

  private final RateLimits limits;
  private final ClientAddress clientAddress;

  RateLimitFilter(RateLimits limits, ClientAddress clientAddress) {
    this.limits = limits;
    this.clientAddress = clientAddress;
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> limit(HttpRequest<?> request) {
    if (request.getMethod() == HttpMethod.OPTIONS) {
      return null;
    }
    Exceeded exceeded = limits.take(clientAddress.of(request), request.getMethodName(),
        request.getPath().substring(PREFIX.length()), request.getHeaders().get("apikey"));
    return exceeded == null ? null : HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
        .header("Retry-After", Long.toString(exceeded.retryAfterSeconds()))
        .body(new RequestError(exceeded.limit(), RC));
  }
}
