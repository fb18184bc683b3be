package ai.horde.infra;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicBootstrapTest {
  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedKafkaBroker(dataDir, 0, 0);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() {
    admin.close();
    broker.close();
  }

  @Test
  void createsEveryTopicWithTheRegistryLayout() throws Exception {
    // When
    TopicBootstrap.createAll(broker.bootstrapServers(), (short) 1);

    // Then every topic has its partitions
    List<String> names = Topics.all().stream().map(Topic::name).toList();
    Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
    assertThat(topics.values().stream().collect(Collectors.toMap(TopicDescription::name, t -> t.partitions().size())))
        .isEqualTo(Topics.all().stream().collect(Collectors.toMap(Topic::name, t -> t.spec().partitions())));
    // and its configs
    assertThat(config(Topics.TEXT_REQUESTS, "retention.ms")).isEqualTo(Long.toString(Topics.PROMPT_RETENTION.toMillis()));
    assertThat(config(Topics.KUDOS_BALANCES, "cleanup.policy")).isEqualTo("compact");
  }

  @Test
  void aSecondRunSucceedsAndRestoresChangedConfigs() throws Exception {
    // Given the topics, one of them with a changed retention
    TopicBootstrap.createAll(broker.bootstrapServers(), (short) 1);
    ConfigResource textRequests = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TEXT_REQUESTS.name());
    admin.incrementalAlterConfigs(Map.of(textRequests,
        List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET)))).all().get();

    // When
    TopicBootstrap.createAll(broker.bootstrapServers(), (short) 1);

    // Then
    assertThat(config(Topics.TEXT_REQUESTS, "retention.ms")).isEqualTo(Long.toString(Topics.PROMPT_RETENTION.toMillis()));
  }

  private static String config(Topic<String, ?> topic, String name) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
    return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
  }
}
