package ai.horde.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.events.AccountBalance;
import ai.horde.events.JobEvent;
import ai.horde.events.JobEventKind;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosPosting;
import ai.horde.events.RequestFinished;
import ai.horde.events.RequestOutcome;
import ai.horde.events.TeamState;
import ai.horde.events.UserApiKeyRotated;
import ai.horde.events.UserChanged;
import ai.horde.events.UserCreated;
import ai.horde.events.UserEvent;
import ai.horde.events.UserRolesChanged;
import ai.horde.events.UserWiped;
import ai.horde.events.WorkerState;
import ai.horde.runtime.HordeEnv;
import ai.horde.topics.Topics;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rebuilds, crashes and a second projector, against a real broker and a real PostgreSQL: a read model is a
 * deterministic fold of its topics, and its counters are never applied twice.
 */
class ReadModelRebuildTest {
  private static final Instant T0 = Instant.parse("2026-02-03T04:05:06Z");
  private static final String LIVE = "postgres";

  private static TestInfrastructure infra;
  private static ApplicationContext projections;
  private static KafkaConsumer<byte[], byte[]> rebuildConsumer;

  @BeforeAll
  static void startInfrastructure() throws Exception {
    infra = TestInfrastructure.start();
    projections = infra.startProjections();
    rebuildConsumer = infra.consumer("projections-rebuild-test");
  }

  @AfterAll
  static void stopInfrastructure() throws Exception {
    rebuildConsumer.close();
    projections.close();
    infra.close();
  }

  @Test
  void rebuildingEveryReadModelGivesTheRowsOfTheLiveFold() throws Exception {
    // Given every kind of record of every read model, folded by the live projector
    sendOneOfEverything();
    for (ReadModel model : ReadModel.values()) {
      await().until(() -> infra.caughtUp(LIVE, model));
    }
    for (ReadModel model : ReadModel.values()) {
      List<String> live = infra.rows(LIVE, model);
      // When
      ReadModelRebuild.Result result = ReadModelRebuild.rebuild(model, infra.transactor(LIVE), rebuildConsumer);
      // Then
      assertThat(infra.rows(LIVE, model)).as(model.projection()).isNotEmpty().containsExactlyElementsOf(live);
      assertThat(result.records()).as(model.projection()).isPositive();
      assertThat(result.rows().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(live.size());
      assertThat(infra.caughtUp(LIVE, model)).isTrue();
    }
  }

  @Test
  void aPollThatFailsMidFoldIsRolledBackWholeAndFoldedOnce() throws Exception {
    // Given a projector (on a database of its own) whose fold crashes once, after a delivered job and in the
    // middle of a second one
    String database = "crashdb";
    infra.migratedDatabase(database);
    String poison = UUID.randomUUID().toString();
    AtomicInteger poisonSeen = new AtomicInteger();
    ReadModel.Fold crashingOnce = (record, store) -> {
      ReadModel.TEXT_STATS.fold().apply(record, store);
      if (record.topic().equals(Topics.TEXT_JOB_EVENTS.name()) && poison.equals(Topics.TEXT_JOB_EVENTS.key(record))
          && poisonSeen.getAndIncrement() == 0) {
        throw new IllegalStateException("crash in the middle of the fold");
      }
    };
    sendDelivered(UUID.randomUUID().toString(), 9201, 9202);
    infra.send(Topics.TEXT_REQUEST_OUTCOMES, "crash-1", finished("crash-1", 9201));
    sendDelivered(poison, 9201, 9202);
    infra.send(Topics.TEXT_REQUEST_OUTCOMES, "crash-2", finished("crash-2", 9201));
    ModelProjector projector =
        new ModelProjector(ReadModel.TEXT_STATS, crashingOnce, infra.transactor(database), HordeEnv.system());

    // When it runs, crashes, and retries from its stored offsets
    projector.start();
    try {
      await().until(() -> infra.caughtUp(database, ReadModel.TEXT_STATS));
    } finally {
      projector.stop();
    }

    // Then the crashed poll left nothing behind: every record counted once
    assertThat(poisonSeen.get()).isEqualTo(2);
    assertThat(records(database, 9201)).isEqualTo("0 0 240 4");
    assertThat(records(database, 9202)).isEqualTo("240 2 0 0");
    // And a rebuild of that database gives the same rows
    List<String> folded = infra.rows(database, ReadModel.TEXT_STATS);
    ReadModelRebuild.rebuild(ReadModel.TEXT_STATS, infra.transactor(database), rebuildConsumer);
    assertThat(infra.rows(database, ReadModel.TEXT_STATS)).containsExactlyElementsOf(folded);
  }

  @Test
  void twoProjectorsOfOneModelNeverApplyARecordTwice() throws Exception {
    // Given two instances of the text statistics projector on one database, both caught up
    String database = "scaleout";
    infra.migratedDatabase(database);
    ModelProjector first = new ModelProjector(ReadModel.TEXT_STATS, infra.transactor(database), HordeEnv.system());
    ModelProjector second = new ModelProjector(ReadModel.TEXT_STATS, infra.transactor(database), HordeEnv.system());
    first.start();
    second.start();
    try {
      await().until(() -> infra.caughtUp(database, ReadModel.TEXT_STATS));
      // When records arrive, which both of them read
      for (int i = 0; i < 30; i++) {
        infra.send(Topics.TEXT_REQUEST_OUTCOMES, "scale-" + i, finished("scale-" + i, 9301));
        sendDelivered(UUID.randomUUID().toString(), 9301, 9302);
      }
      await().until(() -> infra.caughtUp(database, ReadModel.TEXT_STATS));
    } finally {
      first.stop();
      second.stop();
    }
    // Then every record counted once (whichever of them folded it)
    assertThat(records(database, 9301)).isEqualTo("0 0 3600 60");
    assertThat(records(database, 9302)).isEqualTo("3600 30 0 0");
  }

  @Test
  void aProjectorWhoseOffsetsWereMovedWritesNothingAndSeeksToThem() throws Exception {
    // Given a caught-up projector (on a database of its own) and, right before its next poll's transaction,
    // a rebuild that folds the records of that poll
    String database = "fencing";
    infra.migratedDatabase(database);
    Transactor transactor = infra.transactor(database);
    AtomicInteger rebuilds = new AtomicInteger();
    AtomicBoolean armed = new AtomicBoolean();
    Transactor interfering = new Transactor() {
      @Override
      public <T> T inTransaction(Work<T> work) {
        if (armed.compareAndSet(true, false)) {
          ReadModelRebuild.rebuild(ReadModel.TEXT_STATS, transactor, rebuildConsumer);
          rebuilds.incrementAndGet();
        }
        return transactor.inTransaction(work);
      }
    };
    ModelProjector projector = new ModelProjector(ReadModel.TEXT_STATS, interfering, HordeEnv.system());
    projector.start();
    try {
      infra.send(Topics.TEXT_REQUEST_OUTCOMES, "fence-0", finished("fence-0", 9501));
      await().until(() -> infra.caughtUp(database, ReadModel.TEXT_STATS));
      armed.set(true);
      // When a record arrives
      infra.send(Topics.TEXT_REQUEST_OUTCOMES, "fence-1", finished("fence-1", 9501));
      await().until(() -> rebuilds.get() == 1 && infra.caughtUp(database, ReadModel.TEXT_STATS));
      infra.send(Topics.TEXT_REQUEST_OUTCOMES, "fence-2", finished("fence-2", 9501));
      await().until(() -> infra.caughtUp(database, ReadModel.TEXT_STATS));
    } finally {
      projector.stop();
    }
    // Then the projector threw its poll away rather than count the record the rebuild had counted, and
    // carried on from the rebuilt offsets
    assertThat(projector.fenced()).isEqualTo(1);
    assertThat(records(database, 9501)).isEqualTo("0 0 0 3");
  }

  @Test
  void rebuildingWhileTheProjectorRunsEndsWithTheSameRowsAndNoDoubleCounts() throws Exception {
    // Given a stream of requests and deliveries of user 9401 on a worker of user 9402
    int requests = 300;
    CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; i < requests; i++) {
          infra.send(Topics.TEXT_REQUEST_OUTCOMES, "live-" + i, finished("live-" + i, 9401));
          sendDelivered(UUID.randomUUID().toString(), 9401, 9402);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    // When the text statistics are rebuilt twice while the live projector folds the stream
    await().until(() -> requestText(9401) > 0);
    ReadModelRebuild.Result first =
        ReadModelRebuild.rebuild(ReadModel.TEXT_STATS, infra.transactor(LIVE), rebuildConsumer);
    long afterFirst = requestText(9401);
    await().until(() -> requestText(9401) > afterFirst || stream.isDone());
    ReadModelRebuild.rebuild(ReadModel.TEXT_STATS, infra.transactor(LIVE), rebuildConsumer);
    stream.get();
    await().atMost(Duration.ofSeconds(30)).until(() -> infra.caughtUp(LIVE, ReadModel.TEXT_STATS));

    // Then the live projector carried on from the rebuilt offsets: every record counted once
    assertThat(first.records()).isPositive();
    assertThat(records(LIVE, 9401)).isEqualTo("0 0 36000 600");
    assertThat(records(LIVE, 9402)).isEqualTo("36000 300 0 0");
    // And its rows are those of a rebuild
    List<String> live = infra.rows(LIVE, ReadModel.TEXT_STATS);
    ReadModelRebuild.rebuild(ReadModel.TEXT_STATS, infra.transactor(LIVE), rebuildConsumer);
    assertThat(infra.rows(LIVE, ReadModel.TEXT_STATS)).containsExactlyElementsOf(live);
  }

  private static void sendOneOfEverything() throws Exception {
    infra.send(Topics.USER_EVENTS, "9101", new UserEvent(9101L, T0, created("frank")));
    infra.send(Topics.USER_EVENTS, "9101", new UserEvent(9101L, T0.plusSeconds(1),
        UserChanged.newBuilder().setContact("f@example.org").setVpn(true).setUsageMultiplier(2.0).build()));
    infra.send(Topics.USER_EVENTS, "9101", new UserEvent(9101L, T0.plusSeconds(2), new UserRolesChanged(true, false)));
    infra.send(Topics.USER_EVENTS, "9101", new UserEvent(9101L, T0.plusSeconds(3), new UserApiKeyRotated("h2")));
    infra.send(Topics.USER_EVENTS, "9102", new UserEvent(9102L, T0, created("gina")));
    infra.send(Topics.USER_EVENTS, "9102", new UserEvent(9102L, T0.plusSeconds(4),
        UserChanged.newBuilder().setDeleted(true).build()));
    infra.send(Topics.USER_EVENTS, "9102", new UserEvent(9102L, T0.plusSeconds(5), new UserWiped()));
    infra.send(Topics.USER_EVENTS, "0", new UserEvent(0L, T0, UserChanged.newBuilder().setConcurrency(400).build()));
    for (String account : List.of("user:9101", "user:9102", "user:9103", "system:mint@0", "system:mint@1")) {
      infra.send(Topics.KUDOS_BALANCES, account, balance(account, 100, Map.of("accumulated", 100L)));
      infra.send(Topics.KUDOS_BALANCES, account, balance(account, 250, Map.of("accumulated", 100L, "gifted", 150L)));
    }
    infra.send(Topics.KUDOS_BALANCES, "user:9103", null);
    for (int i = 0; i < 12; i++) {
      String account = "user:" + (9101 + i % 4);
      infra.send(Topics.KUDOS_POSTINGS, account, posting("p-" + i, "t-" + i, account, 100 + i));
    }
    infra.send(Topics.KUDOS_POSTINGS, "user:9101", posting("p-0", "t-0", "user:9101", 100));
    String team = UUID.randomUUID().toString();
    String goneTeam = UUID.randomUUID().toString();
    infra.send(Topics.TEAMS, team, new TeamState(team, "Team Red", "red", 9101L, T0, T0));
    infra.send(Topics.TEAMS, goneTeam, new TeamState(goneTeam, "Team Gone", null, 9101L, T0, T0));
    infra.send(Topics.TEAMS, goneTeam, null);
    String worker = UUID.randomUUID().toString();
    String goneWorker = UUID.randomUUID().toString();
    infra.send(Topics.WORKERS, worker, worker(worker, "Red One", team));
    infra.send(Topics.WORKERS, goneWorker, worker(goneWorker, "Gone One", null));
    infra.send(Topics.WORKERS, goneWorker, null);
    String dreamer = UUID.randomUUID().toString();
    infra.send(Topics.WORKERS, dreamer, WorkerState.newBuilder(worker(dreamer, "Dreamer", null)).setKind("image")
        .setImage(ai.horde.events.ImageCapabilities.newBuilder().setMaxPixels(1_048_576).setAllowLora(true).build())
        .setThingsGenerated(512L * 512 * 30).build());
    for (JobEventKind kind : JobEventKind.values()) {
      String jobId = UUID.randomUUID().toString();
      infra.send(Topics.TEXT_JOB_EVENTS, jobId, job(jobId, JobEventKind.ASSIGNED, 9101, 9102));
      infra.send(Topics.TEXT_JOB_EVENTS, jobId, job(jobId, kind, 9101, 9102));
    }
    infra.send(Topics.TEXT_REQUEST_OUTCOMES, "all-1", finished("all-1", 9101));
    for (JobEventKind kind : JobEventKind.values()) {
      String jobId = UUID.randomUUID().toString();
      infra.send(Topics.IMAGE_JOB_EVENTS, jobId, job(jobId, JobEventKind.ASSIGNED, 9101, 9102));
      infra.send(Topics.IMAGE_JOB_EVENTS, jobId, JobEvent.newBuilder(job(jobId, kind, 9101, 9102)).setImage(true)
          .setThings(kind == JobEventKind.DELIVERED ? 512L * 512 * 30 : 0).build());
    }
    infra.send(Topics.IMAGE_REQUEST_OUTCOMES, "all-2", finished("all-2", 9101));
    String alchemist = UUID.randomUUID().toString();
    infra.send(Topics.WORKERS, alchemist, WorkerState.newBuilder(worker(alchemist, "Alchemist", null))
        .setKind("interrogation").setModels(new ArrayList<>())
        .setAlchemy(ai.horde.events.AlchemyCapabilities.newBuilder().setForms(List.of("caption", "GFPGAN")).build())
        .build());
    for (JobEventKind kind : JobEventKind.values()) {
      String jobId = UUID.randomUUID().toString();
      infra.send(Topics.ALCHEMY_JOB_EVENTS, jobId, JobEvent.newBuilder(job(jobId, JobEventKind.ASSIGNED, 9101, 9102))
          .setModel("caption").setThings(0).build());
      infra.send(Topics.ALCHEMY_JOB_EVENTS, jobId, JobEvent.newBuilder(job(jobId, kind, 9101, 9102))
          .setModel("caption").setThings(kind == JobEventKind.DELIVERED ? 1 : 0).build());
    }
  }

  private static void sendDelivered(String jobId, long requester, long owner) throws Exception {
    infra.send(Topics.TEXT_JOB_EVENTS, jobId, job(jobId, JobEventKind.DELIVERED, requester, owner));
  }

  private static String records(String database, long user) throws Exception {
    return infra.value(database, String.class, """
        SELECT concat_ws(' ', contribution_tokens, fulfillment_text, usage_tokens, request_text)
        FROM user_records WHERE user_id = ?""", user);
  }

  private static long requestText(long user) throws Exception {
    Long value = infra.value(LIVE, Long.class, "SELECT request_text FROM user_records WHERE user_id = ?", user);
    return value == null ? 0 : value;
  }

  private static UserCreated created(String username) {
    return new UserCreated(username, "oauth-" + username, "hash-" + username, false, false, 30);
  }

  private static AccountBalance balance(String account, long centi, Map<String, Long> details) {
    return AccountBalance.newBuilder().setAccount(account).setBalanceCenti(centi).setUpdatedAt(T0)
        .setFloorCenti(account.startsWith("system:") ? null : 2500L).setHeldCenti(0L)
        .setDetails(new java.util.HashMap<>(details)).build();
  }

  private static KudosPosting posting(String id, String transactionId, String account, long centi) {
    return KudosPosting.newBuilder().setPostingId(id).setTransactionId(transactionId).setAccount(account)
        .setAmountCenti(centi).setKind(KudosKind.TRANSFER).setOccurredAt(T0).setBalanceAfterCenti(centi).build();
  }

  private static WorkerState worker(String id, String name, String team) {
    return WorkerState.newBuilder().setWorkerId(id).setName(name).setOwnerUserId(9101).setCreatedAt(T0)
        .setLastCheckInAt(T0).setModels(new ArrayList<>(List.of("m1"))).setTeamId(team).build();
  }

  private static JobEvent job(String jobId, JobEventKind kind, long requester, long owner) {
    return JobEvent.newBuilder().setJobId(jobId).setRequestId("req-" + jobId).setKind(kind)
        .setWorkerId(UUID.nameUUIDFromBytes(("worker-" + owner).getBytes()).toString()).setWorkerOwnerId(owner)
        .setRequesterUserId(requester).setModel("m1").setState(kind == JobEventKind.DELIVERED ? "ok" : null)
        .setMaxLength(120).setMaxContextLength(1024).setPromptChars(300).setTokens(42).setAssignedAt(T0)
        .setOccurredAt(T0.plusSeconds(5)).build();
  }

  private static RequestFinished finished(String requestId, long user) {
    return RequestFinished.newBuilder().setRequestId(requestId).setUserId(user)
        .setOutcome(RequestOutcome.DONE).setJobs(1).setFinished(1).setRestarted(0).setConsumedCenti(100)
        .setAcceptedAt(T0).setFinishedAt(T0).build();
  }
}
