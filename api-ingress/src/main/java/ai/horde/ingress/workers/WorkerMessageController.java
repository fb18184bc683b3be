package ai.horde.ingress.workers;

import ai.horde.ingress.http.InvalidInput;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.http.SimpleResponse;
import ai.horde.ingress.workers.WorkerBodies.WorkerMessageDetails;
import ai.horde.ingress.workers.WorkerBodies.WorkerMessageInput;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The worker message endpoints (spec §1.4 W6–W9). Thin: {@link WorkerMessageReads}, {@link WorkerMessageChanges}
 * and the scheduler decide.
 */
@Tag(name = "workers")
@Controller("/api/v2/workers/messages")
final class WorkerMessageController {
  private final JsonBodies bodies;
  private final WorkerMessageReads reads;
  private final WorkerMessageChanges changes;

  WorkerMessageController(JsonBodies bodies, WorkerMessageReads reads, WorkerMessageChanges changes) {
    this.bodies = bodies;
    this.reads = reads;
    this.changes = changes;
  }

  @Operation(operationId = "get_worker_messages", summary = "Worker messages (a non-moderator's own), 50 a page")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Get(uri = "/", processes = "*/*")
  CompletableFuture<List<WorkerMessageDetails>> list(
      @Parameter(description = WorkerMessageChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = WorkerMessageReads.USER_ID_HELP) @Nullable @QueryValue("user_id") String userId,
      @Parameter(description = "Filter the messages by worker id.") @Nullable @QueryValue("worker_id")
      String workerId,
      @Parameter(description = "active (the default), expired or all") @Nullable @QueryValue("validity")
      String validity,
      @Parameter(description = "Which page of results to return. Each page has 50 messages.")
      @Nullable @QueryValue("page") String page) {
    requireKey(apiKey);
    return reads.list(apiKey, userId, workerId, validity, page);
  }

  @Operation(operationId = "post_worker_messages", summary = "Sends a message to a worker's owner",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = WorkerMessageInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Post(uri = "/", consumes = "*/*", processes = "*/*")
  CompletableFuture<WorkerMessageDetails> post(@Nullable @Body String body,
      @Parameter(description = WorkerMessageChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    WorkerMessageInput input = bodies.read(body, WorkerMessageInput.class,
        RequiredHeader.apiKey(apiKey, WorkerMessageChanges.API_KEY_HELP));
    return changes.post(input, apiKey);
  }

  @Operation(operationId = "get_worker_message_single", summary = "A worker message")
  @Refusals.NotFound
  @Get(uri = "/{id}", processes = "*/*")
  CompletableFuture<WorkerMessageDetails> byId(@PathVariable("id") String messageId) {
    return reads.byId(messageId);
  }

  @Operation(operationId = "delete_worker_message_single", summary = "Deletes a worker message (its sender or a "
      + "moderator)")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<SimpleResponse> delete(@PathVariable("id") String messageId,
      @Parameter(description = WorkerMessageChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    requireKey(apiKey);
    return changes.delete(messageId, apiKey);
  }

  private static void requireKey(@Nullable String apiKey) {
    if (apiKey == null) {
      throw InvalidInput.missingHeader("apikey", WorkerMessageChanges.API_KEY_HELP);
    }
  }
}
