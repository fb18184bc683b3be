package ai.horde.infra;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.runtime.HordeEnv;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HordeLauncherTest {

  @Test
  void startsKafkaPostgresAndTheTopicsThenStopsThem(@TempDir Path dir) throws Exception {
    // Given no service selected, free ports and an empty data directory
    HordeLauncher launcher = new HordeLauncher(HordeEnv.of(Map.of(
        HordeEnv.DATA_DIR, dir.resolve("data").toString(),
        HordeLauncher.HOME, dir.toString(),
        HordeLauncher.KAFKA_PORT, "0",
        HordeLauncher.KAFKA_CONTROLLER_PORT, "0",
        HordeLauncher.PG_PORT, "0")));

    // When
    launcher.start("");

    // Then every topic exists and the database answers
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, launcher.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).containsAll(Topics.all().stream().map(Topic::name).toList());
    }
    try (Connection connection = DriverManager.getConnection(launcher.jdbcUrl(), EmbeddedPostgresServer.USER, "");
        ResultSet result = connection.createStatement().executeQuery("select current_database()")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo("horde");
    }

    // When it is stopped
    launcher.close();

    // Then PostgreSQL is down and the broker's port is free again
    assertThat(dir.resolve("data/postgres/postmaster.pid")).doesNotExist();
    int kafkaPort = Integer.parseInt(launcher.bootstrapServers().substring("localhost:".length()));
    assertThat(Ports.free(kafkaPort, "the test")).isEqualTo(kafkaPort);
    assertThat(dir.resolve("data/kafka/meta.properties")).exists();
  }

  @Test
  void usesAnExistingClusterAndDatabaseWhenTheyAreNamed(@TempDir Path dir) throws Exception {
    // Given a broker and a database that something else runs
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(dir.resolve("their-kafka"), 0, 0);
        EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(dir.resolve("their-postgres"), 0)) {
      HordeLauncher launcher = new HordeLauncher(HordeEnv.of(Map.of(
          HordeEnv.DATA_DIR, dir.resolve("data").toString(),
          HordeLauncher.HOME, dir.toString(),
          HordeEnv.BOOTSTRAP, kafka.bootstrapServers(),
          HordeLauncher.JDBC_URL, postgres.jdbcUrl())));

      // When the launcher starts with them
      launcher.start("");

      // Then it uses them, creates the topics there, and starts no broker or database of its own
      try {
        assertThat(launcher.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
        assertThat(launcher.jdbcUrl()).isEqualTo(postgres.jdbcUrl());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
          assertThat(admin.listTopics().names().get()).containsAll(Topics.all().stream().map(Topic::name).toList());
        }
        assertThat(dir.resolve("data/kafka")).doesNotExist();
        assertThat(dir.resolve("data/postgres")).doesNotExist();
      } finally {
        launcher.close();
      }
    }
  }
}
