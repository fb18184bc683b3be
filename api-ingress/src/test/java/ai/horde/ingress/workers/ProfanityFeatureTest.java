package ai.horde.ingress.workers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.ErrorAnswer;
import ai.horde.events.WorkerState;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.ingress.fixtures.GivenViews.User;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Profane names and texts are refused where the reference refuses them, with its rcs, before any decider. */
@MicronautTest(transactional = false)
class ProfanityFeatureTest extends FeatureTest {

  private static void assertProfane(Answer answer, String rc, String textType) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.rc()).isEqualTo(rc);
    assertThat(answer.json().get("message").asText())
        .isEqualTo("As our API is public, we do not allow profanity in the " + textType + ", please try again.");
  }

  @Test
  void aNewWorkerWithAProfaneNameOrBridgeAgentMayNotPop() {
    User owner = given.user("clean-owner", 10);

    assertProfane(api.post("/api/v2/generate/text/pop", "{\"name\":\"shit worker\",\"models\":[\"m/x\"]}",
        "apikey", owner.apiKey()), "ProfaneWorkerName", "worker name");
    assertProfane(api.post("/api/v2/generate/text/pop", "{\"name\":\"clean worker\",\"models\":[\"m/x\"],"
        + "\"bridge_agent\":\"fuck:1:x\"}", "apikey", owner.apiKey()), "ProfaneBridgeAgent", "bridge agent");
    assertThat(deciders.written()).isEmpty();
  }

  @Test
  void aWorkersOwnerMayNotGiveItAProfaneNameOrInfoAndAStrangerIsTheSchedulersToRefuse() {
    User owner = given.user("renaming-owner", 10);
    User stranger = given.user("renaming-stranger", 10);
    WorkerState worker = given.worker(owner, "polite-worker", List.of("m/x"));
    String path = "/api/v2/workers/" + worker.getWorkerId();

    assertProfane(api.put(path, "{\"name\":\"a55 worker\"}", "apikey", owner.apiKey()), "ProfaneWorkerName",
        "worker name");
    assertProfane(api.put(path, "{\"info\":\"runs on b00bs\"}", "apikey", owner.apiKey()), "ProfaneWorkerInfo",
        "worker info");
    deciders.answer(command -> new ErrorAnswer(403, "NotModerator", "You're not a mod. BTFO!"));
    assertThat(api.put(path, "{\"name\":\"a55 worker\"}", "apikey", stranger.apiKey()).rc()).isEqualTo("NotModerator");
  }

  @Test
  void aTeamMayNotHaveAProfaneNameOrInfo() {
    User owner = given.user("team-founder", 10);

    assertProfane(api.post("/api/v2/teams", "{\"name\":\"shit team\"}", "apikey", owner.apiKey()), "ProfaneTeamName",
        "team name");
    assertProfane(api.post("/api/v2/teams", "{\"name\":\"good team\",\"info\":\"a fuck of a team\"}", "apikey",
        owner.apiKey()), "ProfaneTeamInfo", "team info");
    assertThat(deciders.written()).isEmpty();
  }

  @Test
  void aUserMayNotTakeAProfaneName() {
    User user = given.user("renamer", 10);

    assertProfane(api.put("/api/v2/users/" + user.id(), "{\"username\":\"5h1t\"}", "apikey", user.apiKey()),
        "ProfaneUserName", "username");
    assertThat(deciders.written()).isEmpty();
  }
}
