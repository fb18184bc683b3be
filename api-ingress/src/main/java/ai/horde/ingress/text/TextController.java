package ai.horde.ingress.text;

import ai.horde.ingress.http.ClientAddress;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.intake.IntakeBodies.GenerationSubmitted;
import ai.horde.ingress.intake.IntakeBodies.RequestAsync;
import ai.horde.ingress.text.TextBodies.GenerationInputKobold;
import ai.horde.ingress.text.TextBodies.GenerationPayloadKobold;
import ai.horde.ingress.text.TextBodies.PopInputKobold;
import ai.horde.ingress.text.TextBodies.RequestStatusKobold;
import ai.horde.ingress.text.TextBodies.SubmitInputKobold;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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

/** The text generation endpoints of the AI Horde API v2 (spec §1.1). Thin: it reads the bodies; the services decide. */
@Tag(name = "generate")
@Controller("/api/v2/generate/text")
final class TextController {
  static final String API_KEY_HELP = "The API Key corresponding to a registered user.";

  private final JsonBodies bodies;
  private final TextRequests requests;
  private final TextStatuses statuses;
  private final WorkerJobs jobs;
  private final ClientAddress clientAddress;

  TextController(JsonBodies bodies, TextRequests requests, TextStatuses statuses, WorkerJobs jobs,
      ClientAddress clientAddress) {
    this.bodies = bodies;
    this.requests = requests;
    this.statuses = statuses;
    this.jobs = jobs;
    this.clientAddress = clientAddress;
  }

  @Operation(operationId = "post_text_async_generate", summary = "Asks for text to be generated",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = GenerationInputKobold.class))))
  @ApiResponse(responseCode = "202", description = "Queued: read its status with the id", content = @Content(
      mediaType = "application/json", schema = @Schema(implementation = RequestAsync.class)))
  @ApiResponse(responseCode = "200", description = "A dry run: the price only", content = @Content(
      mediaType = "application/json", schema = @Schema(implementation = RequestAsync.class)))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Refusals.TooMany
  @Refusals.Unavailable
  @Post(uri = "/async", consumes = "*/*", processes = "*/*")
  CompletableFuture<HttpResponse<RequestAsync>> async(HttpRequest<?> request, @Nullable @Body String body,
      @Parameter(description = API_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = "The client's name:version:contact.") @Nullable @Header("Client-Agent")
      String clientAgent) {
    var sent = bodies.parse(body, GenerationInputKobold.class, RequiredHeader.apiKey(apiKey, API_KEY_HELP));
    return requests.accept(sent.value(), sent.json().path("params"), apiKey,
        clientAgent == null ? "unknown:0:unknown" : clientAgent, clientAddress.of(request));
  }

  @Operation(operationId = "get_text_async_status", summary = "The status of a text request, with its texts")
  @Refusals.NotFound
  @Get(uri = "/status/{id}", processes = "*/*")
  CompletableFuture<RequestStatusKobold> status(@PathVariable String id) {
    return statuses.status(id);
  }

  @Operation(operationId = "delete_text_async_status",
      summary = "Cancels a text request: answers its status, then no more jobs are handed out")
  @Refusals.NotFound
  @Delete(uri = "/status/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<RequestStatusKobold> cancel(@PathVariable String id) {
    return statuses.cancel(id);
  }

  @Operation(operationId = "post_text_job_pop", summary = "A worker asks for text jobs",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = PopInputKobold.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Post(uri = "/pop", consumes = "*/*", processes = "*/*")
  CompletableFuture<GenerationPayloadKobold> pop(HttpRequest<?> request, @Nullable @Body String body,
      @Parameter(description = API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    PopInputKobold input = bodies.read(body, PopInputKobold.class, RequiredHeader.apiKey(apiKey, API_KEY_HELP));
    return jobs.pop(input, apiKey, clientAddress.of(request));
  }

  @Operation(operationId = "post_text_job_submit", summary = "A worker delivers a text job",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = SubmitInputKobold.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Refusals.Unavailable
  @Post(uri = "/submit", consumes = "*/*", processes = "*/*")
  CompletableFuture<GenerationSubmitted> submit(@Nullable @Body String body,
      @Parameter(description = API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return jobs.submit(bodies.read(body, SubmitInputKobold.class, RequiredHeader.apiKey(apiKey, API_KEY_HELP)),
        apiKey);
  }
}
