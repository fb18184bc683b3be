package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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
 * The status reads besides the heartbeat: models (spec §1.9 M1, M2), performance (M3), news (M6) and, ours,
 * the projection lag (see {@link HordeStatusReads}, {@link News}). Query arguments arrive as text so that a bad
 * one gets the reference's error rather than the framework's.
 */
@Tag(name = "status")
@Controller("/api/v2/status")
final class StatusReadController {
  private final HordeStatusReads reads;
  private final News news;

  StatusReadController(HordeStatusReads reads, News news) {
    this.reads = reads;
    this.news = news;
  }

  @Operation(operationId = "get_models", summary = "The models the online workers serve")
  @ApiResponse(responseCode = "200", description = "The models", content = @Content(mediaType = ApiModels.JSON,
      array = @ArraySchema(schema = @Schema(implementation = ApiModels.ActiveModel.class))))
  @ApiResponse(responseCode = "400", description = "An invalid count or model_state", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @Get(uri = "/models", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> models(
      @Parameter(description = "image (the default) or text") @Nullable @QueryValue("type") String type,
      @Parameter(description = ModelsQuery.MIN_COUNT_HELP) @Nullable @QueryValue("min_count") String minCount,
      @Parameter(description = ModelsQuery.MAX_COUNT_HELP) @Nullable @QueryValue("max_count") String maxCount,
      @Parameter(description = "known, custom or all (the default)")
      @Nullable @QueryValue("model_state") String modelState) {
    return Responses.answer(() -> CompletableFuture.completedFuture(
        reads.models(ModelsQuery.parse(type, minCount, maxCount, modelState))));
  }

  @Operation(operationId = "get_model_single", summary = "One model, when the online workers serve it",
      description = "A list of one entry, or empty (models unknown to the model reference are not looked up)")
  @ApiResponse(responseCode = "200", description = "The model", content = @Content(mediaType = ApiModels.JSON,
      array = @ArraySchema(schema = @Schema(implementation = ApiModels.ActiveModel.class))))
  @Get(uri = "/models/{modelName}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> model(@PathVariable("modelName") String modelName) {
    return Responses.answer(() -> CompletableFuture.completedFuture(reads.model(modelName)));
  }

  @Operation(operationId = "get_horde_load", summary = "The horde's load")
  @ApiResponse(responseCode = "200", description = "The load", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.HordePerformance.class)))
  @Get(uri = "/performance", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> performance() {
    return Responses.answer(reads::performance);
  }

  @Operation(operationId = "get_horde_news", summary = "The horde's news, newest first")
  @ApiResponse(responseCode = "200", description = "The news", content = @Content(mediaType = ApiModels.JSON,
      array = @ArraySchema(schema = @Schema(implementation = ApiModels.Newspiece.class))))
  @Get(uri = "/news", processes = "*/*")
  MutableHttpResponse<String> news() {
    return Responses.ok(news.all());
  }

  @Operation(operationId = "get_projections", summary = "The read models' projection lag (not the reference's)")
  @ApiResponse(responseCode = "200", description = "Each read model's lag", content = @Content(
      mediaType = ApiModels.JSON,
      array = @ArraySchema(schema = @Schema(implementation = ApiModels.ProjectionStatus.class))))
  @Get(uri = "/projections", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> projections() {
    return Responses.answer(reads::projections);
  }
}
