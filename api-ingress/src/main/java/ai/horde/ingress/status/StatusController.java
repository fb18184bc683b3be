package ai.horde.ingress.status;

import ai.horde.ingress.http.HordeVersion;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.kafka.CommandGateway;
import ai.horde.ingress.status.StatusBodies.ActiveModel;
import ai.horde.ingress.status.StatusBodies.HordeHeartbeat;
import ai.horde.ingress.status.StatusBodies.HordeModes;
import ai.horde.ingress.status.StatusBodies.HordeModesInput;
import ai.horde.ingress.status.StatusBodies.HordePerformance;
import ai.horde.ingress.status.StatusBodies.Newspiece;
import ai.horde.ingress.status.StatusBodies.ProjectionStatus;
import ai.horde.ingress.views.ViewSync;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
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

/**
 * The status endpoints (spec §1.9 M1–M6) and, ours, the projection lag. Query arguments arrive as text so that a
 * bad one gets the reference's error rather than the framework's.
 */
@Tag(name = "status")
@Controller("/api/v2/status")
final class StatusController {
  private final JsonBodies bodies;
  private final HordeStatusReads reads;
  private final HordeModeChanges modes;
  private final News news;
  private final ViewSync views;
  private final CommandGateway gateway;

  StatusController(JsonBodies bodies, HordeStatusReads reads, HordeModeChanges modes, News news, ViewSync views,
      CommandGateway gateway) {
    this.bodies = bodies;
    this.reads = reads;
    this.modes = modes;
    this.news = news;
    this.views = views;
    this.gateway = gateway;
  }

  /** Always 200; {@code DOWN} when this node can no longer read the horde's state or its replies. */
  @Operation(operationId = "get_heartbeat", summary = "If this loads, this node is available")
  @Get(uri = "/heartbeat", processes = "*/*")
  HordeHeartbeat heartbeat() {
    boolean live = views.live() && gateway.live();
    return new HordeHeartbeat(live ? "OK" : "DOWN", HordeVersion.VERSION, 0, Runtime.getRuntime().availableProcessors(),
        Thread.activeCount(), live);
  }

  @Operation(operationId = "get_models", summary = "The models the online workers serve")
  @Refusals.BadRequest
  @Get(uri = "/models", processes = "*/*")
  List<ActiveModel> models(
      @Parameter(description = "image (the default) or text") @Nullable @QueryValue("type") String type,
      @Parameter(description = ModelsQuery.MIN_COUNT_HELP) @Nullable @QueryValue("min_count") String minCount,
      @Parameter(description = ModelsQuery.MAX_COUNT_HELP) @Nullable @QueryValue("max_count") String maxCount,
      @Parameter(description = "known, custom or all (the default)")
      @Nullable @QueryValue("model_state") String modelState) {
    return reads.models(ModelsQuery.parse(type, minCount, maxCount, modelState));
  }

  @Operation(operationId = "get_model_single", summary = "One model, when the online workers serve it",
      description = "A list of one entry, or empty (models unknown to the model reference are not looked up)")
  @Get(uri = "/models/{modelName}", processes = "*/*")
  List<ActiveModel> model(@PathVariable("modelName") String modelName) {
    return reads.model(modelName);
  }

  @Operation(operationId = "get_horde_load", summary = "The horde's load")
  @Get(uri = "/performance", processes = "*/*")
  CompletableFuture<HordePerformance> performance() {
    return reads.performance();
  }

  @Operation(operationId = "get_horde_news", summary = "The horde's news, newest first")
  @Get(uri = "/news", processes = "*/*")
  List<Newspiece> news() {
    return news.all();
  }

  @Operation(operationId = "get_projections", summary = "The read models' projection lag (not the reference's)")
  @Get(uri = "/projections", processes = "*/*")
  CompletableFuture<List<ProjectionStatus>> projections() {
    return reads.projections();
  }

  @Operation(operationId = "get_horde_modes", summary = "The horde's modes",
      description = "Raid mode only for a moderator's key; another key is refused")
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Get(uri = "/modes", processes = "*/*")
  CompletableFuture<HordeModes> getModes(@Parameter(description = "A moderator's API key shows the raid mode")
      @Nullable @Header("apikey") String apiKey) {
    return modes.get(apiKey);
  }

  @Operation(operationId = "put_horde_modes", summary = "Sets the horde's modes",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = HordeModesInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Put(uri = "/modes", consumes = "*/*", processes = "*/*")
  CompletableFuture<HordeModes> setModes(@Nullable @Body String body,
      @Parameter(description = HordeModeChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    HordeModesInput input = bodies.read(body, HordeModesInput.class,
        RequiredHeader.apiKey(apiKey, HordeModeChanges.API_KEY_HELP));
    return modes.set(input, apiKey);
  }
}
