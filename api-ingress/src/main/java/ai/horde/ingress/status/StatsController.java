package ai.horde.ingress.status;

import ai.horde.ingress.status.StatusBodies.StatsTxtTotals;
import ai.horde.ingress.status.StatusBodies.TxtModelStats;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** The text statistics, spec §1.10 ST1 and ST2 (see {@link JobStats}). */
@Tag(name = "stats")
@Controller("/api/v2/stats/text")
final class StatsController {
  private final JobStats stats;

  StatsController(JobStats stats) {
    this.stats = stats;
  }

  @Operation(operationId = "get_text_horde_stats_totals", summary = "Text generated, per period")
  @Get(uri = "/totals", processes = "*/*")
  CompletableFuture<StatsTxtTotals> totals() {
    return stats.textTotals();
  }

  @Operation(operationId = "get_text_horde_stats_models", summary = "Text jobs delivered per model, per period")
  @Get(uri = "/models", processes = "*/*")
  CompletableFuture<TxtModelStats> models() {
    return stats.textModels();
  }
}
