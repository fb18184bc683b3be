package ai.horde.ingress.workers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.UserAccount;
import ai.horde.events.WorkerMessage;
import ai.horde.ingress.views.SqlQuery;
import ai.horde.ingress.views.Workers;
import ai.horde.ingress.workers.WorkerBodies.ActiveModelLite;
import ai.horde.ingress.workers.WorkerBodies.TeamDetails;
import ai.horde.ingress.workers.WorkerBodies.TeamDetailsLite;
import ai.horde.ingress.workers.WorkerBodies.WorkerDetails;
import ai.horde.ingress.workers.WorkerBodies.WorkerDetailsLite;
import ai.horde.ingress.workers.WorkerBodies.WorkerMessageDetails;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The worker reads' SQL and their rendering (spec §1.4 W1, W2). */
class WorkerDetailsViewTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final Instant SINCE = Instant.ofEpochMilli(NOW - Workers.ONLINE_MS);
  private static final String ID = "2f1e7c3a-5b6d-4e8f-9a0b-1c2d3e4f5a6b";

  static WorkerRow row(String teamId, String teamName, long checkedInMsAgo) {
    return new WorkerRow(ID, "scribe", "text", 7, Instant.ofEpochMilli(NOW - 86_400_000),
        Instant.ofEpochMilli(NOW - checkedInMsAgo), List.of("koboldcpp/m1", "m2"), 512, 4096, 2, true,
        "KoboldCppEmbedWorker:2", false, null, true, null, 12, 1, new BigDecimal("30.25"), new BigDecimal("10.99"),
        3600, 12.25, teamId, teamName, null, 0, null);
  }

  static UserAccount owner(boolean publicWorkers) {
    return UserAccount.newBuilder().setUserId(7).setUsername("alice").setOauthId("alice").setApiKeyHash("h")
        .setCreatedAt(Instant.ofEpochMilli(0)).setTrusted(true).setFlagged(false).setPublicWorkers(publicWorkers)
        .setContact("alice@example.com").build();
  }

  @Test
  void aNameWinsOverTheTypeAndMatchesCaseInsensitively() {
    SqlQuery byName = WorkerQueries.online("image", "Scribe", SINCE);
    SqlQuery byType = WorkerQueries.online("text", "", SINCE);
    SqlQuery all = WorkerQueries.online(null, null, SINCE);

    assertThat(byName.sql()).contains("lower(w.name) = lower(?)").doesNotContain("w.kind = ?");
    assertThat(byName.parameters()).containsExactly(SINCE.atOffset(ZoneOffset.UTC), "Scribe");
    assertThat(byType.sql()).contains("w.kind = ?");
    assertThat(byType.parameters()).containsExactly(SINCE.atOffset(ZoneOffset.UTC), "text");
    assertThat(all.sql()).doesNotContain("w.kind = ?").doesNotContain("lower(");
    assertThat(all.sql()).contains("w.last_check_in_at >= ?");
  }

  @Test
  void anIdThatIsNoCanonicalUuidFindsNothing() {
    assertThat(WorkerQueries.byId("not-a-uuid")).isEmpty();
    assertThat(WorkerQueries.byId("2f1e7c3a5b6d4e8f9a0b1c2d3e4f5a6b")).isEmpty();
    assertThat(WorkerQueries.byId(ID)).get().extracting(SqlQuery::parameters)
        .isEqualTo(List.of(UUID.fromString(ID)));
  }

  @Test
  void rendersTheTextWorkerDetailsOfTheReference() {
    WorkerDetails body = WorkerDetailsView.render(row(null, null, 1_000), Optional.of(owner(false)),
        false, List.of(), NOW);

    assertThat(body.type()).isEqualTo("text");
    assertThat(body.online()).isTrue();
    assertThat(body.performance()).isEqualTo("12.2 tokens per second");
    assertThat(body.kudosRewards()).isEqualTo(41.24);
    assertThat(body.kudosDetails().generated()).isEqualTo(30.25);
    assertThat(body.kudosDetails().uptime()).isEqualTo(10);
    assertThat(body.uptime()).isEqualTo(3600);
    assertThat(body.maintenanceMode()).isFalse();
    assertThat(body.trusted()).isTrue();
    assertThat(body.maxLength()).isEqualTo(512);
    assertThat(body.maxContextLength()).isEqualTo(4096);
    assertThat(body.models()).containsExactly("koboldcpp/m1", "m2");
    // Quirk Q16, and skip_none: no info, and nothing privileged for an anonymous reader of a private owner
    assertThat(body.team()).isEqualTo(new TeamDetailsLite(null, null));
    assertThat(body.info()).isNull();
    assertThat(body.owner()).isNull();
    assertThat(body.paused()).isNull();
    assertThat(body.contact()).isNull();
  }

  @Test
  void theOwnerShowsWhenItsWorkersArePublicAndAModeratorSeesMore() {
    WorkerDetails publicOwner = WorkerDetailsView.render(row("t-1", "Red", 400_000), Optional.of(owner(true)),
        false, List.of(), NOW);
    WorkerDetails moderator = WorkerDetailsView.render(row(null, null, 0), Optional.of(owner(false)),
        true, List.of(), NOW);

    assertThat(publicOwner.online()).isFalse();
    assertThat(publicOwner.owner()).isEqualTo("alice#7");
    assertThat(publicOwner.messages()).isEmpty();
    assertThat(publicOwner.team()).isEqualTo(new TeamDetailsLite("Red", "t-1"));
    assertThat(publicOwner.paused()).isNull();
    assertThat(moderator.owner()).isEqualTo("alice#7");
    assertThat(moderator.paused()).isTrue();
    assertThat(moderator.suspicious()).isZero();
    assertThat(moderator.contact()).isEqualTo("alice@example.com");
  }

  @Test
  void aWorkersMessagesShowWithoutTheirIdsWhereTheOwnerShows() {
    WorkerMessage message = WorkerMessage.newBuilder().setMessageId("m-1").setWorkerId(ID).setUserId(1)
        .setMessage("Please update").setOrigin("AI Horde Moderators").setCreated(Instant.ofEpochMilli(NOW))
        .setExpiry(Instant.ofEpochMilli(NOW).plusSeconds(3600)).build();

    WorkerDetails moderator = WorkerDetailsView.render(row(null, null, 0), Optional.of(owner(false)), true,
        List.of(message), NOW);
    WorkerDetails stranger = WorkerDetailsView.render(row(null, null, 0), Optional.of(owner(false)), false,
        List.of(message), NOW);

    assertThat(moderator.messages()).containsExactly(new WorkerMessageDetails(null, ID, "1", "Please update",
        "AI Horde Moderators", "Fri, 15 Jan 2027 08:00:00 -0000", "Fri, 15 Jan 2027 09:00:00 -0000"));
    assertThat(stranger.messages()).isNull();
  }

  @Test
  void performanceRoundsAsPythonDoes() {
    assertThat(WorkerDetailsView.performance(1.0, false)).isEqualTo("1.0 tokens per second");
    assertThat(WorkerDetailsView.performance(0.25, false)).isEqualTo("0.2 tokens per second");
    assertThat(WorkerDetailsView.performance(0.35, false)).isEqualTo("0.3 tokens per second"); // 0.34999… in binary
    assertThat(WorkerDetailsView.performance(123.45678, false)).isEqualTo("123.5 tokens per second");
    assertThat(WorkerDetailsView.performance(1_250_000.0, true)).isEqualTo("1.2 megapixelsteps per second");
  }

  @Test
  void aDreamerShowsWhatItAllowsAndItsMegapixelSteps() {
    WorkerRow dreamer = new WorkerRow(ID, "dreamer", "image", 7, Instant.ofEpochMilli(NOW - 86_400_000),
        Instant.ofEpochMilli(NOW), List.of("stable_diffusion"), 0, 0, 1, true, "AI Horde Worker reGen:9.0.1", false,
        null, false, null, 3, 0, new BigDecimal("30.00"), BigDecimal.ZERO, 600, 2_000_000.0, null, null,
        new WorkerRow.Image(1_048_576, true, false, true, false, true, false), 5_500_000, null);

    WorkerDetails body = WorkerDetailsView.render(dreamer, Optional.of(owner(false)), false, List.of(), NOW);

    assertThat(body.type()).isEqualTo("image");
    assertThat(body.performance()).isEqualTo("2.0 megapixelsteps per second");
    assertThat(body.maxPixels()).isEqualTo(1_048_576);
    assertThat(body.megapixelstepsGenerated()).isEqualTo(5.0);
    assertThat(body.img2img()).isTrue();
    assertThat(body.painting()).isFalse();
    assertThat(body.postProcessing()).isTrue();
    assertThat(body.controlnet()).isTrue();
    assertThat(body.maxLength()).isNull();
  }

  @Test
  void anAlchemistsPerformanceIsItsMeanSecondsPerFormOrNoneYet() {
    assertThat(WorkerDetailsView.alchemyPerformance(null)).isEqualTo("No requests fulfilled yet");
    assertThat(WorkerDetailsView.alchemyPerformance(2.0)).isEqualTo("2.0 seconds per form");
    assertThat(WorkerDetailsView.alchemyPerformance(3.25)).isEqualTo("3.2 seconds per form"); // half to even
    assertThat(WorkerDetailsView.alchemyPerformance(0.35)).isEqualTo("0.3 seconds per form"); // 0.34999… in binary
    assertThat(WorkerDetailsView.alchemyPerformance(12.96)).isEqualTo("13.0 seconds per form");
    assertThat(WorkerDetailsView.performance(null, false)).isEqualTo("No requests fulfilled yet");
  }

  static WorkerRow alchemist(Double secondsPerForm, List<String> forms) {
    // The scheduler copies a pop's models to every worker: an alchemist's are none, but they must not show
    return new WorkerRow(ID, "alchemist", "interrogation", 7, Instant.ofEpochMilli(NOW - 86_400_000),
        Instant.ofEpochMilli(NOW - 1_000), List.of("stray"), 0, 0, 2, true, "AI Horde Worker reGen:9.0.1", false,
        null, false, "forms!", 4, 1, new BigDecimal("4.00"), new BigDecimal("40.00"), 1200, secondsPerForm, null,
        null, null, 4, forms);
  }

  @Test
  void anAlchemistShowsItsFormsAndNoneOfTheTextOrImageFields() {
    WorkerDetails body = WorkerDetailsView.render(alchemist(2.5, List.of("caption", "nsfw", "GFPGAN")),
        Optional.of(owner(false)), false, List.of(), NOW);

    assertThat(body.type()).isEqualTo("interrogation");
    assertThat(body.online()).isTrue();
    assertThat(body.forms()).containsExactly("caption", "nsfw", "GFPGAN");
    assertThat(body.performance()).isEqualTo("2.5 seconds per form");
    assertThat(body.requestsFulfilled()).isEqualTo(4);
    assertThat(body.uncompletedJobs()).isEqualTo(1);
    assertThat(body.kudosRewards()).isEqualTo(44.0);
    assertThat(body.kudosDetails().generated()).isNull();
    assertThat(body.kudosDetails().uptime()).isEqualTo(40);
    assertThat(body.threads()).isEqualTo(2);
    assertThat(body.uptime()).isEqualTo(1200);
    assertThat(body.info()).isEqualTo("forms!");
    assertThat(body.bridgeAgent()).isEqualTo("AI Horde Worker reGen:9.0.1");
    assertThat(body.team()).isEqualTo(new TeamDetailsLite(null, null));
    // The response model's default: an InterrogationWorker has no nsfw (nor models)
    assertThat(body.nsfw()).isFalse();
    assertThat(body.models()).isNull();
    assertThat(body.maxLength()).isNull();
    assertThat(body.maxContextLength()).isNull();
    assertThat(body.maxPixels()).isNull();
    assertThat(body.megapixelstepsGenerated()).isNull();
    assertThat(body.img2img()).isNull();
    assertThat(body.painting()).isNull();
    assertThat(body.postProcessing()).isNull();
    assertThat(body.lora()).isNull();
    assertThat(body.controlnet()).isNull();
    assertThat(body.sdxlControlnet()).isNull();
  }

  @Test
  void anAlchemistsJsonHasItsFormsAndNoModelsAndANullGeneratedAsTheReferenceMarshalsIt() throws Exception {
    // As the application's mapper writes bodies (application.yml): snake_case, nulls written unless left out
    ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .setSerializationInclusion(JsonInclude.Include.ALWAYS);
    JsonNode json = mapper.valueToTree(WorkerDetailsView.render(alchemist(null, List.of("caption")),
        Optional.of(owner(false)), false, List.of(), NOW));

    assertThat(json.get("type").asText()).isEqualTo("interrogation");
    assertThat(json.get("forms").toString()).isEqualTo("[\"caption\"]");
    assertThat(json.get("performance").asText()).isEqualTo("No requests fulfilled yet");
    assertThat(json.get("nsfw").asBoolean(true)).isFalse();
    assertThat(json.get("kudos_details").toString()).isEqualTo("{\"generated\":null,\"uptime\":40}");
    assertThat(json.has("models")).isFalse();
    assertThat(json.has("max_length")).isFalse();
    assertThat(json.has("max_pixels")).isFalse();
    assertThat(json.has("megapixelsteps_generated")).isFalse();
    assertThat(json.has("post-processing")).isFalse();
  }

  @Test
  void anAlchemistWithoutSamplesHasNoPerformanceYetAndScribesShowNoForms() {
    WorkerDetails fresh = WorkerDetailsView.render(alchemist(null, List.of("caption")), Optional.empty(),
        false, List.of(), NOW);
    WorkerDetails scribe = WorkerDetailsView.render(row(null, null, 0), Optional.empty(), false, List.of(), NOW);

    assertThat(fresh.performance()).isEqualTo("No requests fulfilled yet");
    assertThat(fresh.forms()).containsExactly("caption");
    assertThat(scribe.forms()).isNull();
    assertThat(scribe.nsfw()).isTrue();
  }

  @Test
  void anAlchemistInATeamAddsItsUptimeButNoModelsNorFulfilments() {
    TeamReads.Team team = new TeamReads.Team("t-1", "Red", null, 7);
    WorkerRow alchemist = alchemist(2.5, List.of("caption"));

    TeamDetails body = TeamReads.render(team, "alice#7", List.of(row("t-1", "Red", 0), alchemist), NOW);

    assertThat(body.uptime()).isEqualTo(4800);
    assertThat(body.requestsFulfilled()).isZero();
    assertThat(body.kudos()).isZero();
    assertThat(body.workers()).extracting(WorkerDetailsLite::type).containsExactly("text", "interrogation");
    assertThat(body.models()).containsExactly(new ActiveModelLite("koboldcpp/m1", 1), new ActiveModelLite("m2", 1));
  }

  @Test
  void aTeamSumsItsWorkersUptimeOnlyForTextWorkers() {
    TeamReads.Team team = new TeamReads.Team("t-1", "Red", null, 7);
    List<WorkerRow> members = List.of(row("t-1", "Red", 0), row("t-1", "Red", 400_000));

    TeamDetails body = TeamReads.render(team, "alice#7", members, NOW);

    assertThat(body.uptime()).isEqualTo(7200);
    assertThat(body.requestsFulfilled()).isZero();
    assertThat(body.kudos()).isZero();
    assertThat(body.info()).isNull();
    assertThat(body.creator()).isEqualTo("alice#7");
    assertThat(body.workerCount()).isEqualTo(2);
    assertThat(body.workers()).extracting(WorkerDetailsLite::online).containsExactly(true, false);
    assertThat(body.models()).containsExactly(new ActiveModelLite("koboldcpp/m1", 2), new ActiveModelLite("m2", 2));
  }
}
