package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** The text generation endpoints of the AI Horde API v2 (spec §1.1). Thin: the services decide. */
@Tag(name = "generate")
@Controller("/api/v2/generate/text")
final class TextController {
  private final TextRequests requests;
  private final WorkerJobs jobs;

  TextController(TextRequests requests, WorkerJobs jobs) {
    this.requests = requests;
    this.jobs = jobs;
  }

  @Operation(operationId = "post_text_async_generate", summary = "Asks for text to be generated",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.GenerationInputKobold.class))))
  @ApiResponse(responseCode = "202", description = "Queued: read its status with the id", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestAsync.class)))
  @ApiResponse(responseCode = "200", description = "A dry run: the price only", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestAsync.class)))
  @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "Invalid API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "A requested worker does not exist", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "429", description = "Too many requests waiting", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "503", description = "The horde did not answer in time", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Post(uri = "/async", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> async(HttpRequest<?> request, @Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = ApiModels.CLIENT_AGENT_HELP) @Nullable @Header("Client-Agent") String clientAgent) {
    return Responses.answer(() -> requests.accept(body, apiKey, clientAgent == null ? "unknown:0:unknown" : clientAgent,
        ClientAddress.of(request)));
  }

  @Operation(operationId = "get_text_async_status", summary = "The status of a text request, with its texts")
  @ApiResponse(responseCode = "200", description = "The request's status", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestStatusKobold.class)))
  @ApiResponse(responseCode = "404", description = "No such request", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Get(uri = "/status/{id}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> status(@PathVariable String id) {
    return Responses.answer(() -> requests.status(id));
  }

  @Operation(operationId = "delete_text_async_status",
      summary = "Cancels a text request: answers its status, then no more jobs are handed out")
  @ApiResponse(responseCode = "200", description = "The request's status before the cancel", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestStatusKobold.class)))
  @ApiResponse(responseCode = "404", description = "No such request", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Delete(uri = "/status/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> cancel(@PathVariable String id) {
    return Responses.answer(() -> requests.cancel(id));
  }

  @Operation(operationId = "post_text_job_pop", summary = "A worker asks for text jobs",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.PopInputKobold.class))))
  @ApiResponse(responseCode = "200", description = "A job, or none (id null)", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.GenerationPayloadKobold.class)))
  @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "Invalid API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "This user may not run this worker", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Post(uri = "/pop", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> pop(HttpRequest<?> request, @Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> jobs.pop(body, apiKey, ClientAddress.of(request)));
  }

  @Operation(operationId = "post_text_job_submit", summary = "A worker delivers a text job",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.SubmitInputKobold.class))))
  @ApiResponse(responseCode = "200", description = "Delivered", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.GenerationSubmitted.class)))
  @ApiResponse(responseCode = "400", description = "Invalid, duplicate or aborted delivery", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "Invalid API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Not this worker's owner", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such job", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "503", description = "The horde did not answer in time", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Post(uri = "/submit", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> submit(@Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> jobs.submit(body, apiKey));
  }
}
