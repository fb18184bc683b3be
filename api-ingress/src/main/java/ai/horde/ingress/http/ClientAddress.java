package ai.horde.ingress.http;

import io.micronaut.http.HttpRequest;

/**
 * The client's IP: the socket's peer, unless one trusted proxy put it in {@code X-Forwarded-For}, whose
 * last entry is then the client (the reference's {@code ProxyFix(x_for=1)}).
 */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(HttpRequest<?> request) {
    String forwarded = request.getHeaders().get("X-Forwarded-For");
    if (forwarded != null && !forwarded.isBlank()) {
      String[] hops = forwarded.split(",");
      return hops[hops.length - 1].strip();
    }
    return request.getRemoteAddress().getAddress().getHostAddress();
  }
}
