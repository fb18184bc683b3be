package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker messages (W6–W9) and the profanity filter over real HTTP against the whole horde: the scheduler decides
 * who may message which worker, the message reaches every read (W6, W8, the worker's details, its pops), and a
 * moderator deletes it; profane worker and team names are refused with the reference's rcs.
 */
class WorkerMessagesSystemTest {
  private static final Duration PROJECTION_LAG = Duration.ofSeconds(30);

  @TempDir
  static Path data;
  static HordeProcess horde;

  @BeforeAll
  static void start() throws Exception {
    // Short holds: a pop with nothing to do comes back after 1 s.
    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "1000")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  private static Response pop(String key, String worker) throws Exception {
    return horde.post("/generate/text/pop", "{\"name\":\"" + worker + "\",\"models\":[\"messages/model\"],"
        + "\"bridge_agent\":\"messages-test:1:none\"}", "apikey", key);
  }

  @Test
  void anOwnerMessagesTheirWorkerEveryReadShowsItAStrangerMayNotAndAModeratorDeletesIt() throws Exception {
    // Given a worker created by its owner's first pop, a stranger and a moderator
    JsonNode owner = horde.testUser("messages-owner", 0);
    String ownerKey = owner.get("api_key").asText();
    String strangerKey = horde.testUser("messages-stranger", 0).get("api_key").asText();
    Response created = horde.post("/dev/test-user",
        "{\"username\":\"messages-mod\",\"oauth_id\":\"messages-mod\",\"kudos\":0,\"moderator\":true}");
    String moderatorKey = created.json().get("api_key").asText();
    assertThat(pop(ownerKey, "Messages-Scribe").status()).isEqualTo(200);
    String[] workerId = new String[1];
    await().atMost(PROJECTION_LAG).untilAsserted(() -> {
      Response worker = horde.get("/workers/name/Messages-Scribe");
      assertThat(worker.status()).as(worker.body()).isEqualTo(200);
      workerId[0] = worker.json().get("id").asText();
    });

    // When the owner posts a message to it
    Response posted = horde.post("/workers/messages",
        "{\"worker_id\":\"" + workerId[0] + "\",\"message\":\"Please update your bridge\",\"origin\":\"me\"}",
        "apikey", ownerKey);

    // Then it is the owner's, under their id, and every read shows it
    assertThat(posted.status()).as(posted.body()).isEqualTo(200);
    String messageId = posted.json().get("id").asText();
    assertThat(posted.json().get("worker_id").asText()).isEqualTo(workerId[0]);
    assertThat(posted.json().get("user_id").asText()).isEqualTo(owner.get("user_id").asText());
    assertThat(posted.json().get("origin").asText()).isEqualTo(owner.get("user_id").asText());
    Response single = horde.get("/workers/messages/" + messageId);
    assertThat(single.status()).as(single.body()).isEqualTo(200);
    assertThat(single.json().get("message").asText()).isEqualTo("Please update your bridge");
    assertThat(horde.get("/workers/messages", "apikey", ownerKey).json().findValuesAsText("id"))
        .containsExactly(messageId);
    Response popped = pop(ownerKey, "Messages-Scribe");
    assertThat(popped.json().get("messages").findValuesAsText("id")).containsExactly(messageId);
    JsonNode details = horde.get("/workers/" + workerId[0], "apikey", moderatorKey).json();
    assertThat(details.get("messages").findValuesAsText("message")).containsExactly("Please update your bridge");

    // And a stranger may neither message the worker nor delete the message
    Response refused = horde.post("/workers/messages",
        "{\"worker_id\":\"" + workerId[0] + "\",\"message\":\"Give me your kudos\"}", "apikey", strangerKey);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("rc").asText()).isEqualTo("MessagesOnlyOwnWorkers");
    assertThat(horde.delete("/workers/messages/" + messageId, "apikey", strangerKey).status()).isEqualTo(403);

    // When a moderator deletes it, then it is gone
    Response deleted = horde.delete("/workers/messages/" + messageId, "apikey", moderatorKey);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.json().get("message").asText()).isEqualTo("OK");
    Response gone = horde.get("/workers/messages/" + messageId);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().get("rc").asText()).isEqualTo("WorkermessageNotFound");
    assertThat(horde.get("/workers/" + workerId[0], "apikey", moderatorKey).json().get("messages")).isEmpty();
  }

  @Test
  void aProfaneWorkerNameOnPopAndAProfaneTeamNameAreRefused() throws Exception {
    String key = horde.testUser("messages-profane", 0).get("api_key").asText();

    Response worker = pop(key, "Shit-Scribe");
    assertThat(worker.status()).isEqualTo(400);
    assertThat(worker.json().get("rc").asText()).isEqualTo("ProfaneWorkerName");

    Response team = horde.post("/teams", "{\"name\":\"the fuck team\"}", "apikey", key);
    assertThat(team.status()).isEqualTo(400);
    assertThat(team.json().get("rc").asText()).isEqualTo("ProfaneTeamName");
    assertThat(team.json().get("message").asText())
        .isEqualTo("As our API is public, we do not allow profanity in the team name, please try again.");
  }
}
