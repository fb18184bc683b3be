package ai.horde.ingress.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * The client's IP (what rate limits, worker addresses and request addresses are keyed by): the socket's peer,
 * unless trusted proxies put it in {@code X-Forwarded-For}. With {@code hops} trusted proxies in front of the
 * horde ({@code HORDE_FORWARDED_HOPS}; 1 by default, as the reference's {@code ProxyFix(x_for=1)}), the client is
 * the entry that many from the end: the entries before it are the client's to write, so they are not believed.
 * With 0, the header is ignored (a horde that clients reach directly, where anyone could write it).
 */
@Singleton
public final class ClientAddress {
  private final int hops;

  ClientAddress(@Value("${horde.forwarded-hops:1}") int hops) {
    this.hops = Math.max(0, hops);
  }

  public String of(HttpRequest<?> request) {
    String forwarded = request.getHeaders().get("X-Forwarded-For");
    if (hops > 0 && forwarded != null && !forwarded.isBlank()) {
      String[] entries = forwarded.split(",");
      // Fewer entries than proxies: the first one is as far back as the proxies vouch for.
      return entries[Math.max(0, entries.length - hops)].strip();
    }
    return request.getRemoteAddress().getAddress().getHostAddress();
  }
}
