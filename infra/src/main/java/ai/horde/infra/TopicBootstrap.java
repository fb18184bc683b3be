package ai.horde.infra;

import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every topic of the registry ({@link Topics#all()}) with its partitions and configs, and brings the
 * configs of topics that already exist in line with the registry. Safe to run at every start.
 *
 * <p>Known gaps: never changes the partition count of an existing topic (that would move keys between
 * partitions under running Streams applications; it only warns), and never removes a topic config the
 * registry does not set (an operator may have set it on purpose).
 */
public final class TopicBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

  private TopicBootstrap() {}

  /** Returns once every topic exists with the registry's configs. */
  public static void createAll(String bootstrapServers, short replicationFactor) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get();
      List<Topic<String, ?>> missing = Topics.all().stream().filter(t -> !existing.contains(t.name())).toList();
      List<Topic<String, ?>> present = Topics.all().stream().filter(t -> existing.contains(t.name())).toList();
      admin.createTopics(missing.stream()
          .map(t -> new NewTopic(t.name(), t.spec().partitions(), replicationFactor).configs(t.spec().configs()))
          .toList()).all().get();
      if (!present.isEmpty()) {
        warnAboutPartitionCounts(admin, present);
        admin.incrementalAlterConfigs(present.stream().collect(Collectors.toMap(
            t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()), TopicBootstrap::setConfigs))).all().get();
      }
      LOG.info("topics ready: {} created, {} already there", missing.size(), present.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the topics on " + bootstrapServers + ": " + e.getCause(), e);
    }
  }

  private static Collection<AlterConfigOp> setConfigs(Topic<String, ?> topic) {
    return topic.spec().configs().entrySet().stream()
        .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
        .toList();
  }

  private static void warnAboutPartitionCounts(Admin admin, List<Topic<String, ?>> topics)
      throws InterruptedException, ExecutionException {
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(topics.stream().map(Topic::name).toList()).allTopicNames().get();
    for (Topic<String, ?> topic : topics) {
      int actual = descriptions.get(topic.name()).partitions().size();
      if (actual != topic.spec().partitions()) {
        LOG.warn("topic {} has {} partitions, the registry says {}; left as it is",
            topic.name(), actual, topic.spec().partitions());
      }
    }
  }
}
