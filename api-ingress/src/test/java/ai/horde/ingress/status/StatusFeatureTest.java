package ai.horde.ingress.status;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountAnswer;
import ai.horde.events.AccountCommand;
import ai.horde.events.AlchemyCapabilities;
import ai.horde.events.AlchemyCriteria;
import ai.horde.events.HordeModes;
import ai.horde.events.Progress;
import ai.horde.events.RequestAccepted;
import ai.horde.events.RequestStatus;
import ai.horde.events.SetHordeModes;
import ai.horde.events.UserChanged;
import ai.horde.events.WorkerState;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.ingress.fixtures.GivenViews.User;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The status endpoints over HTTP (spec §1.9), from the views, with the registry scripted for the modes. */
@MicronautTest(transactional = false)
class StatusFeatureTest extends FeatureTest {

  @Test
  void theHeartbeatAndTheModelsTheOnlineWorkersServe() {
    Answer heartbeat = api.get("/api/v2/status/heartbeat");
    assertThat(heartbeat.json().get("message").asText()).isEqualTo("OK");
    assertThat(heartbeat.json().get("db_connection").asBoolean()).isTrue();
    // A JSON body says so (spec §0.8), whatever the caller accepts
    assertThat(heartbeat.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(api.get("/api/v2/status/heartbeat", "Accept", "text/html").headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");

    User owner = given.user("owner", 0);
    given.worker(owner, "model-worker", List.of("status/model"));
    Answer text = api.get("/api/v2/status/models?type=text");
    assertThat(text.json()).anySatisfy(model -> {
      assertThat(model.get("name").asText()).isEqualTo("status/model");
      assertThat(model.get("count").asInt()).isEqualTo(1);
      assertThat(model.get("type").asText()).isEqualTo("text");
    });
    // The reference's default type is image, which this horde has none of
    assertThat(api.get("/api/v2/status/models").json()).isEmpty();
    assertThat(api.get("/api/v2/status/models?type=text&min_count=many").json().get("errors").has("min_count"))
        .isTrue();
    assertThat(api.get("/api/v2/status/news").json()).isNotEmpty();
  }

  @Test
  void theModesAreTheRegistrysAndRaidModeShowsToModeratorsOnly() {
    User admin = given.user("admin", 0, UserChanged.newBuilder().setModerator(true).build());
    User user = given.user("plain", 0);
    deciders.answer(command -> {
      SetHordeModes set = (SetHordeModes) ((AccountCommand) command).getCommand();
      views.fold(Topics.HORDE_MODES, Topics.MODES_KEY, new HordeModes(Boolean.TRUE.equals(set.getMaintenance()),
          false, Boolean.TRUE.equals(set.getRaid()), clock.instant()), clock.millis());
      return new AccountAnswer(Topics.MODES_KEY, null);
    });

    Answer set = api.put("/api/v2/status/modes", "{\"raid\":true}", "apikey", admin.apiKey());

    assertThat(set.body()).isEqualTo("{\"raid_mode\":true}");
    assertThat(api.get("/api/v2/status/modes").body()).isEqualTo("{\"maintenance_mode\":false,\"invite_only_mode\":false}");
    assertThat(api.get("/api/v2/status/modes", "apikey", admin.apiKey()).json().get("raid_mode").asBoolean()).isTrue();
    assertThat(api.get("/api/v2/status/modes", "apikey", user.apiKey()).rc()).isEqualTo("NotModerator");
  }

  @Test
  void thePerformanceCountsAlchemistsAndTheFormsWaitingOrInFlight() {
    // Given two online alchemists (3 threads in all), one offline, and five forms: one waiting, one in flight,
    // one accepted and not yet seen by the scheduler, one done and one faulted
    User owner = given.user("alchemist-owner", 0);
    alchemist(owner, "alchemist-one", 1, 0);
    alchemist(owner, "alchemist-two", 2, 1_000);
    alchemist(owner, "alchemist-gone", 4, 301_000);
    form("form-waiting", 1, 0, false);
    form("form-in-flight", 0, 1, false);
    form("form-done", 0, 0, false);
    form("form-faulted", 1, 0, true);
    views.fold(Topics.ALCHEMY_REQUESTS, "form-accepted", RequestAccepted.newBuilder().setRequestId("form-accepted")
        .setUserId(owner.id()).setPayloadJson("{}").setPromptChars(0).setN(1).setCriteria(criteria())
        .setAcceptedAt(clock.instant()).build(), clock.millis());

    // When
    JsonNode performance = api.get("/api/v2/status/performance").json();

    // Then
    assertThat(performance.get("interrogator_count").asInt()).isEqualTo(2);
    assertThat(performance.get("interrogator_thread_count").asInt()).isEqualTo(3);
    assertThat(performance.get("queued_forms").asDouble()).isEqualTo(3.0);
    // Alchemists and forms are no image or text workers and requests, and no models
    assertThat(performance.get("worker_count").asInt()).isZero();
    assertThat(performance.get("queued_requests").asInt()).isZero();
    assertThat(api.get("/api/v2/status/models").json()).isEmpty();
    assertThat(api.get("/api/v2/status/models/caption").json()).isEmpty();
  }

  private void alchemist(User owner, String name, int threads, long checkedInMsAgo) {
    WorkerState worker = WorkerState.newBuilder().setWorkerId(UUID.randomUUID().toString()).setName(name)
        .setKind(WorkKind.ALCHEMY.workerType()).setOwnerUserId(owner.id()).setCreatedAt(clock.instant())
        .setLastCheckInAt(clock.instant().minusMillis(checkedInMsAgo)).setModels(List.of()).setThreads(threads)
        .setAlchemy(AlchemyCapabilities.newBuilder().setForms(List.of("caption")).build()).build();
    views.fold(Topics.WORKERS, worker.getWorkerId(), worker, clock.millis());
  }

  private void form(String id, int waiting, int processing, boolean faulted) {
    Progress progress = Progress.newBuilder().setN(waiting).setJobs(1).setProcessing(processing)
        .setFinished(1 - waiting - processing).setFaulted(faulted).setExpiresAt(clock.instant().plusSeconds(1200))
        .build();
    views.fold(Topics.ALCHEMY_STATUS, id, RequestStatus.newBuilder().setRequestId(id).setUserId(1)
        .setPriorityCenti(0).setAcceptedAt(clock.instant()).setCriteria(criteria()).setProgress(progress).build(),
        clock.millis());
  }

  private static AlchemyCriteria criteria() {
    return AlchemyCriteria.newBuilder().setInterrogationId("i-1").setForm("caption").build();
  }

  @Test
  void metricsAreServedInPrometheusTextAndHealthInParts() {
    given.worker(given.user("metered", 0), "metered-worker", List.of("m/metered"));
    api.get("/api/v2/status/heartbeat");

    Answer metrics = api.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("horde_ingress_queued_requests ").contains("horde_ingress_views_live 1.0")
        .contains("http_server_requests_seconds_count").contains("jvm_memory_used_bytes");
    assertThat(metrics.body()).containsPattern("horde_ingress_online_workers [1-9]");
    // Live: the views and the replies are read; the database (none here) only makes it not ready
    Answer liveness = api.get("/health/liveness");
    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.json().get("status").asText()).isEqualTo("UP");
    Answer health = api.get("/health");
    assertThat(health.json().get("details").has("views")).isTrue();
    assertThat(health.json().get("details").get("views").get("status").asText()).isEqualTo("UP");
  }
}
