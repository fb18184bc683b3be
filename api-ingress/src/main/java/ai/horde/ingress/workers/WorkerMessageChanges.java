package ai.horde.ingress.workers;

import ai.horde.events.DeleteWorkerMessage;
import ai.horde.events.PostWorkerMessage;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.SimpleResponse;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.workers.WorkerBodies.WorkerMessageDetails;
import ai.horde.ingress.workers.WorkerBodies.WorkerMessageInput;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Posting and deleting worker messages (spec §1.4 W7, W9): the scheduler, which owns the workers, decides who may
 * message which worker and who may delete a message ({@code PostWorkerMessage}, {@code DeleteWorkerMessage});
 * ingress names the message, finds a message to delete (404 when unknown) and answers once this instance shows
 * the change.
 */
@Singleton
final class WorkerMessageChanges {
  static final String API_KEY_HELP = "User API key.";

  private final Decisions decisions;
  private final Identities identities;
  private final HordeViews views;
  private final WorkerMessageReads reads;

  WorkerMessageChanges(Decisions decisions, Identities identities, HordeViews views, WorkerMessageReads reads) {
    this.decisions = decisions;
    this.identities = identities;
    this.views = views;
    this.reads = reads;
  }

  /** W7, after the key was found to be present. */
  CompletableFuture<WorkerMessageDetails> post(WorkerMessageInput input, String apiKey) {
    String messageId = UUID.randomUUID().toString();
    PostWorkerMessage.Builder post = PostWorkerMessage.newBuilder().setMessageId(messageId)
        .setMessage(input.message()).setOrigin(input.origin());
    if (input.expiry() != null) {
      // Left out, the command's default (12 hours) applies; the reference crashes there instead.
      post.setExpiryHours(input.expiry());
    }
    String workerId = Objects.requireNonNullElse(input.workerId(), "");
    return identities.require(apiKey)
        .thenCompose(requester -> decisions.workerMessage(requester, workerId, post.build()))
        .thenApply(answer -> views.workerMessages().byId(messageId)
            .map(message -> WorkerMessageReads.render(message, true))
            .orElseThrow(() -> ApiError.unavailable("The message was sent but is not shown yet; list it later.")));
  }

  /** W9, after the key was found to be present: its sender or a moderator. */
  CompletableFuture<SimpleResponse> delete(String messageId, String apiKey) {
    return identities.require(apiKey).thenCompose(requester -> reads.message(messageId).thenCompose(message ->
        decisions.workerMessage(requester, Objects.requireNonNullElse(message.getWorkerId(), ""),
            new DeleteWorkerMessage(messageId, message.getUserId()))))
        .thenApply(answer -> SimpleResponse.OK);
  }
}
