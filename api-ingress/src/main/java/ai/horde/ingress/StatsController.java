package ai.horde.ingress;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** The text statistics, spec §1.10 ST1 and ST2 (see {@link TextStats}). */
@Tag(name = "stats")
@Controller("/api/v2/stats/text")
final class StatsController {
  private final TextStats stats;

  StatsController(TextStats stats) {
    this.stats = stats;
  }

  @Operation(operationId = "get_text_horde_stats_totals", summary = "Text generated, per period")
  @ApiResponse(responseCode = "200", description = "The totals", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.StatsTxtTotals.class)))
  @Get(uri = "/totals", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> totals() {
    return Responses.answer(stats::totals);
  }

  @Operation(operationId = "get_text_horde_stats_models", summary = "Text jobs delivered per model, per period")
  @ApiResponse(responseCode = "200", description = "The counts", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.TxtModelStats.class)))
  @Get(uri = "/models", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> models() {
    return Responses.answer(stats::models);
  }
}
