package ai.horde.ingress.workers;

import ai.horde.events.DeleteWorker;
import ai.horde.events.TeamState;
import ai.horde.events.WorkerState;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.InvalidInput;
import ai.horde.ingress.http.Profanity;
import ai.horde.ingress.http.PyRepr;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.Visibility;
import ai.horde.ingress.views.Workers;
import ai.horde.ingress.workers.WorkerBodies.DeletedWorker;
import ai.horde.ingress.workers.WorkerBodies.ModifyWorker;
import ai.horde.ingress.workers.WorkerBodies.ModifyWorkerInput;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code PUT} and {@code DELETE /workers/{id}} (spec §1.4 W3, W4): ingress checks that the worker exists (before
 * anything about the key, as the reference does) and that a named team exists; the scheduler, the single writer
 * of workers, decides permissions and names ({@code WorkerCommand}). Answered once this instance shows the
 * change.
 *
 * <p>Names and info are checked for profanity here, and the team's existence, only for a requester who may
 * change them (for others the scheduler's refusal comes first, as in the reference).
 */
@Singleton
final class WorkerChanges {
  static final String API_KEY_HELP = "The Moderator or Owner API key.";

  private final Decisions decisions;
  private final Identities identities;
  private final HordeViews views;
  private final Visibility visibility;

  WorkerChanges(Decisions decisions, Identities identities, HordeViews views, Visibility visibility) {
    this.decisions = decisions;
    this.identities = identities;
    this.views = views;
    this.visibility = visibility;
  }

  CompletableFuture<ModifyWorker> modify(String workerId, ModifyWorkerInput input, String apiKey) {
    String teamId = input.team();
    ai.horde.events.ModifyWorker modify = new ai.horde.events.ModifyWorker(input.maintenance(),
        input.maintenanceMsg(), input.paused(), input.info(), name(input.name()), teamId);
    return worker(workerId).thenCompose(worker -> {
      if (apiKey == null) {
        throw InvalidInput.missingHeader("apikey", API_KEY_HELP);
      }
      return identities.require(apiKey).thenCompose(requester -> {
        boolean ownerOrMod = requester.getModerator() || requester.getUserId() == worker.getOwnerUserId();
        if (ownerOrMod) {
          Profanity.refuse(modify.getInfo(), "worker info", "ProfaneWorkerInfo");
          Profanity.refuse(modify.getName(), "worker name", "ProfaneWorkerName");
        }
        CompletableFuture<Void> teamKnown = teamId == null || teamId.isEmpty() || !ownerOrMod
            ? CompletableFuture.completedFuture(null)
            : visibility.find(() -> views.teams().get(teamId), List.of(Topics.TEAMS)).thenAccept(team ->
                team.orElseThrow(() -> TeamChanges.notFound(teamId)));
        return teamKnown.thenCompose(known -> decisions.worker(requester, workerId, modify));
      });
    }).thenApply(answer -> {
      WorkerState after = views.workers().byId(workerId).orElse(null);
      return new ModifyWorker(
          modify.getMaintenance() == null ? null : after == null ? modify.getMaintenance() : after.getMaintenance(),
          modify.getPaused() == null ? null : after == null ? modify.getPaused() : after.getPaused(),
          modify.getInfo() == null ? null : after == null ? modify.getInfo() : after.getInfo(),
          modify.getName() == null ? null : answer.getName(),
          // The reference answers the team's name, or the string "None" for no team.
          teamId == null ? null : teamId.isEmpty() ? "None"
              : views.teams().get(teamId).map(TeamState::getName).orElse("None"));
    });
  }

  CompletableFuture<DeletedWorker> delete(String workerId, String apiKey) {
    return worker(workerId).thenCompose(worker -> {
      if (apiKey == null) {
        // The reference crashes here (500, spec W4); a missing key is answered as an invalid one.
        throw ApiError.invalidApiKey();
      }
      return identities.require(apiKey)
          .thenCompose(requester -> decisions.worker(requester, workerId, new DeleteWorker()))
          .thenApply(answer -> new DeletedWorker(workerId, answer.getName()));
    });
  }

  /** The worker of an id; one that checked in elsewhere a moment ago is found after catching up; else 404. */
  private CompletableFuture<WorkerState> worker(String workerId) {
    return visibility.find(() -> views.workers().byId(workerId), List.of(Topics.WORKERS))
        .thenApply(worker -> worker.orElseThrow(() -> WorkerReads.notFound(workerId)));
  }

  /** The name asked for, cleaned as a pop cleans it (so the worker's pops still find it); 5..100 after that. */
  private static String name(String asked) {
    if (asked == null) {
      return null;
    }
    String name = Workers.cleanName(asked);
    if (name.length() < 5) {
      throw InvalidInput.of("name", PyRepr.ofString(name) + " is too short");
    }
    return name;
  }
}
