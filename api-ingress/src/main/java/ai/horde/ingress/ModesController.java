package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** {@code /status/modes} (spec §1.9 M4, M5). Thin: {@link HordeModeChanges} and the registry decide. */
@Tag(name = "status")
@Controller("/api/v2/status/modes")
final class ModesController {
  private final HordeModeChanges modes;

  ModesController(HordeModeChanges modes) {
    this.modes = modes;
  }

  @Operation(operationId = "get_horde_modes", summary = "The horde's modes",
      description = "Raid mode only for a moderator's key; another key is refused")
  @ApiResponse(responseCode = "200", description = "The modes", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.HordeModes.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Not a moderator's key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Get(processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> get(
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> modes.get(apiKey));
  }

  @Operation(operationId = "put_horde_modes", summary = "Sets the horde's modes",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.HordeModesInput.class))))
  @ApiResponse(responseCode = "200", description = "The modes asked for, after the change", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.HordeModes.class)))
  @ApiResponse(responseCode = "400", description = "An invalid body, no API key, or nothing to change", content =
      @Content(mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Not an admin (maintenance) or a moderator", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Put(consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> set(@Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> modes.set(body, apiKey));
  }
}
