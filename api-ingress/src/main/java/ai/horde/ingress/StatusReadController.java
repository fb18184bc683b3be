package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import java.util.concurrent.CompletableFuture;

/**
 * The status reads besides the heartbeat: models (spec §1.9 M1, M2), performance (M3), news (M6) and, ours,
 * the projection lag (see {@link HordeStatusReads}, {@link News}). Query arguments arrive as text so that a bad
 * one gets the reference's error rather than the framework's.
 */
@Controller("/api/v2/status")
final class StatusReadController {
  private final HordeStatusReads reads;
  private final News news;

  StatusReadController(HordeStatusReads reads, News news) {
    this.reads = reads;
    this.news = news;
  }

  @Get(uri = "/models", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> models(@Nullable @QueryValue("type") String type,
      @Nullable @QueryValue("min_count") String minCount, @Nullable @QueryValue("max_count") String maxCount,
      @Nullable @QueryValue("model_state") String modelState) {
    return Responses.answer(() -> CompletableFuture.completedFuture(
        reads.models(ModelsQuery.parse(type, minCount, maxCount, modelState))));
  }

  @Get(uri = "/models/{modelName}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> model(@PathVariable("modelName") String modelName) {
    return Responses.answer(() -> CompletableFuture.completedFuture(reads.model(modelName)));
  }

  @Get(uri = "/performance", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> performance() {
    return Responses.answer(reads::performance);
  }

  @Get(uri = "/news", processes = "*/*")
  MutableHttpResponse<String> news() {
    return Responses.ok(news.all());
  }

  @Get(uri = "/projections", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> projections() {
    return Responses.answer(reads::projections);
  }
}
