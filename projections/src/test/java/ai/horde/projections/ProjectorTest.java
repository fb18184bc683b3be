package ai.horde.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.events.AccountBalance;
import ai.horde.events.AlchemyCapabilities;
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
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import io.micronaut.context.ApplicationContext;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The projections service against a real broker and a real PostgreSQL, both started by the test. */
class ProjectorTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private static TestInfrastructure infra;
  private static ApplicationContext projections;

  @BeforeAll
  static void startInfrastructure() throws Exception {
    infra = TestInfrastructure.start();
    projections = infra.startProjections();
  }

  @AfterAll
  static void stopInfrastructure() throws Exception {
    projections.close();
    infra.close();
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
    send(Topics.KUDOS_BALANCES, "user:201",
        AccountBalance.newBuilder(balance("user:201", 1234L, 2500L, 300L)).setEscrowCenti(66L).build());
    send(Topics.KUDOS_BALANCES, "system:mint", balance("system:mint", -1300L, null, 0L));
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
        .isEqualTo(new BigDecimal("-13.00"));
    assertThat(value(String.class,
        "SELECT floor || ' ' || held || ' ' || escrow FROM account_balances WHERE account = 'user:201'"))
        .isEqualTo("25.00 3.00 0.66");
    // balance + escrow of the accounts sums to zero, as the ledger's books do
    assertThat(value(BigDecimal.class,
        "SELECT sum(balance + escrow) FROM account_balances WHERE account IN ('user:201', 'system:mint')"))
        .isEqualByComparingTo(BigDecimal.ZERO);
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
    // exact amounts, and journal_offset orders the account's postings as they were applied
    await().untilAsserted(() -> assertThat(value(Long.class,
        "SELECT count(*) FROM kudos_postings WHERE posting_id = 'old-1:user'")).isEqualTo(1));
    assertThat(value(String.class, """
        SELECT string_agg(posting_id || ' ' || amount || ' ' || kind || ' ' || coalesce(balance_after::text, 'null'),
          ', ' ORDER BY journal_offset DESC)
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
  void appliesUserChangesAndWipesAsTheRegistryFoldsThem() throws Exception {
    // Given
    send(Topics.USER_EVENTS, "111", new UserEvent(111L, T0, created("erin")));
    // When
    send(Topics.USER_EVENTS, "111", new UserEvent(111L, T0.plusSeconds(10), UserChanged.newBuilder()
        .setContact("erin@example.org").setAdminComment("vip").setFlagged(true).setCustomizer(true).setVpn(true)
        .setService(true).setSpecial(true).setEducation(true).setPublicWorkers(true).setWorkerInvited(3)
        .setUsageMultiplier(0.5).setConcurrency(40).build()));
    send(Topics.USER_EVENTS, "111", new UserEvent(111L, T0.plusSeconds(20),
        UserChanged.newBuilder().setDeleted(true).setFlagged(false).build()));
    send(Topics.USER_EVENTS, "111", new UserEvent(111L, T0.plusSeconds(30), new UserWiped()));
    // Then the changes kept what they did not name, and the wipe removed the name, oauth id and contact
    await().untilAsserted(() -> assertThat(epochSeconds("SELECT updated_at FROM users WHERE id = 111"))
        .isEqualTo(T0.plusSeconds(30).getEpochSecond()));
    assertThat(value(String.class, """
        SELECT concat_ws(' ', username, oauth_id, coalesce(contact, 'null'), admin_comment, flagged, customizer, vpn,
          service, special, education, deleted, public_workers, worker_invited, usage_multiplier, concurrency)
        FROM users WHERE id = 111""")).isEqualTo("<wiped> <wiped> null vip f t t t t t t t 3 0.5 40");
  }

  @Test
  void keepsTheKudosDetailsOfABalanceInKudos() throws Exception {
    // When
    send(Topics.KUDOS_BALANCES, "user:211", AccountBalance.newBuilder(balance("user:211", 500L, 2500L, 0L))
        .setDetails(Map.of("accumulated", 1250L, "gifted", -300L)).build());
    // Then
    await().untilAsserted(() -> assertThat(value(String.class,
        "SELECT (details->>'accumulated') || ' ' || (details->>'gifted') FROM account_balances WHERE account = 'user:211'"))
        .isEqualTo("12.50 -3.00"));
  }

  @Test
  void upsertsTeamsDeletesThemOnTombstonesAndKeepsTheTeamOfAWorker() throws Exception {
    // Given
    String team = UUID.randomUUID().toString();
    String worker = UUID.randomUUID().toString();
    send(Topics.TEAMS, team, new TeamState(team, "Team Blue", null, 101L, T0, T0));
    send(Topics.WORKERS, worker, WorkerState.newBuilder(worker(worker, "Blue Worker", 0, List.of()))
        .setTeamId(team).build());
    // When
    send(Topics.TEAMS, team, new TeamState(team, "Team Azure", "info", 101L, T0, T0.plusSeconds(5)));
    // Then
    await().untilAsserted(() -> assertThat(value(String.class, """
        SELECT t.name || ' ' || t.info || ' ' || t.owner_id FROM workers w JOIN teams t ON t.id = w.team_id
        WHERE w.id = ?::uuid""", worker)).isEqualTo("Team Azure info 101"));
    assertThat(value(Long.class, "SELECT count(*) FROM teams WHERE lower(name) = 'team azure'")).isEqualTo(1);

    // When
    send(Topics.TEAMS, team, null);
    // Then
    await().untilAsserted(() -> assertThat(value(Long.class, "SELECT count(*) FROM teams WHERE id = ?::uuid", team))
        .isZero());
  }

  @Test
  void recordsEndedJobsAndCountsTheUsersTextRecords() throws Exception {
    // Given a request of user 501 served by two jobs of a worker of user 502: one delivered, one faulted
    String delivered = UUID.randomUUID().toString();
    String faulted = UUID.randomUUID().toString();
    send(Topics.TEXT_JOB_EVENTS, delivered, job(delivered, JobEventKind.ASSIGNED, 501, 502));
    send(Topics.TEXT_JOB_EVENTS, faulted, job(faulted, JobEventKind.ASSIGNED, 501, 502));
    send(Topics.TEXT_JOB_EVENTS, delivered, job(delivered, JobEventKind.DELIVERED, 501, 502));
    send(Topics.TEXT_JOB_EVENTS, faulted, job(faulted, JobEventKind.FAULTED, 501, 502));
    // And a paused worker's fake job of it (of user 503's worker, spec R1.21), which counts nowhere
    String fake = UUID.randomUUID().toString();
    send(Topics.TEXT_JOB_EVENTS, fake, JobEvent.newBuilder(job(fake, JobEventKind.DELIVERED, 501, 503)).setFake(true)
        .build());
    // When the request finishes
    send(Topics.TEXT_REQUEST_OUTCOMES, "req-501", finished("req-501", 501));
    // Then one row per ended job, and max_length (not tokens) counts as contribution and usage (Q23), the
    // request once at activation and once per delivered job (Q29)
    await().untilAsserted(() -> assertThat(value(String.class,
        "SELECT concat_ws(' ', contribution_tokens, fulfillment_text, usage_tokens, request_text) FROM user_records WHERE user_id = 501"))
        .isEqualTo("0 0 120 2"));
    assertThat(value(String.class,
        "SELECT concat_ws(' ', contribution_tokens, fulfillment_text, usage_tokens, request_text) FROM user_records WHERE user_id = 502"))
        .isEqualTo("120 1 0 0");
    assertThat(value(Long.class, "SELECT count(*) FROM user_records WHERE user_id = 503")).isZero();
    assertThat(infraStrings("""
        SELECT concat_ws(' ', kind, coalesce(state, 'null'), model, max_length, tokens, requester_user_id, worker_owner_id)
        FROM text_jobs WHERE requester_user_id = 501 ORDER BY kind""")).containsExactly(
        "DELIVERED ok m1 120 42 501 502", "FAULTED null m1 120 42 501 502");
  }

  @Test
  void keepsAnAlchemistsFormsAndNoSpeedUntilItHasSamples() throws Exception {
    // Given an alchemist that checked in serving two forms, before it delivered any
    String id = UUID.randomUUID().toString();
    WorkerState alchemist = WorkerState.newBuilder(worker(id, "Alchemist One", 0, List.of())).setKind("interrogation")
        .setModels(List.of()).setAlchemy(AlchemyCapabilities.newBuilder().setForms(List.of("caption", "nsfw")).build())
        .build();
    send(Topics.WORKERS, id, alchemist);
    // Then its forms are kept and its speed is none (not the text default of 1 token/s)
    await().untilAsserted(() -> assertThat(value(String.class,
        "SELECT array_to_string(forms, ',') || ' ' || coalesce(speed::text, 'null') FROM workers WHERE id = ?::uuid",
        id)).isEqualTo("caption,nsfw null"));
    // When it has delivered forms in 2 and 3 seconds
    send(Topics.WORKERS, id, WorkerState.newBuilder(alchemist).setRequestsFulfilled(2).setSpeedSamples(List.of(2.0, 3.0))
        .build());
    // Then its speed is their mean in seconds per form, and other kinds have no forms
    await().untilAsserted(() -> assertThat(value(Double.class, "SELECT speed FROM workers WHERE id = ?::uuid", id))
        .isEqualTo(2.5));
    String scribe = UUID.randomUUID().toString();
    send(Topics.WORKERS, scribe, worker(scribe, "Scribe For Forms", 0, List.of()));
    await().untilAsserted(() -> assertThat(value(String.class,
        "SELECT coalesce(array_to_string(forms, ','), 'none') || ' ' || speed FROM workers WHERE id = ?::uuid",
        scribe)).isEqualTo("none 1"));
  }

  @Test
  void countsDeliveredFormsAsTheOwnersFulfilmentsAndTheRequestersRequests() throws Exception {
    // Given three forms of user 701 taken by an alchemist of user 702: two delivered, one faulted, one timed out
    for (JobEventKind ending : List.of(JobEventKind.DELIVERED, JobEventKind.DELIVERED, JobEventKind.FAULTED,
        JobEventKind.TIMED_OUT)) {
      String form = UUID.randomUUID().toString();
      send(Topics.ALCHEMY_JOB_EVENTS, form, JobEvent.newBuilder(job(form, JobEventKind.ASSIGNED, 701, 702))
          .setModel("caption").build());
      send(Topics.ALCHEMY_JOB_EVENTS, form, JobEvent.newBuilder(job(form, ending, 701, 702)).setModel("caption")
          .setThings(1).build());
    }
    // When the forms' requests finish (a form is a request: nothing counts its activation)
    send(Topics.ALCHEMY_REQUEST_OUTCOMES, "form-701", finished("form-701", 701));
    // Then one request per delivered form to the requester, one fulfilment to the owner, and nothing to text
    // or image records
    await().untilAsserted(() -> assertThat(value(String.class,
        "SELECT concat_ws(' ', fulfillment_interrogation, request_interrogation) FROM alchemy_user_records WHERE user_id = 701"))
        .isEqualTo("0 2"));
    assertThat(value(String.class,
        "SELECT concat_ws(' ', fulfillment_interrogation, request_interrogation) FROM alchemy_user_records WHERE user_id = 702"))
        .isEqualTo("2 0");
    assertThat(value(Long.class, "SELECT count(*) FROM user_records WHERE user_id IN (701, 702)")).isZero();
    assertThat(value(Long.class, "SELECT count(*) FROM image_user_records WHERE user_id IN (701, 702)")).isZero();
  }

  @Test
  void writesTheLagOfEveryProjection() throws Exception {
    // Given a projector that cannot write text statistics: another writer holds their lock
    try (var blocker = infra.connect("postgres")) {
      blocker.setAutoCommit(false);
      try (var lock = blocker.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext('text-stats'))")) {
        lock.setInt(1, 0x686f7264);
        lock.executeQuery().close();
      }
      // When three records arrive
      for (int i = 0; i < 3; i++) {
        send(Topics.TEXT_REQUEST_OUTCOMES, "lag-" + i, finished("lag-" + i, 601));
      }
      // Then its status says it is behind
      await().untilAsserted(() -> assertThat(value(Long.class,
          "SELECT lag FROM projection_status WHERE projection = 'text-stats'")).isGreaterThanOrEqualTo(3));
      blocker.rollback();
    }
    // Then, the lock gone, it catches up, and every projection has a recent status
    await().untilAsserted(() -> assertThat(value(Long.class,
        "SELECT lag FROM projection_status WHERE projection = 'text-stats'")).isZero());
    assertThat(value(Long.class, "SELECT request_text FROM user_records WHERE user_id = 601")).isEqualTo(3);
    assertThat(infraStrings("SELECT projection FROM projection_status WHERE checked_at > now() - interval '1 minute' ORDER BY 1"))
        .containsExactly("accounts", "alchemy-stats", "image-stats", "journal", "teams", "text-stats", "workers");
  }

  @Test
  void metricsShowRecordsFoldedAndLagPerProjectionAndHealthIsUp() throws Exception {
    // Given a user event folded
    send(Topics.USER_EVENTS, "401", new UserEvent(401L, T0, created("erin")));
    await().until(() -> value(String.class, "SELECT username FROM users WHERE id = 401") != null);
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create("http://localhost:" + TestInfrastructure.metricsPort());

    // Then the scrape counts it for the accounts projection, and shows every projection's lag
    await().untilAsserted(() -> {
      String scrape = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(scrape).containsPattern("horde_projections_folded_total\\{projection=\"accounts\",service=\"projections\"} [1-9]")
          .contains("horde_projections_lag{projection=\"text-stats\",service=\"projections\"}")
          .contains("horde_projections_fenced_total{projection=\"workers\"");
    });
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP");
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
    projections = infra.startProjections();

    // Then it applies the new record but not the old one again: both are in the one user-events partition, in
    // that order, so had it started from the beginning 301 would be back by the time 302 is there
    await().until(() -> value(String.class, "SELECT username FROM users WHERE id = 302") != null);
    assertThat(value(String.class, "SELECT username FROM users WHERE id = 301")).isNull();
    await().until(() -> projections.getBean(Projector.class).lag(ReadModel.ACCOUNTS) == 0);
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

  private static JobEvent job(String jobId, JobEventKind kind, long requester, long owner) {
    return JobEvent.newBuilder().setJobId(jobId).setRequestId("req-" + requester).setKind(kind)
        .setWorkerId(UUID.nameUUIDFromBytes(("worker-" + owner).getBytes()).toString()).setWorkerOwnerId(owner)
        .setRequesterUserId(requester).setModel("m1").setState(kind == JobEventKind.DELIVERED ? "ok" : null)
        .setMaxLength(120).setMaxContextLength(1024).setPromptChars(300).setTokens(42).setAssignedAt(T0)
        .setOccurredAt(T0.plusSeconds(5)).build();
  }

  private static RequestFinished finished(String requestId, long user) {
    return RequestFinished.newBuilder().setRequestId(requestId).setUserId(user).setOutcome(RequestOutcome.DONE)
        .setJobs(1).setFinished(1).setRestarted(0).setConsumedCenti(100).setAcceptedAt(T0).setFinishedAt(T0).build();
  }

  private static List<String> infraStrings(String sql) throws Exception {
    return infra.strings("postgres", sql);
  }

  private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
    infra.send(topic, key, value);
  }

  private static <T> T value(Class<T> type, String sql, Object... parameters) throws Exception {
    return infra.value("postgres", type, sql, parameters);
  }

  /** The timestamp the query selects, in seconds since the epoch (free of the session's time zone). */
  private static Long epochSeconds(String sql) throws Exception {
    return value(Long.class, "SELECT extract(epoch FROM (" + sql + "))::bigint");
  }

  private static void execute(String sql) throws Exception {
    infra.execute("postgres", sql);
  }
}
