package ai.horde.ingress.webhooks;

import ai.horde.ingress.http.ApiError;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhooks, each tried as {@link WebhookRetries} says, on threads of their own: at most {@link #THREADS}
 * attempts at once and {@link #QUEUE} webhooks waiting for a thread; beyond that a webhook is dropped (and
 * logged), as the reference drops what its queue cannot take. Nothing here waits on a request or the scheduler.
 *
 * <p>Each attempt checks the host's addresses again ({@link WebhookGuard#addressForSend}) and connects to the one
 * it checked ({@link WebhookPoster}).
 */
@Singleton
final class WebhookDeliveries {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveries.class);
  static final int THREADS = 8;
  static final int QUEUE = 256;

  private final WebhookGuard guard;
  private final WebhookPoster poster;
  private final Clock clock;
  private final ExecutorService senders = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES,
      new ArrayBlockingQueue<>(QUEUE), task -> {
        Thread thread = new Thread(task, "webhook-sender");
        thread.setDaemon(true);
        return thread;
      });

  @Inject
  WebhookDeliveries(WebhookGuard guard, WebhookSettings settings, Clock clock) {
    this(guard, WebhookPoster.of(settings), clock);
  }

  WebhookDeliveries(WebhookGuard guard, WebhookPoster poster, Clock clock) {
    this.guard = guard;
    this.poster = poster;
    this.clock = clock;
  }

  /**
   * Sends one webhook; completes with whether a receiver answered 2xx, once it did or was given up (never
   * exceptionally).
   *
   * @param body built on a sender thread (it may read an image from storage)
   * @param jobId for the log
   */
  CompletableFuture<Boolean> deliver(String webhook, Supplier<byte[]> body, String jobId) {
    WebhookTarget target;
    try {
      target = WebhookTarget.parse(webhook);
    } catch (ApiError e) {
      LOG.info("webhook of job {} not sent: {}", jobId, e.getMessage());
      return CompletableFuture.completedFuture(false);
    }
    try {
      return CompletableFuture.supplyAsync(body, senders).thenCompose(json -> attempt(target, json, 1, jobId))
          .exceptionally(error -> {
            LOG.warn("webhook of job {} dropped: {}", jobId, error.toString());
            return false;
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.warn("webhook of job {} dropped: {} webhooks already waiting", jobId, QUEUE);
      return CompletableFuture.completedFuture(false);
    }
  }

  private CompletableFuture<Boolean> attempt(WebhookTarget target, byte[] json, int attempt, String jobId) {
    return CompletableFuture.supplyAsync(() -> once(target, json, jobId), senders).thenCompose(result -> {
      WebhookRetries.Next next = WebhookRetries.after(attempt, result, clock.instant());
      if (!next.retry()) {
        LOG.info("webhook of job {} {} after {} attempt(s)", jobId, next.delivered() ? "delivered" : "given up",
            attempt);
        return CompletableFuture.completedFuture(next.delivered());
      }
      long pause = Math.max(0, Duration.between(clock.instant(), next.retryAt()).toMillis());
      return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
          .thenCompose(ignored -> attempt(target, json, attempt + 1, jobId));
    });
  }

  private WebhookRetries.Result once(WebhookTarget target, byte[] json, String jobId) {
    try {
      InetAddress address = guard.addressForSend(target);
      return WebhookRetries.answered(poster.post(target, address, json));
    } catch (ApiError e) {
      LOG.info("webhook of job {} refused at send time: {}", jobId, e.getMessage());
      return WebhookRetries.Result.REFUSED;
    } catch (IOException e) {
      LOG.info("webhook of job {}: an attempt failed: {}", jobId, e.toString());
      return WebhookRetries.Result.FAILED;
    }
  }

  @PreDestroy
  void close() {
    senders.shutdownNow();
    poster.close();
  }
}
