package ai.horde.ingress.image;

import ai.horde.ingress.http.ClientAddress;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.image.ImageBodies.AestheticsPayload;
import ai.horde.ingress.image.ImageBodies.GenerationInputStable;
import ai.horde.ingress.image.ImageBodies.GenerationPayloadStable;
import ai.horde.ingress.image.ImageBodies.PopInputStable;
import ai.horde.ingress.image.ImageBodies.RequestStatusCheck;
import ai.horde.ingress.image.ImageBodies.RequestStatusStable;
import ai.horde.ingress.image.ImageBodies.SubmitInputStable;
import ai.horde.ingress.intake.IntakeBodies.GenerationSubmitted;
import ai.horde.ingress.intake.IntakeBodies.RequestAsync;
import ai.horde.ingress.storage.PublicUrl;
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

/** The image generation endpoints of the AI Horde API v2 (spec §1.2). Thin: it reads the bodies; the services decide. */
@Tag(name = "generate")
@Controller("/api/v2/generate")
final class ImageController {
  static final String API_KEY_HELP = "The API Key corresponding to a registered user.";

  private final JsonBodies bodies;
  private final ImageRequests requests;
  private final ImageStatuses statuses;
  private final ImageJobs jobs;
  private final PublicUrl publicUrl;
  private final ClientAddress clientAddress;

  ImageController(JsonBodies bodies, ImageRequests requests, ImageStatuses statuses, ImageJobs jobs,
      PublicUrl publicUrl, ClientAddress clientAddress) {
    this.bodies = bodies;
    this.requests = requests;
    this.statuses = statuses;
    this.jobs = jobs;
    this.publicUrl = publicUrl;
    this.clientAddress = clientAddress;
  }

  @Operation(operationId = "post_async_generate", summary = "Asks for images to be generated",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = GenerationInputStable.class))))
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
    var sent = bodies.parse(body, GenerationInputStable.class, RequiredHeader.apiKey(apiKey, API_KEY_HELP));
    return requests.accept(sent.value(), sent.json(), apiKey, clientAgent == null ? "unknown:0:unknown" : clientAgent,
        clientAddress.of(request));
  }

  @Operation(operationId = "get_async_check", summary = "How an image request progresses, without its images")
  @Refusals.NotFound
  @Get(uri = "/check/{id}", processes = "*/*")
  CompletableFuture<RequestStatusCheck> check(@PathVariable String id) {
    return statuses.check(id);
  }

  @Operation(operationId = "get_async_status", summary = "The status of an image request, with its images")
  @Refusals.NotFound
  @Get(uri = "/status/{id}", processes = "*/*")
  CompletableFuture<RequestStatusStable> status(HttpRequest<?> request, @PathVariable String id) {
    return statuses.status(id, publicUrl.of(request));
  }

  @Operation(operationId = "delete_async_status",
      summary = "Cancels an image request: answers its status, then no more jobs are handed out")
  @Refusals.NotFound
  @Delete(uri = "/status/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<RequestStatusStable> cancel(HttpRequest<?> request, @PathVariable String id) {
    return statuses.cancel(id, publicUrl.of(request));
  }

  @Operation(operationId = "post_aesthetics", summary = "Rates the images of a shared, completed image request",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = AestheticsPayload.class))))
  @Refusals.BadRequest
  @Refusals.NotFound
  @Refusals.Unavailable
  @Post(uri = "/rate/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<GenerationSubmitted> rate(@PathVariable String id, @Nullable @Body String body,
      @Parameter(description = "The client's name:version:contact.") @Nullable @Header("Client-Agent")
      String clientAgent) {
    return statuses.rate(id, bodies.read(body, AestheticsPayload.class),
        clientAgent == null ? "unknown:0:unknown" : clientAgent);
  }

  @Operation(operationId = "post_job_pop", summary = "A dreamer asks for image jobs",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = PopInputStable.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Post(uri = "/pop", consumes = "*/*", processes = "*/*")
  CompletableFuture<GenerationPayloadStable> pop(HttpRequest<?> request, @Nullable @Body String body,
      @Parameter(description = API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    PopInputStable input = bodies.read(body, PopInputStable.class, RequiredHeader.apiKey(apiKey, API_KEY_HELP));
    return jobs.pop(input, apiKey, clientAddress.of(request), publicUrl.of(request));
  }

  @Operation(operationId = "post_job_submit", summary = "A dreamer delivers an image job",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = SubmitInputStable.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Refusals.Unavailable
  @Post(uri = "/submit", consumes = "*/*", processes = "*/*")
  CompletableFuture<GenerationSubmitted> submit(@Nullable @Body String body,
      @Parameter(description = API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return jobs.submit(bodies.read(body, SubmitInputStable.class, RequiredHeader.apiKey(apiKey, API_KEY_HELP)),
        apiKey);
  }
}
