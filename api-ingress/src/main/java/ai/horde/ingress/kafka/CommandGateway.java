package ai.horde.ingress.kafka;

import ai.horde.topics.Topic;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Ingress's link to the deciders: writes events and commands, and matches the replies that come back on
 * {@code horde.replies} (keyed by {@link #instanceId}) to the commands waiting for them. Its Kafka side is
 * {@link KafkaCommandGateway}; feature tests replace it.
 */
public interface CommandGateway {
  /** This ingress instance's id, the reply address its commands carry. */
  String instanceId();

  /** Writes one record; completes once every in-sync replica has it. */
  <V> CompletableFuture<Void> send(Topic<String, V> topic, String key, V value);

  /**
   * Writes a command and completes with the body of its reply, or with a {@code TimeoutException} when no
   * reply came within {@code timeout}.
   */
  <V> CompletableFuture<Object> ask(Topic<String, V> topic, String key, V command, String correlationId,
      Duration timeout);

  /** Whether replies are still being read: without them no command can be answered. */
  boolean live();
}
