package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/**
 * The worker reads, spec §1.4 W1, W2, W5 (see {@link WorkerReads}). The path variable is named as in
 * {@link WorkerController}, so that the document has one path for both.
 */
@Tag(name = "workers")
@Controller("/api/v2/workers")
final class WorkerReadController {
  private static final String KEY_HELP = "A moderator's API key shows privileged details; other keys are ignored.";

  private final WorkerReads reads;

  WorkerReadController(WorkerReads reads) {
    this.reads = reads;
  }

  @Operation(operationId = "get_workers", summary = "The workers online (checked in within 5 minutes)")
  @ApiResponse(responseCode = "200", description = "The workers", content = @Content(mediaType = ApiModels.JSON,
      array = @ArraySchema(schema = @Schema(implementation = ApiModels.WorkerDetails.class))))
  @Get(uri = "/", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> list(
      @Parameter(description = KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = "image, text or interrogation") @Nullable @QueryValue("type") String type,
      @Parameter(description = "a worker's name (case-insensitive); wins over type")
      @Nullable @QueryValue("name") String name) {
    return Responses.answer(() -> reads.list(apiKey, type, name));
  }

  @Operation(operationId = "get_worker_single", summary = "A worker's details, online or not")
  @ApiResponse(responseCode = "200", description = "The worker", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.WorkerDetails.class)))
  @ApiResponse(responseCode = "404", description = "No such worker", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Get(uri = "/{id}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> byId(
      @Parameter(description = KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @PathVariable("id") String workerId) {
    return Responses.answer(() -> reads.byId(apiKey, workerId));
  }

  @Operation(operationId = "get_worker_single_name", summary = "A worker's details by its name, online or not")
  @ApiResponse(responseCode = "200", description = "The worker", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.WorkerDetails.class)))
  @ApiResponse(responseCode = "404", description = "No such worker", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Get(uri = "/name/{workerName}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> byName(
      @Parameter(description = KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @PathVariable("workerName") String workerName) {
    return Responses.answer(() -> reads.byName(apiKey, workerName));
  }
}
