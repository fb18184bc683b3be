package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** Worker changes (spec §1.4 W3, W4). Thin: {@link WorkerChanges} and the scheduler decide. */
@Tag(name = "workers")
@Controller("/api/v2/workers")
final class WorkerController {
  private final WorkerChanges workers;

  WorkerController(WorkerChanges workers) {
    this.workers = workers;
  }

  @Operation(operationId = "put_worker_single", summary = "Changes a worker (its owner or a moderator)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.ModifyWorkerInput.class))))
  @ApiResponse(responseCode = "200", description = "The changed fields", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.ModifyWorker.class)))
  @ApiResponse(responseCode = "400", description = "An invalid body, no API key, or nothing to change", content =
      @Content(mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Neither its owner nor a moderator", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such worker, or no such team", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Put(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> modify(@PathVariable String id, @Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> workers.modify(id, body, apiKey));
  }

  @Operation(operationId = "delete_worker_single", summary = "Deletes a worker (its owner or a moderator)")
  @ApiResponse(responseCode = "200", description = "Deleted", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.DeletedWorker.class)))
  @ApiResponse(responseCode = "401", description = "No key, or no user has it", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Neither its owner nor a moderator", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such worker", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> delete(@PathVariable String id,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> workers.delete(id, apiKey));
  }
}
