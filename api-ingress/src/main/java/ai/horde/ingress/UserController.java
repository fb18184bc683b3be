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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
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

  @Get(uri = "/users", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> list(@Nullable @QueryValue("page") String page,
      @Nullable @QueryValue("sort") String sort) {
    return Responses.answer(() -> users.list(page, sort));
  }

  @Get(uri = "/users/{id}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> get(@PathVariable String id,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> users.get(id, apiKey));
  }

  @Put(uri = "/users/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> change(@PathVariable String id, @Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> users.change(id, body, apiKey));
  }

  @Delete(uri = "/users/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> delete(@PathVariable String id,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> users.delete(id, apiKey));
  }

  @Hidden // a test harness route, on only with HORDE_TEST_APIKEYS
  @Post(uri = "/dev/test-user", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> testUser(HttpRequest<?> request, @Nullable @Body String body) {
    return Responses.answer(() -> testUsers.create(body, request.getRemoteAddress()));
  }

}
