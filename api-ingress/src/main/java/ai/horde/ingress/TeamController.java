package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
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

/** Team changes (spec §1.6 TM2, TM4, TM5). Thin: {@link TeamChanges} and the registry decide. */
@Tag(name = "teams")
@Controller("/api/v2/teams")
final class TeamController {
  private final TeamChanges teams;

  TeamController(TeamChanges teams) {
    this.teams = teams;
  }

  @Operation(operationId = "post_teams", summary = "Creates a team (trusted users only)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.CreateTeamInput.class))))
  @ApiResponse(responseCode = "200", description = "The new team", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.ModifyTeam.class)))
  @ApiResponse(responseCode = "400", description = "An invalid body, no API key, or a name taken", content =
      @Content(mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "The anonymous user, or an untrusted one", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Post(consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> create(@Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> teams.create(body, apiKey));
  }

  @Operation(operationId = "patch_team_single", summary = "Changes a team (its owner or a moderator)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.ModifyTeamInput.class))))
  @ApiResponse(responseCode = "200", description = "The changed fields", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.ModifyTeam.class)))
  @ApiResponse(responseCode = "400", description = "An invalid body, no API key, or nothing to change", content =
      @Content(mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Neither its owner nor a moderator", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such team", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Patch(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> change(@PathVariable String id, @Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> teams.change(id, body, apiKey));
  }

  @Operation(operationId = "delete_team_single", summary = "Deletes a team (its owner or a moderator)",
      description = "Its workers are left without a team")
  @ApiResponse(responseCode = "200", description = "Deleted", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.DeletedTeam.class)))
  @ApiResponse(responseCode = "400", description = "No API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Neither its owner nor a moderator", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such team", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> delete(@PathVariable String id,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> teams.delete(id, apiKey));
  }
}
