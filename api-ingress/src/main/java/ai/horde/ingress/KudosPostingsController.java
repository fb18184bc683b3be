package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/v2/kudos/postings?page=&limit=&user_id=}: a user's kudos journal, newest first (see
 * {@link KudosPostings}; it lags the ledger by the projection's delay). The arguments arrive as text so that
 * a bad one gets the reference's validation error rather than the framework's.
 */
@Controller("/api/v2/kudos")
final class KudosPostingsController {
  private final KudosPostings postings;

  KudosPostingsController(KudosPostings postings) {
    this.postings = postings;
  }

  @Get(uri = "/postings", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> postings(@Nullable @Header("apikey") String apiKey,
      @Nullable @QueryValue("page") String page, @Nullable @QueryValue("limit") String limit,
      @Nullable @QueryValue("user_id") String userId) {
    return Responses.answer(() -> postings.read(apiKey, page, limit, userId));
  }
}
