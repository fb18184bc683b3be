package ai.horde.projections;

import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.runtime.ServiceMetrics;
import ai.horde.topics.Topic;
import io.micronaut.context.ApplicationContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.flywaydb.core.Flyway;

/**
 * A real broker with every read model's topics and a real PostgreSQL, both started by a test class, and the
 * few things its tests do with them: send records, query, compare tables, wait for a projection to catch up.
 */
final class TestInfrastructure implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final KafkaClusterTestKit kafka;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> ends;

  private TestInfrastructure(EmbeddedPostgres postgres, KafkaClusterTestKit kafka) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.producer = new KafkaProducer<>(KafkaClients.producer(HordeEnv.system(), "projections-test"));
    this.ends = new KafkaConsumer<>(KafkaClients.consumer(HordeEnv.system(), "projections-test-ends"));
  }

  static TestInfrastructure start() throws Exception {
    // The broker and the database start in parallel: each takes a few seconds.
    CompletableFuture<EmbeddedPostgres> database = CompletableFuture.supplyAsync(() -> {
      try {
        return EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build()).build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
    System.setProperty(HordeEnv.BOOTSTRAP, kafka.bootstrapServers());
    try (ServerSocket socket = new ServerSocket(0)) {
      System.setProperty(ServiceMetrics.portVariable("projections"), Integer.toString(socket.getLocalPort()));
    }
    try (Admin admin = kafka.admin()) {
      admin.createTopics(topics().stream()
          .map(t -> new NewTopic(t.name(), t.spec().partitions(), (short) 1).configs(t.spec().configs()))
          .toList()).all().get();
    }
    return new TestInfrastructure(database.get(), kafka);
  }

  static List<Topic<String, ?>> topics() {
    return Arrays.stream(ReadModel.values()).flatMap(m -> m.topics().stream()).toList();
  }

  /** Where the projections service started by {@link #startProjections()} serves its metrics. */
  static int metricsPort() {
    return Integer.parseInt(System.getProperty(ServiceMetrics.portVariable("projections")));
  }

  /** The projections service on the default database. */
  ApplicationContext startProjections() {
    return ApplicationContext.run(Map.of(
        "datasources.default.url", jdbcUrl("postgres"),
        "datasources.default.username", "postgres",
        "datasources.default.password", "",
        "projections.status-interval", "200ms"));
  }

  String jdbcUrl(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  /** Another database of the same server, migrated as the service migrates its own. */
  String migratedDatabase(String name) throws Exception {
    execute("postgres", "CREATE DATABASE " + name);
    Flyway.configure().dataSource(jdbcUrl(name), "postgres", "").load().migrate();
    return jdbcUrl(name);
  }

  Transactor transactor(String database) {
    return Transactor.jdbc(jdbcUrl(database), "postgres", "");
  }

  KafkaConsumer<byte[], byte[]> consumer(String clientId) {
    return new KafkaConsumer<>(KafkaClients.consumer(HordeEnv.system(), clientId));
  }

  <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
    producer.send(topic.record(key, value)).get();
  }

  /** Whether the model's stored offsets in the database are the ends of all its partitions. */
  boolean caughtUp(String database, ReadModel model) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<String, ?> topic : model.topics()) {
      ends.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    // Assigned: a read_committed consumer only knows the last stable offset of its own partitions.
    ends.assign(partitions);
    Map<TopicPartition, Long> latest = ends.endOffsets(partitions, Duration.ofSeconds(10));
    Map<TopicPartition, Long> stored = new HashMap<>();
    try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(
        "SELECT topic, partition, next_offset FROM projection_offsets WHERE projection = ?")) {
      statement.setString(1, model.projection());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          stored.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
        }
      }
    }
    return latest.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L).equals(e.getValue()));
  }

  /** Every row of every table of the model, as JSON, in one total order. */
  List<String> rows(String database, ReadModel model) throws Exception {
    List<String> rows = new ArrayList<>();
    for (String table : model.tables()) {
      rows.addAll(strings(database, "SELECT '" + table + " ' || row_to_json(t)::text FROM " + table + " t ORDER BY 1"));
    }
    return rows;
  }

  List<String> strings(String database, String sql) throws Exception {
    try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  <T> T value(String database, Class<T> type, String sql, Object... parameters) throws Exception {
    try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getObject(1, type) : null;
      }
    }
  }

  void execute(String database, String sql) throws Exception {
    try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.executeUpdate();
    }
  }

  Connection connect(String database) throws Exception {
    return DriverManager.getConnection(jdbcUrl(database));
  }

  @Override
  public void close() throws Exception {
    ends.close();
    producer.close();
    kafka.close();
    postgres.close();
    System.clearProperty(HordeEnv.BOOTSTRAP);
  }
}
