package ai.horde.ingress.webhooks;

import ai.horde.ingress.http.ApiError;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where a webhook goes: its https URL taken apart into what a connection needs, and the refusals of a webhook
 * at request time with the reference's status, rc and words. Pure but for {@link Resolver}.
 *
 * @param host the host as written (a name, or an address literal without brackets)
 * @param port the port, 443 unless given
 * @param target the path and query the POST asks for
 */
record WebhookTarget(String host, int port, String target) {
  static final String NOT_HTTPS = "webhooks need to point to an https endpoint.";
  static final String PRIVATE = "webhooks may not point to a loopback, private or link-local address.";

  /** How a host name becomes addresses: {@link InetAddress#getAllByName} in production. */
  @FunctionalInterface
  interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
  }

  /**
   * The webhook's target; 400 {@code BadRequest} (the reference's words) unless it starts with {@code https://},
   * and also when it has no host this can connect to (the reference would accept it and fail every attempt).
   */
  static WebhookTarget parse(String webhook) {
    if (!webhook.startsWith("https://")) {
      throw ApiError.badRequest("BadRequest", NOT_HTTPS);
    }
    try {
      URI uri = new URI(webhook);
      if (uri.getHost() == null) {
        throw ApiError.badRequest("BadRequest", NOT_HTTPS);
      }
      String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
          : uri.getHost();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
      return new WebhookTarget(host, uri.getPort() == -1 ? 443 : uri.getPort(), target);
    } catch (URISyntaxException e) {
      throw ApiError.badRequest("BadRequest", NOT_HTTPS);
    }
  }

  /**
   * The addresses the host stands for, every one of them allowed (one forbidden address among public ones is
   * enough to refuse: which one a connection takes is not ours to choose), unless private targets are allowed.
   *
   * @throws ApiError 400 {@code BadRequest} when an address is forbidden
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> addresses(Resolver resolver, boolean allowPrivate) throws UnknownHostException {
    List<InetAddress> addresses = resolver.resolve(host);
    if (addresses.isEmpty()) {
      throw new UnknownHostException(host);
    }
    if (!allowPrivate && addresses.stream().anyMatch(WebhookAddresses::forbidden)) {
      throw ApiError.badRequest("BadRequest", PRIVATE);
    }
    return addresses;
  }
}
