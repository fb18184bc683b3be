package ai.horde.ingress.views;

import ai.horde.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** How far the views have read: {@link ViewFeed} over Kafka; feature tests replace it. */
public interface ViewSync {
  /**
   * Completes when the views have read everything committed to {@code topics} when this was called;
   * completes exceptionally with a {@code TimeoutException} after {@code timeout}.
   */
  CompletableFuture<Void> caughtUp(List<Topic<String, ?>> topics, Duration timeout);

  /** Whether the views caught up with the topics once and are still being fed. */
  boolean live();
}
