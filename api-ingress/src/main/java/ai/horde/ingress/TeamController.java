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
import java.util.concurrent.CompletableFuture;

/** Team changes (spec §1.6 TM2, TM4, TM5). Thin: {@link TeamChanges} and the registry decide. */
@Controller("/api/v2/teams")
final class TeamController {
  private final TeamChanges teams;

  TeamController(TeamChanges teams) {
    this.teams = teams;
  }

  @Post(consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> create(@Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> teams.create(body, apiKey));
  }

  @Patch(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> change(@PathVariable String id, @Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> teams.change(id, body, apiKey));
  }

  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> delete(@PathVariable String id,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> teams.delete(id, apiKey));
  }
}
