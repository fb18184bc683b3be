package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.UserAccount;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The worker reads' SQL and their rendering (spec §1.4 W1, W2). */
class WorkerReadsTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final Instant SINCE = Instant.ofEpochMilli(NOW - Workers.ONLINE_MS);
  private static final String ID = "2f1e7c3a-5b6d-4e8f-9a0b-1c2d3e4f5a6b";

  static WorkerRow row(String teamId, String teamName, long checkedInMsAgo) {
    return new WorkerRow(ID, "scribe", "text", 7, Instant.ofEpochMilli(NOW - 86_400_000),
        Instant.ofEpochMilli(NOW - checkedInMsAgo), List.of("koboldcpp/m1", "m2"), 512, 4096, 2, true,
        "KoboldCppEmbedWorker:2", false, null, true, null, 12, 1, new BigDecimal("30.25"), new BigDecimal("10.99"),
        3600, 12.25, teamId, teamName);
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
    JsonNode body = WorkerDetailsBody.render(row(null, null, 1_000), Optional.of(owner(false)), false, NOW);

    assertThat(body.get("type").asText()).isEqualTo("text");
    assertThat(body.get("online").asBoolean()).isTrue();
    assertThat(body.get("performance").asText()).isEqualTo("12.2 tokens per second");
    assertThat(body.get("kudos_rewards").asDouble()).isEqualTo(41.24);
    assertThat(body.get("kudos_details").get("generated").asDouble()).isEqualTo(30.25);
    assertThat(body.get("kudos_details").get("uptime").isIntegralNumber()).isTrue();
    assertThat(body.get("kudos_details").get("uptime").asLong()).isEqualTo(10);
    assertThat(body.get("uptime").asLong()).isEqualTo(3600);
    assertThat(body.get("maintenance_mode").asBoolean()).isFalse();
    assertThat(body.get("trusted").asBoolean()).isTrue();
    assertThat(body.get("max_length").asInt()).isEqualTo(512);
    assertThat(body.get("max_context_length").asInt()).isEqualTo(4096);
    assertThat(body.get("models")).extracting(JsonNode::asText).containsExactly("koboldcpp/m1", "m2");
    // Quirk Q16, and skip_none: no info, and nothing privileged for an anonymous reader of a private owner
    assertThat(body.get("team").toString()).isEqualTo("{\"name\":null,\"id\":null}");
    assertThat(body.has("info")).isFalse();
    assertThat(body.has("owner")).isFalse();
    assertThat(body.has("paused")).isFalse();
    assertThat(body.has("contact")).isFalse();
  }

  @Test
  void theOwnerShowsWhenItsWorkersArePublicAndAModeratorSeesMore() {
    JsonNode publicOwner = WorkerDetailsBody.render(row("t-1", "Red", 400_000), Optional.of(owner(true)), false, NOW);
    JsonNode moderator = WorkerDetailsBody.render(row(null, null, 0), Optional.of(owner(false)), true, NOW);

    assertThat(publicOwner.get("online").asBoolean()).isFalse();
    assertThat(publicOwner.get("owner").asText()).isEqualTo("alice#7");
    assertThat(publicOwner.get("messages")).isEmpty();
    assertThat(publicOwner.get("team").toString()).isEqualTo("{\"name\":\"Red\",\"id\":\"t-1\"}");
    assertThat(publicOwner.has("paused")).isFalse();
    assertThat(moderator.get("owner").asText()).isEqualTo("alice#7");
    assertThat(moderator.get("paused").asBoolean()).isTrue();
    assertThat(moderator.get("suspicious").asInt()).isZero();
    assertThat(moderator.get("contact").asText()).isEqualTo("alice@example.com");
  }

  @Test
  void performanceRoundsAsPythonDoes() {
    assertThat(WorkerDetailsBody.performance(1)).isEqualTo("1.0 tokens per second");
    assertThat(WorkerDetailsBody.performance(0.25)).isEqualTo("0.2 tokens per second");
    assertThat(WorkerDetailsBody.performance(0.35)).isEqualTo("0.3 tokens per second"); // 0.35 is 0.34999… in binary
    assertThat(WorkerDetailsBody.performance(123.45678)).isEqualTo("123.5 tokens per second");
  }

  @Test
  void aTeamSumsItsWorkersUptimeOnlyForTextWorkers() {
    TeamDetailsBody.Team team = new TeamDetailsBody.Team("t-1", "Red", null, 7);
    List<WorkerRow> members = List.of(row("t-1", "Red", 0), row("t-1", "Red", 400_000));

    JsonNode body = TeamDetailsBody.render(team, "alice#7", members, NOW);

    assertThat(body.get("uptime").asLong()).isEqualTo(7200);
    assertThat(body.get("requests_fulfilled").asLong()).isZero();
    assertThat(body.get("kudos").asDouble()).isZero();
    assertThat(body.has("info")).isFalse();
    assertThat(body.get("creator").asText()).isEqualTo("alice#7");
    assertThat(body.get("worker_count").asInt()).isEqualTo(2);
    assertThat(body.get("workers")).extracting(w -> w.get("online").asBoolean()).containsExactly(true, false);
    assertThat(body.get("models").toString())
        .isEqualTo("[{\"name\":\"koboldcpp/m1\",\"count\":2},{\"name\":\"m2\",\"count\":2}]");
  }
}
