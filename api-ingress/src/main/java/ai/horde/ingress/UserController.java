package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** Users, who-am-I, and the test bootstrap route (spec §1.5 U1–U5, §0.12). Thin: {@link UserAccounts} decides. */
@Tag(name = "users")
@Controller("/api/v2")
final class UserController {
  private final UserAccounts users;
  private final TestUsers testUsers;

  UserController(UserAccounts users, TestUsers testUsers) {
    this.users = users;
    this.testUsers = testUsers;
  }

  @Operation(operationId = "get_find_user", summary = "The user of an API key")
  @ApiResponse(responseCode = "200", description = "The user, as it sees itself", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.UserDetails.class)))
  @ApiResponse(responseCode = "401", description = "No API key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Get(uri = "/find_user", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> findUser(
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> users.findUser(apiKey));
  }

  @Operation(operationId = "get_users", summary = "A page of users, as anyone sees them",
      description = "25 a page, by kudos (descending) or by age (sort=age)")
  @ApiResponse(responseCode = "200", description = "The users", content = @Content(mediaType = ApiModels.JSON,
      array = @ArraySchema(schema = @Schema(implementation = ApiModels.UserDetails.class))))
  @ApiResponse(responseCode = "400", description = "A page that is not a number", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @Get(uri = "/users", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> list(@Nullable @QueryValue("page") String page,
      @Nullable @QueryValue("sort") String sort) {
    return Responses.answer(() -> users.list(page, sort));
  }

  @Operation(operationId = "get_user_single", summary = "A user's details",
      description = "Level 2 to a moderator's key, 1 to the user's own, else 0")
  @ApiResponse(responseCode = "200", description = "The user", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.UserDetails.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such user", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Get(uri = "/users/{id}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> get(@PathVariable String id,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> users.get(id, apiKey));
  }

  @Operation(operationId = "put_user_single", summary = "Changes a user",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = ApiModels.JSON,
          schema = @Schema(implementation = ApiModels.ModifyUserInput.class))))
  @ApiResponse(responseCode = "200", description = "The changed fields", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.ModifyUser.class)))
  @ApiResponse(responseCode = "400", description = "An invalid body, or nothing to change", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestValidationError.class)))
  @ApiResponse(responseCode = "401", description = "No user has this key", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Not allowed to change this", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such user", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Put(uri = "/users/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> change(@PathVariable String id, @Nullable @Body String body,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> users.change(id, body, apiKey));
  }

  @Operation(operationId = "delete_user_single", summary = "Deletes a user",
      description = "The first call marks the user deleted; a second one wipes it after 30 days of inactivity")
  @ApiResponse(responseCode = "200", description = "Deleted", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.SimpleResponse.class)))
  @ApiResponse(responseCode = "401", description = "No key, or no user has it", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "403", description = "Neither the user nor a moderator, or a moderator", content =
      @Content(mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @ApiResponse(responseCode = "404", description = "No such user", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.RequestError.class)))
  @Delete(uri = "/users/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> delete(@PathVariable String id,
      @Parameter(description = ApiModels.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> users.delete(id, apiKey));
  }

  @Hidden // a test harness route, on only with HORDE_TEST_APIKEYS
  @Post(uri = "/dev/test-user", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> testUser(HttpRequest<?> request, @Nullable @Body String body) {
    return Responses.answer(() -> testUsers.create(body, request.getRemoteAddress()));
  }

}
