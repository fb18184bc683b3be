package ai.horde.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a topic is laid out: partitions, and the broker configs that decide how long its records live.
 *
 * <p>Topics that carry prompts or generated text use {@link #shortLived}: the broker deletes whole
 * segments, so a small {@code segment.ms} is what makes the retention bound real.
 */
public record TopicSpec(int partitions, Map<String, String> configs) {
  /**
   * The largest record a topic that carries prompts or generated text accepts: contexts may be very long
   * (the reference allows 1M tokens), far past Kafka's default of 1 MB.
   */
  public static final int LARGE_RECORD_BYTES = 16 * 1024 * 1024;

  /** Kept forever: kudos, account history, job statistics. */
  public static TopicSpec permanent(int partitions) {
    return new TopicSpec(partitions, Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
  }

  /** Latest value per key kept forever (entity state); a tombstone removes the key. */
  public static TopicSpec compacted(int partitions) {
    return new TopicSpec(partitions, Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1"));
  }

  /** The same topic, accepting records up to {@link #LARGE_RECORD_BYTES}. */
  public TopicSpec withLargeRecords() {
    Map<String, String> larger = new LinkedHashMap<>(configs);
    larger.put("max.message.bytes", Integer.toString(LARGE_RECORD_BYTES));
    return new TopicSpec(partitions, Map.copyOf(larger));
  }

  /** Deleted after {@code retention}; segments roll at least every {@code retention / 4}. */
  public static TopicSpec shortLived(int partitions, Duration retention) {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", "delete");
    configs.put("retention.ms", Long.toString(retention.toMillis()));
    configs.put("segment.ms", Long.toString(retention.toMillis() / 4));
    return new TopicSpec(partitions, Map.copyOf(configs));
  }

  /**
   * Latest value per key, but nothing older than {@code retention}, and tombstones forgotten quickly:
   * status of live requests (which carry generated text).
   */
  public static TopicSpec compactedShortLived(int partitions, Duration retention) {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", "compact,delete");
    configs.put("retention.ms", Long.toString(retention.toMillis()));
    configs.put("segment.ms", Long.toString(retention.toMillis() / 4));
    configs.put("delete.retention.ms", Long.toString(retention.toMillis() / 4));
    configs.put("max.compaction.lag.ms", Long.toString(retention.toMillis() / 2));
    configs.put("min.cleanable.dirty.ratio", "0.1");
    return new TopicSpec(partitions, Map.copyOf(configs));
  }
}
