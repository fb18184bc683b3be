package ai.horde.ingress;

import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits until this instance's views show what the account registry has just done (a new user, a rotated
 * key, a new name, a balance set), so that the caller's next request with the new key works at once: the
 * registry answers as soon as it decided, and the events reach the views a few steps later. Used by the
 * test-user route and by /register.
 *
 * <p>Known gap: it polls (catching up with the user and balance topics in between) on threads of its own,
 * one per waiting call, for at most {@link #TIMEOUT}.
 */
@Singleton
final class ViewWaits {
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** Waiting blocks: not on the common pool, which other work shares. */
  private static final Executor WAITING = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "view-wait");
    thread.setDaemon(true);
    return thread;
  });

  private final HordeViews views;

  ViewWaits(HordeViews views) {
    this.views = views;
  }

  /**
   * Completes with what {@code seen} finds once it finds something; with a {@code TimeoutException} when it
   * found nothing within {@link #TIMEOUT}.
   */
  <T> CompletableFuture<T> until(Supplier<Optional<T>> seen) {
    long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
    return CompletableFuture.supplyAsync(() -> {
      while (System.currentTimeMillis() < deadline) {
        Optional<T> found = seen.get();
        if (found.isPresent()) {
          return found.get();
        }
        // The user's events and balance arrive a few steps after the reply: read on, a little at a time.
        views.caughtUp(List.of(Topics.USER_EVENTS, Topics.KUDOS_BALANCES), Duration.ofSeconds(1))
            .exceptionally(error -> null).join();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      throw new CompletionException(new TimeoutException());
    }, WAITING);
  }

  /** Until this instance resolves the key (to any user). */
  CompletableFuture<UserAccount> keyKnown(String apiKey) {
    String hash = ApiKeys.hash(apiKey);
    return until(() -> views.users.byKeyHash(hash));
  }
}
