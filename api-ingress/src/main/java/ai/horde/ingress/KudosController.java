package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import java.util.concurrent.CompletableFuture;

/** Kudos transfers and awards (spec §1.7 K1, K2). Thin: {@link KudosMoves} and the ledger decide. */
@Controller("/api/v2/kudos")
final class KudosController {
  private final KudosMoves moves;

  KudosController(KudosMoves moves) {
    this.moves = moves;
  }

  @Post(uri = "/transfer", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> transfer(@Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey, @Nullable @Header("Idempotency-Key") String idempotencyKey) {
    return Responses.answer(() -> moves.transfer(body, apiKey, idempotencyKey));
  }

  @Post(uri = "/award", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> award(@Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> moves.award(body, apiKey));
  }
}
