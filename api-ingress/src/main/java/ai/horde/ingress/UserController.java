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
import java.util.concurrent.CompletableFuture;

/** Users, who-am-I, and the test bootstrap route (spec §1.5 U1–U5, §0.12). Thin: {@link UserAccounts} decides. */
@Controller("/api/v2")
final class UserController {
  private final UserAccounts users;
  private final TestUsers testUsers;

  UserController(UserAccounts users, TestUsers testUsers) {
    this.users = users;
    this.testUsers = testUsers;
  }

  @Get(uri = "/find_user", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> findUser(@Nullable @Header("apikey") String apiKey) {
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

  @Post(uri = "/dev/test-user", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> testUser(HttpRequest<?> request, @Nullable @Body String body) {
    return Responses.answer(() -> testUsers.create(body, request.getRemoteAddress()));
  }

}
