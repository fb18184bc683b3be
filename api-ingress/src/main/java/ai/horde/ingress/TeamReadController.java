package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/**
 * The team reads, spec §1.6 TM1 and TM3 (see {@link TeamReads}). The path variable is named as in
 * {@link TeamController}, so that the document has one path for both.
 */
@Tag(name = "teams")
@Controller("/api/v2/teams")
final class TeamReadController {
  private final TeamReads reads;

  TeamReadController(TeamReads reads) {
    this.reads = reads;
  }

  @Operation(operationId = "get_teams", summary = "Every team")
  @ApiResponse(responseCode = "200", description = "The teams", content = @Content(mediaType = ApiModels.JSON,
      array = @ArraySchema(schema = @Schema(implementation = ApiModels.TeamDetails.class))))
  @Get(uri = "/", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> list() {
    return Responses.answer(reads::list);
  }

  @Operation(operationId = "get_team_single", summary = "A team's details",
      description = "An API key, if given, must be a moderator's")
  @ApiResponse(responseCode = "200", description = "The team", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.TeamDetails.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Not a moderator's key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such team", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Get(uri = "/{id}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> byId(
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @PathVariable("id") String teamId) {
    return Responses.answer(() -> reads.byId(apiKey, teamId));
  }
}
