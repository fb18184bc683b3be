package ai.horde.ingress.workers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.ErrorAnswer;
import ai.horde.events.ModifyWorker;
import ai.horde.events.WorkerAnswer;
import ai.horde.events.WorkerCommand;
import ai.horde.events.WorkerState;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.ingress.fixtures.GivenViews.User;
import ai.horde.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worker changes over HTTP (spec §1.4 W3, W4), with the scheduler scripted. */
@MicronautTest(transactional = false)
class WorkersFeatureTest extends FeatureTest {

  @Test
  void aChangeIsTheSchedulersAndIsAnsweredAsTheWorkerIsAfterIt() {
    // Given a worker, and a scheduler that applies the change and publishes the worker
    User owner = given.user("owner", 10);
    WorkerState worker = given.worker(owner, "night-worker", List.of("m/x"));
    deciders.answer(command -> {
      ModifyWorker modify = (ModifyWorker) ((WorkerCommand) command).getCommand();
      WorkerState after = WorkerState.newBuilder(worker).setMaintenance(modify.getMaintenance())
          .setInfo(modify.getInfo()).build();
      views.fold(Topics.WORKERS, worker.getWorkerId(), after, clock.millis());
      return new WorkerAnswer(worker.getWorkerId(), worker.getName());
    });

    // When
    Answer changed = api.put("/api/v2/workers/" + worker.getWorkerId(),
        "{\"maintenance\":true,\"info\":\"A 7B model on a laptop\",\"team\":\"\"}", "apikey", owner.apiKey());

    // Then
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo("{\"maintenance\":true,\"info\":\"A 7B model on a laptop\",\"team\":\"None\"}");
    WorkerCommand sent = deciders.written(Topics.WORKER_COMMANDS).get(0);
    assertThat(sent.getRequesterId()).isEqualTo(owner.id());
    assertThat(sent.getWorkerId()).isEqualTo(worker.getWorkerId());
  }

  @Test
  void theWorkerIsLookedUpBeforeTheKeyAndTheSchedulerDecidesPermissions() {
    User owner = given.user("owner2", 10);
    User stranger = given.user("stranger", 10);
    WorkerState worker = given.worker(owner, "day-worker", List.of("m/x"));

    assertThat(api.put("/api/v2/workers/00000000-0000-0000-0000-000000000000", "{\"info\":\"x\"}").rc())
        .isEqualTo("WorkerNotFound");
    assertThat(api.put("/api/v2/workers/" + worker.getWorkerId(), "{\"info\":\"x\"}").json().get("errors")
        .get("apikey").asText()).startsWith("The Moderator or Owner API key.");
    assertThat(api.put("/api/v2/workers/" + worker.getWorkerId(), "{\"name\":\" <b>ab</b> \"}", "apikey",
        owner.apiKey()).json().get("errors").get("name").asText()).isEqualTo("'ab' is too short");
    assertThat(api.put("/api/v2/workers/" + worker.getWorkerId(), "{\"team\":\"no-such-team\"}", "apikey",
        owner.apiKey()).rc()).isEqualTo("TeamNotFound");
    deciders.answer(command -> new ErrorAnswer(403, "NotOwner", "You're not the owner of this worker."));
    Answer refused = api.put("/api/v2/workers/" + worker.getWorkerId(), "{\"info\":\"x\"}", "apikey",
        stranger.apiKey());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.rc()).isEqualTo("NotOwner");
    deciders.answer(command -> new WorkerAnswer(worker.getWorkerId(), worker.getName()));
    assertThat(api.delete("/api/v2/workers/" + worker.getWorkerId(), "apikey", owner.apiKey()).body())
        .isEqualTo("{\"deleted_id\":\"" + worker.getWorkerId() + "\",\"deleted_name\":\"day-worker\"}");
  }
}
