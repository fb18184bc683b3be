package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** Kudos transfers and awards (spec §1.7 K1, K2). Thin: {@link KudosMoves} and the ledger decide. */
@Tag(name = "kudos")
@Controller("/api/v2/kudos")
final class KudosController {
  private final KudosMoves moves;

  KudosController(KudosMoves moves) {
    this.moves = moves;
  }

  @Operation(operationId = "post_transfer_kudos", summary = "Gives kudos to another user",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.KudosTransferInput.class))))
  @ApiResponse(responseCode = "200", description = "Transferred", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.KudosTransferred.class)))
  @ApiResponse(responseCode = "400", description = "Invalid or refused transfer", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "Invalid API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "503", description = "The horde did not answer in time", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Post(uri = "/transfer", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> transfer(@Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = "Retries with the same key move the kudos once")
      @Nullable @Header("Idempotency-Key") String idempotencyKey) {
    return Responses.answer(() -> moves.transfer(body, apiKey, idempotencyKey));
  }

  @Operation(operationId = "post_award_kudos", summary = "Awards kudos out of nothing (user 1 only)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.KudosTransferInput.class))))
  @ApiResponse(responseCode = "200", description = "Awarded", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.KudosAwarded.class)))
  @ApiResponse(responseCode = "400", description = "Invalid award", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "Invalid API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Not allowed to award", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "503", description = "The horde did not answer in time", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Post(uri = "/award", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> award(@Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> moves.award(body, apiKey));
  }
}
