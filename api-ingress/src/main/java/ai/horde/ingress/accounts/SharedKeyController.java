package ai.horde.ingress.accounts;

import ai.horde.ingress.accounts.SharedKeyBodies.SharedKeyDetails;
import ai.horde.ingress.accounts.SharedKeyBodies.SharedKeyInput;
import ai.horde.ingress.http.InvalidInput;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.http.SimpleResponse;
import io.micronaut.core.annotation.Nullable;
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
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** Shared keys (spec §1.8 S1–S4). Thin: {@link SharedKeys} and the registry decide. */
@Tag(name = "sharedkeys")
@Controller("/api/v2/sharedkeys")
final class SharedKeyController {
  private final JsonBodies bodies;
  private final SharedKeys keys;

  SharedKeyController(JsonBodies bodies, SharedKeys keys) {
    this.bodies = bodies;
    this.keys = keys;
  }

  @Operation(operationId = "put_shared_key", summary = "Creates a shared key, handed out once in its id",
      requestBody = @RequestBody(content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = SharedKeyInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Put(consumes = "*/*", processes = "*/*")
  CompletableFuture<SharedKeyDetails> create(@Nullable @Body String body,
      @Parameter(description = SharedKeys.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    SharedKeyInput input = bodies.readOrEmpty(body, SharedKeyInput.class,
        RequiredHeader.apiKey(apiKey, SharedKeys.API_KEY_HELP));
    return keys.create(input, apiKey);
  }

  @Operation(operationId = "get_shared_key_single", summary = "A shared key's details")
  @Refusals.InvalidKey
  @Get(uri = "/{id}", processes = "*/*")
  CompletableFuture<SharedKeyDetails> get(@PathVariable String id) {
    return keys.get(id);
  }

  @Operation(operationId = "patch_shared_key_single", summary = "Changes a shared key (its owner only)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = SharedKeyInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Patch(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<SharedKeyDetails> change(@PathVariable String id, @Nullable @Body String body,
      @Parameter(description = SharedKeys.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    SharedKeyInput input = bodies.read(body, SharedKeyInput.class,
        RequiredHeader.apiKey(apiKey, SharedKeys.API_KEY_HELP));
    return keys.change(id, input, apiKey);
  }

  @Operation(operationId = "delete_shared_key_single", summary = "Deletes a shared key (its owner only)")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<SimpleResponse> delete(@PathVariable String id,
      @Parameter(description = SharedKeys.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    if (apiKey == null) {
      throw InvalidInput.missingHeader("apikey", SharedKeys.API_KEY_HELP);
    }
    return keys.delete(id, apiKey);
  }
}
