package ai.horde.ingress.alchemy;

import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationPopInput;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationPopPayload;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationStatus;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationSubmitInput;
import ai.horde.ingress.alchemy.AlchemyBodies.ModelInterrogationInputStable;
import ai.horde.ingress.alchemy.AlchemyBodies.RequestInterrogationResponse;
import ai.horde.ingress.http.ClientAddress;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.intake.IntakeBodies.GenerationSubmitted;
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

/**
 * The alchemy endpoints of the AI Horde API v2 (spec §1.3): interrogations of an image and the alchemists that
 * serve their forms. Thin: it reads the bodies; the services decide.
 */
@Tag(name = "interrogate")
@Controller("/api/v2/interrogate")
final class AlchemyController {
  /** The reference parsers' help texts of the {@code apikey} header, which start its "missing" errors. */
  static final String REQUESTER_KEY_HELP = "A User API key";
  static final String WORKER_KEY_HELP = "The API Key corresponding to a registered user";
  static final String OWNER_KEY_HELP = "The worker's owner API key";

  private final JsonBodies bodies;
  private final AlchemyRequests requests;
  private final AlchemyStatuses statuses;
  private final AlchemyJobs jobs;
  private final PublicUrl publicUrl;
  private final ClientAddress clientAddress;

  AlchemyController(JsonBodies bodies, AlchemyRequests requests, AlchemyStatuses statuses, AlchemyJobs jobs,
      PublicUrl publicUrl, ClientAddress clientAddress) {
    this.bodies = bodies;
    this.requests = requests;
    this.statuses = statuses;
    this.jobs = jobs;
    this.publicUrl = publicUrl;
    this.clientAddress = clientAddress;
  }

  @Operation(operationId = "post_interrogate", summary = "Asks for an image to be interrogated",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = ModelInterrogationInputStable.class))))
  @ApiResponse(responseCode = "202", description = "Queued: read its status with the id", content = @Content(
      mediaType = "application/json", schema = @Schema(implementation = RequestInterrogationResponse.class)))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.TooMany
  @Refusals.Unavailable
  @Post(uri = "/async", consumes = "*/*", processes = "*/*")
  CompletableFuture<HttpResponse<RequestInterrogationResponse>> async(HttpRequest<?> request,
      @Nullable @Body String body,
      @Parameter(description = REQUESTER_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = "The client's name:version:contact.") @Nullable @Header("Client-Agent")
      String clientAgent) {
    var sent = bodies.parse(body, ModelInterrogationInputStable.class,
        RequiredHeader.apiKey(apiKey, REQUESTER_KEY_HELP));
    return requests.accept(sent.value(), sent.json(), apiKey,
        clientAgent == null ? "unknown:0:unknown" : clientAgent, clientAddress.of(request));
  }

  @Operation(operationId = "get_interrogation_status", summary = "The status of an interrogation, with its results")
  @Refusals.NotFound
  @Get(uri = "/status/{id}", processes = "*/*")
  CompletableFuture<InterrogationStatus> status(HttpRequest<?> request, @PathVariable String id) {
    return statuses.status(id, publicUrl.of(request));
  }

  @Operation(operationId = "delete_interrogation_status",
      summary = "Cancels an interrogation: answers its status, its unfinished forms cancelled")
  @Refusals.NotFound
  @Delete(uri = "/status/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<InterrogationStatus> cancel(HttpRequest<?> request, @PathVariable String id) {
    return statuses.cancel(id, publicUrl.of(request));
  }

  @Operation(operationId = "post_interrogate_pop", summary = "An alchemist asks for interrogation forms",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = InterrogationPopInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Post(uri = "/pop", consumes = "*/*", processes = "*/*")
  CompletableFuture<InterrogationPopPayload> pop(HttpRequest<?> request, @Nullable @Body String body,
      @Parameter(description = WORKER_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    InterrogationPopInput input = bodies.read(body, InterrogationPopInput.class,
        RequiredHeader.apiKey(apiKey, WORKER_KEY_HELP));
    return jobs.pop(input, apiKey, clientAddress.of(request), publicUrl.of(request));
  }

  @Operation(operationId = "post_interrogate_submit", summary = "An alchemist delivers the result of a form",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = InterrogationSubmitInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Refusals.Unavailable
  @Post(uri = "/submit", consumes = "*/*", processes = "*/*")
  CompletableFuture<GenerationSubmitted> submit(@Nullable @Body String body,
      @Parameter(description = OWNER_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    var sent = bodies.parse(body, InterrogationSubmitInput.class, RequiredHeader.apiKey(apiKey, OWNER_KEY_HELP));
    return jobs.submit(sent.value(), sent.json().get("result"), apiKey);
  }
}
