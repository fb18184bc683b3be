package ai.horde.ingress.webhooks;

import ai.horde.ingress.http.ApiError;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SSRF guard of webhooks: at request time, a webhook that is not https, or whose host resolves to an
 * address {@link WebhookAddresses} forbids, is refused with 400 {@code BadRequest}; at send time the host is
 * resolved again and the connection goes to exactly the address that was checked ({@link WebhookPoster}), so a
 * name that resolves elsewhere by then (DNS rebinding) is caught too. {@code HORDE_WEBHOOK_ALLOW_PRIVATE} lifts
 * the address check, never the https one.
 *
 * <p>Names are resolved off the event loop, each within {@link #LOOKUP_TIMEOUT}. A name that does not resolve (or
 * not in time) at request time is accepted, as the reference accepts it: its webhook is refused when it is sent.
 */
@Singleton
public final class WebhookGuard {
  static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);

  private final boolean allowPrivate;
  private final WebhookTarget.Resolver resolver;
  private final ExecutorService lookups = Executors.newFixedThreadPool(4, task -> {
    Thread thread = new Thread(task, "webhook-lookups");
    thread.setDaemon(true);
    return thread;
  });

  @Inject
  WebhookGuard(WebhookSettings settings) {
    this(settings.allowPrivate(), WebhookTarget.Resolver.SYSTEM);
  }

  WebhookGuard(boolean allowPrivate, WebhookTarget.Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /**
   * Completes when the webhook (null or empty: none, as the reference reads it) may be kept with a request; fails with the {@link ApiError} to
   * answer otherwise. The scheme is checked at once, the addresses once the host is resolved.
   */
  public CompletableFuture<Void> check(String webhook) {
    if (webhook == null || webhook.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    WebhookTarget target = WebhookTarget.parse(webhook);
    return CompletableFuture.runAsync(() -> {
      try {
        target.addresses(resolver, allowPrivate);
      } catch (UnknownHostException e) {
        // Cannot be judged now; the send checks again.
      }
    }, lookups).orTimeout(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(error -> {
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof ApiError refused) {
            throw refused;
          }
          if (cause instanceof TimeoutException) {
            return null;
          }
          throw new CompletionException(cause);
        });
  }

  /**
   * The address to connect to for a webhook about to be sent: resolved now and checked again.
   *
   * @throws ApiError when it (now) resolves to a forbidden address
   * @throws UnknownHostException when it does not resolve
   */
  InetAddress addressForSend(WebhookTarget target) throws UnknownHostException {
    List<InetAddress> addresses = target.addresses(resolver, allowPrivate);
    return addresses.get(0);
  }
}
