package ai.horde.ingress.accounts;

import ai.horde.ingress.accounts.UserBodies.ModifyUser;
import ai.horde.ingress.accounts.UserBodies.ModifyUserInput;
import ai.horde.ingress.accounts.UserBodies.TestUser;
import ai.horde.ingress.accounts.UserBodies.TestUserInput;
import ai.horde.ingress.accounts.UserBodies.UserDetails;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.http.SimpleResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Users, who-am-I, and the test bootstrap route (spec §1.5 U1–U5, §0.12). Thin: {@link UserAccounts} decides. */
@Tag(name = "users")
@Controller("/api/v2")
final class UserController {
  private static final String API_KEY_HELP = "The user's API key; 0000000000 is the anonymous user.";

  private final JsonBodies bodies;
  private final UserAccounts users;
  private final TestUsers testUsers;

  UserController(JsonBodies bodies, UserAccounts users, TestUsers testUsers) {
    this.bodies = bodies;
    this.users = users;
    this.testUsers = testUsers;
  }

  @Operation(operationId = "get_find_user", summary = "The user of an API key")
  @Refusals.InvalidKey
  @Refusals.NotFound
  @Get(uri = "/find_user", processes = "*/*")
  CompletableFuture<UserDetails> findUser(@Parameter(description = API_KEY_HELP) @Nullable @Header("apikey")
      String apiKey) {
    return users.findUser(apiKey);
  }

  @Operation(operationId = "get_users", summary = "A page of users, as anyone sees them",
      description = "25 a page, by kudos (descending) or by age (sort=age)")
  @Refusals.BadRequest
  @Get(uri = "/users", processes = "*/*")
  CompletableFuture<List<UserDetails>> list(@Nullable @QueryValue("page") String page,
      @Nullable @QueryValue("sort") String sort) {
    return users.list(page, sort);
  }

  @Operation(operationId = "get_user_single", summary = "A user's details",
      description = "Level 2 to a moderator's key, 1 to the user's own, else 0")
  @Refusals.InvalidKey
  @Refusals.NotFound
  @Get(uri = "/users/{id}", processes = "*/*")
  CompletableFuture<UserDetails> get(@PathVariable String id,
      @Parameter(description = API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return users.get(id, apiKey);
  }

  @Operation(operationId = "put_user_single", summary = "Changes a user",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = ModifyUserInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Put(uri = "/users/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<ModifyUser> change(@PathVariable String id, @Nullable @Body String body,
      @Parameter(description = UserAccounts.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return users.change(id, bodies.read(body, ModifyUserInput.class), apiKey);
  }

  @Operation(operationId = "delete_user_single", summary = "Deletes a user",
      description = "The first call marks the user deleted; a second one wipes it after 30 days of inactivity")
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Delete(uri = "/users/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<SimpleResponse> delete(@PathVariable String id,
      @Parameter(description = API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return users.delete(id, apiKey);
  }

  @Hidden // a test harness route, on only with HORDE_TEST_APIKEYS
  @Post(uri = "/dev/test-user", consumes = "*/*", processes = "*/*")
  CompletableFuture<HttpResponse<TestUser>> testUser(HttpRequest<?> request, @Nullable @Body String body) {
    testUsers.check(request.getRemoteAddress(), request.getHeaders().getOrigin().orElse(null));
    var sent = bodies.parse(body == null || body.isBlank() ? "{}" : body, TestUserInput.class);
    return testUsers.create(sent.value(), sent.json().has("kudos"));
  }
}
