package ai.horde.ingress.kafka;

import ai.horde.topics.Topic;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The partitions of ingress's topics. */
public final class TopicPartitions {
  private static final Logger LOG = LoggerFactory.getLogger(TopicPartitions.class);

  private TopicPartitions() {}

  /** Every partition of a topic, waiting for the topic to be created if it does not exist yet. */
  public static List<TopicPartition> of(Consumer<?, ?> consumer, Topic<?, ?> topic) {
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name());
      if (!infos.isEmpty()) {
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      }
      LOG.warn("waiting for topic {} to be created", topic.name());
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + topic.name(), e);
      }
    }
  }
}
