package ai.horde.ingress.storage;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpHostResolver;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * The horde's root URL as the caller of a request reaches it, which the disk store's URLs start with:
 * {@code HORDE_PUBLIC_URL} when it is set (a horde behind a proxy or under a path), else the scheme, host and port
 * of the request itself (Micronaut's {@link HttpHostResolver}: the {@code Host} header, or
 * {@code Forwarded}/{@code X-Forwarded-*} where {@code micronaut.server.host-resolution} says to trust them).
 *
 * <p>Taken from the request, a worker's upload URL points where that worker reached the horde, and a requester's
 * download URL where that requester did: on one machine, {@code localhost} works for both. A forged {@code Host}
 * only misdirects its own sender.
 */
@Singleton
public final class PublicUrl {
  private final URI configured;
  private final HttpHostResolver hosts;

  PublicUrl(StorageSettings settings, HttpHostResolver hosts) {
    this.configured = settings.publicUrl() == null ? null : URI.create(settings.publicUrl());
    this.hosts = hosts;
  }

  /** {@code HORDE_PUBLIC_URL}, when it is set: the root for URLs handed out outside any request (webhooks). */
  public java.util.Optional<URI> configured() {
    return java.util.Optional.ofNullable(configured);
  }

  /** The root URL for URLs handed out in answer to {@code request}. */
  public URI of(HttpRequest<?> request) {
    return configured != null ? configured : URI.create(hosts.resolve(request));
  }
}
