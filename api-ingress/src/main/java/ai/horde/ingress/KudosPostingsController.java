package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/v2/kudos/postings?page=&limit=&user_id=}: a user's kudos journal, newest first (see
 * {@link KudosPostings}; it lags the ledger by the projection's delay). The arguments arrive as text so that
 * a bad one gets the reference's validation error rather than the framework's.
 */
@Tag(name = "kudos")
@Controller("/api/v2/kudos")
final class KudosPostingsController {
  private final KudosPostings postings;

  KudosPostingsController(KudosPostings postings) {
    this.postings = postings;
  }

  @Operation(operationId = "get_kudos_postings", summary = "A user's kudos journal, newest first")
  @ApiResponse(responseCode = "200", description = "A page of the journal", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.KudosPostings.class)))
  @ApiResponse(responseCode = "400", description = "Invalid arguments", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "Invalid API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Only moderators read other users' journals", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such user", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "503", description = "The journal cannot be read now", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Get(uri = "/postings", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> postings(
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = "The page, from 1", schema = @Schema(type = "integer", defaultValue = "1"))
      @Nullable @QueryValue("page") String page,
      @Parameter(description = "Postings per page", schema = @Schema(type = "integer"))
      @Nullable @QueryValue("limit") String limit,
      @Parameter(description = "Whose journal (moderators only); the caller's when left out",
          schema = @Schema(type = "integer")) @Nullable @QueryValue("user_id") String userId) {
    return Responses.answer(() -> postings.read(apiKey, page, limit, userId));
  }
}
