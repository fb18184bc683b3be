package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import java.util.concurrent.CompletableFuture;

/** The team reads, spec §1.6 TM1 and TM3 (see {@link TeamReads}). */
@Controller("/api/v2/teams")
final class TeamReadController {
  private final TeamReads reads;

  TeamReadController(TeamReads reads) {
    this.reads = reads;
  }

  @Get(uri = "/", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> list() {
    return Responses.answer(reads::list);
  }

  @Get(uri = "/{teamId}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> byId(@Nullable @Header("apikey") String apiKey,
      @PathVariable("teamId") String teamId) {
    return Responses.answer(() -> reads.byId(apiKey, teamId));
  }
}
