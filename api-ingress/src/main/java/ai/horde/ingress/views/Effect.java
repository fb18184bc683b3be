package ai.horde.ingress.views;

import ai.horde.topics.Topic;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What a decision leaves behind for its caller to read: the topics its decider writes it to, and, where it
 * arrives a step later than the decider's reply (a ledger posting after the registry's answer), the
 * condition on the views that shows it.
 */
public record Effect(List<Topic<String, ?>> topics, BooleanSupplier shown) {
  /** Nothing to wait for. */
  public static final Effect NONE = new Effect(List.of(), () -> true);

  /** Written by the decider before it answered: shown once the views have read these topics to their end. */
  public static Effect writtenTo(List<Topic<String, ?>> topics) {
    return new Effect(List.copyOf(topics), () -> true);
  }

  public static Effect writtenTo(Topic<String, ?> topic) {
    return writtenTo(List.of(topic));
  }

  /** Also wait until {@code condition} holds, reading on in {@code topic}. */
  public Effect and(Topic<String, ?> topic, BooleanSupplier condition) {
    List<Topic<String, ?>> all = new java.util.ArrayList<>(topics);
    if (!all.contains(topic)) {
      all.add(topic);
    }
    BooleanSupplier before = shown;
    return new Effect(List.copyOf(all), () -> before.getAsBoolean() && condition.getAsBoolean());
  }
}
