package ai.horde.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.events.AccountBalance;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosPosting;
import ai.horde.events.UserApiKeyRotated;
import ai.horde.events.UserCreated;
import ai.horde.events.UserEvent;
import ai.horde.events.UserRolesChanged;
import ai.horde.events.WorkerState;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import io.micronaut.context.ApplicationContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The projector against a real broker and a real PostgreSQL, both started by the test. */
class ProjectorTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private static EmbeddedPostgres postgres;
  private static KafkaClusterTestKit kafka;
  private static KafkaProducer<byte[], byte[]> producer;
  private static ApplicationContext projections;

  @BeforeAll
  static void startInfrastructure() throws Exception {
    // The broker and the database start in parallel: each takes a few seconds.
    CompletableFuture<EmbeddedPostgres> database = CompletableFuture.supplyAsync(() -> {
      try {
        return EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build()).build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
    postgres = database.get();
    System.setProperty(HordeEnv.BOOTSTRAP, kafka.bootstrapServers());
    try (Admin admin = kafka.admin()) {
      admin.createTopics(ReadModelFold.TOPICS.stream()
          .map(t -> new NewTopic(t.name(), t.spec().partitions(), (short) 1).configs(t.spec().configs()))
          .toList()).all().get();
    }
    producer = new KafkaProducer<>(KafkaClients.producer(HordeEnv.system(), "projections-test"));
    projections = startProjections();
  }

  @AfterAll
  static void stopInfrastructure() throws Exception {
    projections.close();
    producer.close();
    kafka.close();
    postgres.close();
    System.clearProperty(HordeEnv.BOOTSTRAP);
  }

  @Test
  void projectsUserCreationRoleChangesAndKeyRotations() throws Exception {
    // Given
    send(Topics.USER_EVENTS, "101", new UserEvent(101L, T0, created("alice")));
    // When
    send(Topics.USER_EVENTS, "101", new UserEvent(101L, T0.plusSeconds(60), new UserRolesChanged(true, true)));
    send(Topics.USER_EVENTS, "101", new UserEvent(101L, T0.plusSeconds(120), new UserApiKeyRotated("new-hash")));
    // Then
    await().untilAsserted(() -> assertThat(epochSeconds("SELECT updated_at FROM users WHERE id = 101"))
        .isEqualTo(T0.plusSeconds(120).getEpochSecond()));
    assertThat(value(String.class,
        "SELECT username || ' ' || oauth_id || ' ' || concurrency FROM users WHERE id = 101"))
        .isEqualTo("alice oauth-alice 30");
    assertThat(value(Boolean.class, "SELECT moderator AND trusted FROM users WHERE id = 101")).isTrue();
    assertThat(epochSeconds("SELECT created_at FROM users WHERE id = 101")).isEqualTo(T0.getEpochSecond());
  }

  @Test
  void seedsTheAnonymousUserAndKeepsNoKeyHashes() throws Exception {
    // Given a migrated database
    // Then
    assertThat(value(String.class, "SELECT username || ' ' || oauth_id || ' ' || concurrency FROM users WHERE id = 0"))
        .isEqualTo("Anonymous anon 500");
    assertThat(value(Long.class,
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%key%'"))
        .isZero();
  }

  @Test
  void keepsABalanceThatArrivesBeforeItsUser() throws Exception {
    // Given
    send(Topics.KUDOS_BALANCES, "user:201", balance("user:201", 1234L, 2500L, 300L));
    send(Topics.KUDOS_BALANCES, "system:mint", balance("system:mint", -1234L, null, 0L));
    await().untilAsserted(() -> assertThat(
        value(BigDecimal.class, "SELECT balance FROM account_balances WHERE account = 'user:201'"))
        .isEqualTo(new BigDecimal("12.34")));
    // When
    send(Topics.USER_EVENTS, "201", new UserEvent(201L, T0, created("bob")));
    // Then
    await().untilAsserted(() -> assertThat(value(String.class, """
        SELECT u.username || ' ' || b.balance FROM users u JOIN account_balances b ON b.account = 'user:' || u.id
        WHERE u.id = 201""")).isEqualTo("bob 12.34"));
    assertThat(value(BigDecimal.class, "SELECT balance FROM account_balances WHERE account = 'system:mint'"))
        .isEqualTo(new BigDecimal("-12.34"));
    assertThat(value(String.class, "SELECT floor || ' ' || held FROM account_balances WHERE account = 'user:201'"))
        .isEqualTo("25.00 3.00");
    assertThat(value(String.class,
        "SELECT coalesce(floor::text, 'none') || ' ' || held FROM account_balances WHERE account = 'system:mint'"))
        .isEqualTo("none 0.00");
  }

  @Test
  void journalsEachPostingOnceInTheOrderItWasApplied() throws Exception {
    // Given an opening credit and a spend of user 401, and the mint's side of the opening
    send(Topics.KUDOS_POSTINGS, "user:401", posting("open-1:user", "open-1", "user:401", 5000, KudosKind.ADMIN_ADJUSTMENT, 5000L));
    send(Topics.KUDOS_POSTINGS, "user:401", posting("open-1:mint", "open-1", "system:mint@0", -5000, KudosKind.ADMIN_ADJUSTMENT, -5000L));
    send(Topics.KUDOS_POSTINGS, "user:401", posting("spend-1:user", "spend-1", "user:401", -1250, KudosKind.GENERATION, 3750L));
    // When the ledger journals the spend again (a replayed producer) and a posting from before balance_after
    send(Topics.KUDOS_POSTINGS, "user:401", posting("spend-1:user", "spend-1", "user:401", -1250, KudosKind.GENERATION, 3750L));
    send(Topics.KUDOS_POSTINGS, "user:401", posting("old-1:user", "old-1", "user:401", 100, KudosKind.TRANSFER, null));
    // Then the duplicate did not stop the projection (old-1 came after it), each posting is there once, with
    // exact amounts, and seq orders the account's postings as they were applied
    await().untilAsserted(() -> assertThat(value(Long.class,
        "SELECT count(*) FROM kudos_postings WHERE posting_id = 'old-1:user'")).isEqualTo(1));
    assertThat(value(String.class, """
        SELECT string_agg(posting_id || ' ' || amount || ' ' || kind || ' ' || coalesce(balance_after::text, 'null'),
          ', ' ORDER BY seq DESC)
        FROM kudos_postings WHERE account = 'user:401'"""))
        .isEqualTo("old-1:user 1.00 TRANSFER null, spend-1:user -12.50 GENERATION 37.50, "
            + "open-1:user 50.00 ADMIN_ADJUSTMENT 50.00");
    assertThat(value(String.class, """
        SELECT transaction_id || ' ' || amount FROM kudos_postings WHERE account = 'system:mint@0'"""))
        .isEqualTo("open-1 -50.00");
    assertThat(epochSeconds("SELECT occurred_at FROM kudos_postings WHERE posting_id = 'spend-1:user'"))
        .isEqualTo(T0.getEpochSecond());
  }

  @Test
  void upsertsWorkersAndDeletesThemOnTombstones() throws Exception {
    // Given
    String id = UUID.randomUUID().toString();
    send(Topics.WORKERS, id, worker(id, "Worker One", 0, List.of()));
    await().untilAsserted(() -> assertThat(value(Double.class, "SELECT speed FROM workers WHERE id = ?::uuid", id))
        .isEqualTo(1.0));
    // When
    send(Topics.WORKERS, id, worker(id, "Worker One", 3, List.of(10.0, 20.0)));
    // Then
    await().untilAsserted(() -> assertThat(value(Long.class,
        "SELECT requests_fulfilled FROM workers WHERE id = ?::uuid", id)).isEqualTo(3));
    assertThat(value(String.class, """
        SELECT name || ' ' || owner_id || ' ' || array_to_string(models, ',') || ' ' || kudos_generated || ' '
          || kudos_uptime || ' ' || speed
        FROM workers WHERE lower(name) = 'worker one'""")).isEqualTo("Worker One 101 koboldcpp/m1,m2 12.34 27.50 15");

    // When
    send(Topics.WORKERS, id, null);
    // Then
    await().untilAsserted(() -> assertThat(value(Long.class, "SELECT count(*) FROM workers WHERE id = ?::uuid", id))
        .isZero());
  }

  @Test
  void restartedProjectorResumesFromItsStoredOffsets() throws Exception {
    // Given a projected user whose row is then removed behind the projector's back while it is stopped
    send(Topics.USER_EVENTS, "301", new UserEvent(301L, T0, created("carol")));
    await().until(() -> value(String.class, "SELECT username FROM users WHERE id = 301") != null);
    projections.close();
    execute("DELETE FROM users WHERE id = 301");
    send(Topics.USER_EVENTS, "302", new UserEvent(302L, T0, created("dave")));

    // When a new projector starts on the same database
    projections = startProjections();

    // Then it applies the new record but not the old one again: both are in the one user-events partition, in
    // that order, so had it started from the beginning 301 would be back by the time 302 is there
    await().until(() -> value(String.class, "SELECT username FROM users WHERE id = 302") != null);
    assertThat(value(String.class, "SELECT username FROM users WHERE id = 301")).isNull();
    await().until(() -> projections.getBean(Projector.class).lag() == 0);
  }

  private static ApplicationContext startProjections() {
    return ApplicationContext.run(Map.of(
        "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
        "datasources.default.username", "postgres",
        "datasources.default.password", ""));
  }

  private static UserCreated created(String username) {
    return new UserCreated(username, "oauth-" + username, "hash-" + username, false, false, 30);
  }

  private static AccountBalance balance(String account, long centi, Long floorCenti, long heldCenti) {
    return AccountBalance.newBuilder().setAccount(account).setBalanceCenti(centi).setLastPostingId("posting-1")
        .setUpdatedAt(T0).setFloorCenti(floorCenti).setHeldCenti(heldCenti).build();
  }

  private static KudosPosting posting(String id, String transactionId, String account, long centi, KudosKind kind,
      Long balanceAfterCenti) {
    return KudosPosting.newBuilder().setPostingId(id).setTransactionId(transactionId).setAccount(account)
        .setAmountCenti(centi).setKind(kind).setOccurredAt(T0).setBalanceAfterCenti(balanceAfterCenti).build();
  }

  private static WorkerState worker(String id, String name, long fulfilled, List<Double> speedSamples) {
    return WorkerState.newBuilder()
        .setWorkerId(id).setName(name).setOwnerUserId(101).setCreatedAt(T0).setLastCheckInAt(T0)
        .setModels(List.of("koboldcpp/m1", "m2")).setRequestsFulfilled(fulfilled).setKudosGeneratedCenti(1234)
        .setKudosUptimeCenti(2750).setSpeedSamples(speedSamples).build();
  }

  private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
    producer.send(topic.record(key, value)).get();
  }

  private static <T> T value(Class<T> type, String sql, Object... parameters) throws Exception {
    try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getObject(1, type) : null;
      }
    }
  }

  /** The timestamp the query selects, in seconds since the epoch (free of the session's time zone). */
  private static Long epochSeconds(String sql) throws Exception {
    return value(Long.class, "SELECT extract(epoch FROM (" + sql + "))::bigint");
  }

  private static void execute(String sql) throws Exception {
    try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.executeUpdate();
    }
  }

  private static Connection connect() throws Exception {
    return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
  }
}
