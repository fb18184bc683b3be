package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import java.util.concurrent.CompletableFuture;

/** Who-am-I, and the test bootstrap route (spec §1.5 U5, §0.12). */
@Controller("/api/v2")
final class UserController {
  private final Identities identities;
  private final UserDetails details;
  private final TestUsers testUsers;

  UserController(Identities identities, UserDetails details, TestUsers testUsers) {
    this.identities = identities;
    this.details = details;
    this.testUsers = testUsers;
  }

  @Get(uri = "/find_user", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> findUser(@Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> {
      if (apiKey == null) {
        throw HordeError.invalidApiKey();
      }
      return identities.find(apiKey).thenApply(user -> Responses.ok(details.render(user.orElseThrow(
          () -> new HordeError(404, "UserNotFound", "User with api_key '" + apiKey + "' not found.")))));
    });
  }

  @Post(uri = "/dev/test-user", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> testUser(HttpRequest<?> request, @Nullable @Body String body) {
    return Responses.answer(() -> testUsers.create(body, request.getRemoteAddress()));
  }

}
