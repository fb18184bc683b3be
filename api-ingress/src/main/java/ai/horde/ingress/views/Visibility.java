package ai.horde.ingress.views;

import ai.horde.ingress.HordeSettings;
import ai.horde.topics.Topic;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reading what was written a moment ago, the one way ingress does it:
 * <ul>
 *   <li>{@link #find}: a lookup that finds nothing reads on until the views have everything committed at the
 *       time of asking (a key or a worker may have been created through another instance a moment ago);
 *   <li>{@link #shown}: until a decision's {@link Effect} is in the views, or its deadline passes.
 * </ul>
 */
@Singleton
public final class Visibility {
  private static final Executor AGAIN = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);
  private final ViewSync sync;
  private final Clock clock;
  private final Duration lookupCatchUp;

  Visibility(ViewSync sync, Clock clock, HordeSettings settings) {
    this.sync = sync;
    this.clock = clock;
    this.lookupCatchUp = settings.lookupCatchUp();
  }

  /**
   * What {@code lookup} finds: at once when the views show it already, else once they have read everything
   * committed to {@code topics}; empty when it is still not there then. How ingress declares a key, a user,
   * a team or a worker unknown.
   */
  public <T> CompletableFuture<Optional<T>> find(Supplier<Optional<T>> lookup, List<Topic<String, ?>> topics) {
    Optional<T> known = lookup.get();
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known);
    }
    return sync.caughtUp(topics, lookupCatchUp).handle((ok, error) -> lookup.get());
  }

  /**
   * Completes with true once the views show {@code effect}, reading on in its topics; with false when they
   * still do not at {@code deadline} (a decision is not undone by a slow view: the caller answers anyway).
   * Never completes exceptionally.
   */
  public CompletableFuture<Boolean> shown(Effect effect, Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    if (effect.topics().isEmpty() || left.isNegative()) {
      return CompletableFuture.completedFuture(effect.shown().getAsBoolean());
    }
    return sync.caughtUp(effect.topics(), left).handle((ok, error) -> {
      if (effect.shown().getAsBoolean()) {
        return CompletableFuture.completedFuture(true);
      }
      if (error != null) {
        return CompletableFuture.completedFuture(false);
      }
      // Read to the end, but the effect comes a step later (a posting after a reply): again, a little later.
      return CompletableFuture.runAsync(() -> { }, AGAIN).thenCompose(again -> shown(effect, deadline));
    }).thenCompose(shown -> shown);
  }
}
