package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** Shared keys (spec §1.8 S1–S4). Thin: {@link SharedKeyService} and the registry decide. */
@Tag(name = "sharedkeys")
@Controller("/api/v2/sharedkeys")
final class SharedKeyController {
  private final SharedKeyService keys;

  SharedKeyController(SharedKeyService keys) {
    this.keys = keys;
  }

  @Operation(operationId = "put_shared_key", summary = "Creates a shared key, handed out once in its id",
      requestBody = @RequestBody(content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.SharedKeyInput.class))))
  @ApiResponse(responseCode = "200", description = "The new key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.SharedKeyDetails.class)))
  @ApiResponse(responseCode = "400", description = "An invalid body, or no API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "The anonymous user, or too many keys", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Put(consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> create(@Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> keys.create(body, apiKey));
  }

  @Operation(operationId = "get_shared_key_single", summary = "A shared key's details")
  @ApiResponse(responseCode = "200", description = "The key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.SharedKeyDetails.class)))
  @ApiResponse(responseCode = "401", description = "No such key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Get(uri = "/{id}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> get(@PathVariable String id) {
    return Responses.answer(() -> keys.get(id));
  }

  @Operation(operationId = "patch_shared_key_single", summary = "Changes a shared key (its owner only)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.SharedKeyInput.class))))
  @ApiResponse(responseCode = "200", description = "The key after the change", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.SharedKeyDetails.class)))
  @ApiResponse(responseCode = "400", description = "An invalid body, no API key, or nothing to change", content =
      @Content(mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "No user has this API key, or no such shared key", content =
      @Content(mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Another user's key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Patch(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> change(@PathVariable String id, @Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> keys.change(id, body, apiKey));
  }

  @Operation(operationId = "delete_shared_key_single", summary = "Deletes a shared key (its owner only)")
  @ApiResponse(responseCode = "200", description = "Deleted", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.SimpleResponse.class)))
  @ApiResponse(responseCode = "400", description = "No API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "No user has this API key, or no such shared key", content =
      @Content(mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Another user's key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> delete(@PathVariable String id,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> keys.delete(id, apiKey));
  }
}
