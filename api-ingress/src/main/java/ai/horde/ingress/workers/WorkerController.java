package ai.horde.ingress.workers;

import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.workers.WorkerBodies.DeletedWorker;
import ai.horde.ingress.workers.WorkerBodies.ModifyWorker;
import ai.horde.ingress.workers.WorkerBodies.ModifyWorkerInput;
import ai.horde.ingress.workers.WorkerBodies.WorkerDetails;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The worker endpoints (spec §1.4 W1–W5). Thin: {@link WorkerReads}, {@link WorkerChanges} and the scheduler decide. */
@Tag(name = "workers")
@Controller("/api/v2/workers")
final class WorkerController {
  private static final String KEY_HELP = "A moderator's API key shows privileged details; other keys are ignored.";

  private final JsonBodies bodies;
  private final WorkerReads reads;
  private final WorkerChanges changes;

  WorkerController(JsonBodies bodies, WorkerReads reads, WorkerChanges changes) {
    this.bodies = bodies;
    this.reads = reads;
    this.changes = changes;
  }

  @Operation(operationId = "get_workers", summary = "The workers online (checked in within 5 minutes)")
  @Get(uri = "/", processes = "*/*")
  CompletableFuture<List<WorkerDetails>> list(
      @Parameter(description = KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = "image, text or interrogation") @Nullable @QueryValue("type") String type,
      @Parameter(description = "a worker's name (case-insensitive); wins over type")
      @Nullable @QueryValue("name") String name) {
    return reads.list(apiKey, type, name);
  }

  @Operation(operationId = "get_worker_single", summary = "A worker's details, online or not")
  @Refusals.NotFound
  @Get(uri = "/{id}", processes = "*/*")
  CompletableFuture<WorkerDetails> byId(@Parameter(description = KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @PathVariable("id") String workerId) {
    return reads.byId(apiKey, workerId);
  }

  @Operation(operationId = "get_worker_single_name", summary = "A worker's details by its name, online or not")
  @Refusals.NotFound
  @Get(uri = "/name/{workerName}", processes = "*/*")
  CompletableFuture<WorkerDetails> byName(@Parameter(description = KEY_HELP) @Nullable @Header("apikey")
      String apiKey, @PathVariable("workerName") String workerName) {
    return reads.byName(apiKey, workerName);
  }

  @Operation(operationId = "put_worker_single", summary = "Changes a worker (its owner or a moderator)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = ModifyWorkerInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Put(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<ModifyWorker> modify(@PathVariable("id") String workerId, @Nullable @Body String body,
      @Parameter(description = WorkerChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return changes.modify(workerId, bodies.read(body, ModifyWorkerInput.class), apiKey);
  }

  @Operation(operationId = "delete_worker_single", summary = "Deletes a worker (its owner or a moderator)")
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<DeletedWorker> delete(@PathVariable("id") String workerId,
      @Parameter(description = WorkerChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return changes.delete(workerId, apiKey);
  }
}
