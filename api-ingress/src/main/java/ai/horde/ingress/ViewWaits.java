package ai.horde.ingress;

import ai.horde.events.UserAccount;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits until this instance's views show what the account registry has just done (a new user, a rotated
 * key, a new name, a balance set), so that the caller's next request with the new key works at once: the
 * registry answers as soon as it decided, and the events reach the views a few steps later. Used by the
 * test-user route and by /register, over {@link HordeViews#until}.
 */
@Singleton
final class ViewWaits {
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  /** The user's events and balance arrive a few steps after the registry's reply. */
  private static final List<Topic<String, ?>> TOPICS = List.of(Topics.USER_EVENTS, Topics.KUDOS_BALANCES);

  private final HordeViews views;

  ViewWaits(HordeViews views) {
    this.views = views;
  }

  /**
   * Completes with what {@code seen} finds once it finds something; with a {@code TimeoutException} when it
   * found nothing within {@link #TIMEOUT}.
   */
  <T> CompletableFuture<T> until(Supplier<Optional<T>> seen) {
    return views.until(() -> seen.get().isPresent(), TOPICS, TIMEOUT).thenApply(shown -> seen.get()
        .orElseThrow(() -> new CompletionException(new TimeoutException())));
  }

  /** Until this instance resolves the key (to any user). */
  CompletableFuture<UserAccount> keyKnown(String apiKey) {
    String hash = ApiKeys.hash(apiKey);
    return until(() -> views.users.byKeyHash(hash));
  }
}
