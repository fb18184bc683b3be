package ai.horde.ingress.status;

import ai.horde.ingress.status.StatusBodies.ImgModelStats;
import ai.horde.ingress.status.StatusBodies.StatsImgTotals;
import ai.horde.ingress.status.StatusBodies.StatsTxtTotals;
import ai.horde.ingress.status.StatusBodies.TxtModelStats;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** The text and image statistics, spec §1.10 ST1 and ST2 and their image sides (see {@link JobStats}). */
@Tag(name = "stats")
@Controller("/api/v2/stats")
final class StatsController {
  private final JobStats stats;

  StatsController(JobStats stats) {
    this.stats = stats;
  }

  @Operation(operationId = "get_text_horde_stats_totals", summary = "Text generated, per period")
  @Get(uri = "/text/totals", processes = "*/*")
  CompletableFuture<StatsTxtTotals> textTotals() {
    return stats.textTotals();
  }

  @Operation(operationId = "get_text_horde_stats_models", summary = "Text jobs delivered per model, per period")
  @Get(uri = "/text/models", processes = "*/*")
  CompletableFuture<TxtModelStats> textModels() {
    return stats.textModels();
  }

  @Operation(operationId = "get_img_horde_stats_totals", summary = "Images generated, per period")
  @Get(uri = "/img/totals", processes = "*/*")
  CompletableFuture<StatsImgTotals> imageTotals() {
    return stats.imageTotals();
  }

  @Operation(operationId = "get_img_horde_stats_models", summary = "Images delivered per model, per period")
  @Get(uri = "/img/models", processes = "*/*")
  CompletableFuture<ImgModelStats> imageModels() {
    return stats.imageModels();
  }
}
