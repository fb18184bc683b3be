package ai.horde.ingress;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.concurrent.CompletableFuture;

/** The text statistics, spec §1.10 ST1 and ST2 (see {@link TextStats}). */
@Controller("/api/v2/stats/text")
final class StatsController {
  private final TextStats stats;

  StatsController(TextStats stats) {
    this.stats = stats;
  }

  @Get(uri = "/totals", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> totals() {
    return Responses.answer(stats::totals);
  }

  @Get(uri = "/models", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> models() {
    return Responses.answer(stats::models);
  }
}
