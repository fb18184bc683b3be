package ai.horde.ingress.workers;

import ai.horde.ingress.http.InvalidInput;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.workers.WorkerBodies.CreateTeamInput;
import ai.horde.ingress.workers.WorkerBodies.DeletedTeam;
import ai.horde.ingress.workers.WorkerBodies.ModifyTeam;
import ai.horde.ingress.workers.WorkerBodies.ModifyTeamInput;
import ai.horde.ingress.workers.WorkerBodies.TeamDetails;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The team endpoints (spec §1.6 TM1–TM5). Thin: {@link TeamReads}, {@link TeamChanges} and the registry decide. */
@Tag(name = "teams")
@Controller("/api/v2/teams")
final class TeamController {
  private final JsonBodies bodies;
  private final TeamReads reads;
  private final TeamChanges changes;

  TeamController(JsonBodies bodies, TeamReads reads, TeamChanges changes) {
    this.bodies = bodies;
    this.reads = reads;
    this.changes = changes;
  }

  @Operation(operationId = "get_teams", summary = "Every team")
  @Get(uri = "/", processes = "*/*")
  CompletableFuture<List<TeamDetails>> list() {
    return reads.list();
  }

  @Operation(operationId = "get_team_single", summary = "A team's details",
      description = "An API key, if given, must be a moderator's")
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Get(uri = "/{id}", processes = "*/*")
  CompletableFuture<TeamDetails> byId(@Parameter(description = "A moderator's API key") @Nullable
      @Header("apikey") String apiKey, @PathVariable("id") String teamId) {
    return reads.byId(apiKey, teamId);
  }

  @Operation(operationId = "post_teams", summary = "Creates a team (trusted users only)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = CreateTeamInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Post(consumes = "*/*", processes = "*/*")
  CompletableFuture<ModifyTeam> create(@Nullable @Body String body,
      @Parameter(description = TeamChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    CreateTeamInput input = bodies.read(body, CreateTeamInput.class,
        RequiredHeader.apiKey(apiKey, TeamChanges.API_KEY_HELP));
    return changes.create(input, apiKey);
  }

  @Operation(operationId = "patch_team_single", summary = "Changes a team (its owner or a moderator)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = ModifyTeamInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Patch(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<ModifyTeam> change(@PathVariable("id") String teamId, @Nullable @Body String body,
      @Parameter(description = TeamChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    ModifyTeamInput input = bodies.read(body, ModifyTeamInput.class,
        RequiredHeader.apiKey(apiKey, TeamChanges.API_KEY_HELP));
    return changes.change(teamId, input, apiKey);
  }

  @Operation(operationId = "delete_team_single", summary = "Deletes a team (its owner or a moderator)")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<DeletedTeam> delete(@PathVariable("id") String teamId,
      @Parameter(description = TeamChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    if (apiKey == null) {
      throw InvalidInput.missingHeader("apikey", TeamChanges.API_KEY_HELP);
    }
    return changes.delete(teamId, apiKey);
  }
}
