package ai.horde.ingress.status;

import ai.horde.ingress.status.StatusBodies.ImgModelStats;
import ai.horde.ingress.status.StatusBodies.StatsImgTotals;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** The image statistics, the image side of spec §1.10 (see {@link JobStats}). */
@Tag(name = "stats")
@Controller("/api/v2/stats/img")
final class ImageStatsController {
  private final JobStats stats;

  ImageStatsController(JobStats stats) {
    this.stats = stats;
  }

  @Operation(operationId = "get_img_horde_stats_totals", summary = "Images generated, per period")
  @Get(uri = "/totals", processes = "*/*")
  CompletableFuture<StatsImgTotals> totals() {
    return stats.imageTotals();
  }

  @Operation(operationId = "get_img_horde_stats_models", summary = "Images delivered per model, per period")
  @Get(uri = "/models", processes = "*/*")
  CompletableFuture<ImgModelStats> models() {
    return stats.imageModels();
  }
}
