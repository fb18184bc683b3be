package ai.horde.ingress;

import static ai.horde.ingress.JsonShape.bool;
import static ai.horde.ingress.JsonShape.object;
import static ai.horde.ingress.JsonShape.string;

import ai.horde.events.DeleteWorker;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.ModifyWorker;
import ai.horde.events.UserAccount;
import ai.horde.events.WorkerAnswer;
import ai.horde.events.WorkerCommand;
import ai.horde.events.WorkerState;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code PUT} and {@code DELETE /workers/{id}} (spec §1.4 W3, W4): ingress checks the body's shape, that the
 * worker exists (before anything about the key, as the reference does) and that a named team exists; the
 * scheduler, the single writer of workers, decides permissions and names ({@code WorkerCommand}). Answers
 * once this instance shows the change.
 *
 * <p>Known gaps: names and info are not checked for profanity; the team is checked only for a requester
 * who may change it (for others the scheduler's refusal comes first, as in the reference).
 */
@Singleton
final class WorkerChanges {
  private static final String API_KEY_HELP = "The Moderator or Owner API key.";
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Duration CATCH_UP = Duration.ofSeconds(5);
  static final JsonShape MODIFY = object().field("maintenance", bool()).field("maintenance_msg", string(-1, 300))
      .field("paused", bool()).field("info", string(-1, 1000)).field("name", string(5, 100))
      .field("team", string(-1, 36));

  private final CommandGateway gateway;
  private final Identities identities;
  private final HordeViews views;

  WorkerChanges(CommandGateway gateway, Identities identities, HordeViews views) {
    this.gateway = gateway;
    this.identities = identities;
    this.views = views;
  }

  CompletableFuture<MutableHttpResponse<String>> modify(String workerId, String body, String apiKey) {
    JsonNode json = Bodies.parse(body, MODIFY);
    String teamId = Bodies.text(json, "team", null);
    ModifyWorker modify = new ModifyWorker(Bodies.optionalFlag(json, "maintenance"), Bodies.text(json, "maintenance_msg", null),
        Bodies.optionalFlag(json, "paused"), Bodies.text(json, "info", null), name(json), teamId);
    return worker(workerId).thenCompose(worker -> {
      if (apiKey == null) {
        throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
      }
      return identities.require(apiKey).thenCompose(requester -> {
        boolean ownerOrMod = requester.getModerator() || requester.getUserId() == worker.getOwnerUserId();
        if (teamId != null && !teamId.isEmpty() && ownerOrMod && views.teams.byId(teamId).isEmpty()) {
          return views.caughtUp(List.of(Topics.TEAMS), CATCH_UP).handle((ok, error) -> {
            views.teams.byId(teamId).orElseThrow(() -> TeamChanges.notFound(teamId));
            return requester;
          }).thenCompose(checked -> ask(requester, workerId, modify));
        }
        return ask(requester, workerId, modify);
      });
    }).thenApply(answer -> {
      WorkerState after = views.workers.byId(workerId).orElse(null);
      ObjectNode response = Responses.JSON.createObjectNode();
      if (modify.getMaintenance() != null) {
        response.put("maintenance", after == null ? modify.getMaintenance() : after.getMaintenance());
      }
      if (modify.getPaused() != null) {
        response.put("paused", after == null ? modify.getPaused() : after.getPaused());
      }
      if (modify.getInfo() != null) {
        response.put("info", after == null ? modify.getInfo() : after.getInfo());
      }
      if (modify.getName() != null) {
        response.put("name", answer.getName());
      }
      if (teamId != null) {
        // The reference answers the team's name, or the string "None" for no team.
        response.put("team", teamId.isEmpty() ? "None"
            : views.teams.byId(teamId).map(team -> team.getName()).orElse("None"));
      }
      return Responses.ok(response);
    });
  }

  CompletableFuture<MutableHttpResponse<String>> delete(String workerId, String apiKey) {
    return worker(workerId).thenCompose(worker -> {
      if (apiKey == null) {
        // The reference crashes here (500, spec W4); a missing key is answered as an invalid one.
        throw HordeError.invalidApiKey();
      }
      return identities.require(apiKey).thenCompose(requester -> ask(requester, workerId, new DeleteWorker()))
          .thenApply(answer -> Responses.ok(Responses.JSON.createObjectNode().put("deleted_id", workerId)
              .put("deleted_name", answer.getName())));
    });
  }

  private CompletableFuture<WorkerAnswer> ask(UserAccount requester, String workerId, Object command) {
    String commandId = UUID.randomUUID().toString();
    WorkerCommand envelope = WorkerCommand.newBuilder().setCommandId(commandId).setReplyTo(gateway.instanceId())
        .setWorkerId(workerId).setRequesterId(requester.getUserId())
        .setRequesterModerator(requester.getModerator()).setRequestedAt(Instant.now()).setCommand(command).build();
    return gateway.ask(Topics.WORKER_COMMANDS, workerId, envelope, commandId, TIMEOUT).thenCompose(reply -> {
      if (reply instanceof ErrorAnswer e) {
        throw new HordeError(e.getHttpStatus(), e.getRc(), e.getMessage());
      }
      if (!(reply instanceof WorkerAnswer answer)) {
        throw new IllegalStateException("unexpected reply from the scheduler: " + reply);
      }
      // The scheduler publishes the worker before it answers: read on until this instance shows it.
      return views.caughtUp(List.of(Topics.WORKERS), CATCH_UP).handle((ok, error) -> answer);
    });
  }

  /** The worker of an id; one that checked in elsewhere a moment ago is found after catching up; else 404. */
  private CompletableFuture<WorkerState> worker(String workerId) {
    return views.find(() -> views.workers.byId(workerId), List.of(Topics.WORKERS))
        .thenApply(worker -> worker.orElseThrow(() -> new HordeError(404, "WorkerNotFound",
            "Worker with ID '" + workerId + "' not found.")));
  }

  /** The name asked for, cleaned as a pop cleans it (so the worker's pops still find it); 5..100 after that. */
  private static String name(JsonNode json) {
    String asked = Bodies.text(json, "name", null);
    if (asked == null) {
      return null;
    }
    String name = Workers.cleanName(asked);
    if (name.length() < 5) {
      throw new InvalidPayload(Map.of("name", PyRepr.ofString(name) + " is too short"));
    }
    return name;
  }
}
