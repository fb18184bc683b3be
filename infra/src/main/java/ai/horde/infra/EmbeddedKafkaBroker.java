package ai.horde.infra;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM, with its
 * data in a directory of its own. The launcher runs it as the horde's default cluster; services start it
 * in their integration tests.
 *
 * <p>The directory is formatted on first use only, so a restart on the same directory keeps every record.
 *
 * <p>Known gaps: one node, so replication factor 1 and no failover; plaintext on localhost only. After
 * its JVM was killed, a restart takes about 10 s longer: the controller refuses the new broker until the
 * old one's session expires ({@code broker.session.timeout.ms}, 9 s, kept so that a busy machine does not
 * fence its only broker).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Starts the broker and returns once it answers requests.
   *
   * @param port client port, 0 for a free one
   * @param controllerPort KRaft controller port, 0 for a free one
   */
  public EmbeddedKafkaBroker(Path dataDir, int port, int controllerPort) {
    this.port = Ports.free(port, "the Kafka broker");
    Properties config = config(dataDir, this.port, Ports.free(controllerPort, "the Kafka controller"));
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        format(dataDir);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka data directory " + dataDir + ": " + e, e);
    }
    server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    try {
      server.startup();
      awaitReady();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
  }

  private static Properties config(Path dataDir, int port, int controllerPort) {
    Properties props = new Properties();
    props.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", "1"),
        // A static quorum: formatting then needs no initial-controllers list.
        Map.entry("controller.quorum.voters", "1@localhost:" + controllerPort),
        Map.entry("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("log.dirs", dataDir.toString()),
        // Topics are created by TopicBootstrap with their registry layout; a typo must fail, not create a topic.
        Map.entry("auto.create.topics.enable", "false"),
        Map.entry("num.partitions", "1"),
        Map.entry("offsets.topic.replication.factor", "1"),
        // One node: 50 partitions per internal topic (the default) only slow the first group and transaction.
        Map.entry("offsets.topic.num.partitions", "1"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "1"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        // The default 128 MB dedupe buffer would be most of an idle broker's heap.
        Map.entry("log.cleaner.dedupe.buffer.size", "8388608"),
        // Prompts must really be gone after their retention: check every minute instead of every five.
        Map.entry("log.retention.check.interval.ms", "60000")));
    return props;
  }

  private static void format(Path dataDir) throws Exception {
    String dir = dataDir.toString();
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .addDirectory(dir)
        .setMetadataLogDirectory(dir)
        .setControllerListenerName("CONTROLLER")
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException stillStarting) {
          // try again
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
    throw new IllegalStateException("the Kafka broker was not ready within " + READY_TIMEOUT.toSeconds() + " s");
  }
}
