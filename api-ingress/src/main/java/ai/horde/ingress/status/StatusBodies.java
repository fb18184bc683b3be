package ai.horde.ingress.status;

import ai.horde.ingress.http.NotRequired;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;
import java.util.Map;

/** The bodies of the status and statistics endpoints (spec §1.9, §1.10), named as the reference's models. */
final class StatusBodies {
  private StatusBodies() {}

  /**
   * This node's liveness ({@code GET /status/heartbeat}): always 200.
   *
   * @param message OK, or DOWN when this node can no longer read the horde's state
   * @param version the horde's version
   * @param queue always 0
   * @param threads the node's processors
   * @param activeCount the node's live threads
   * @param dbConnection false when DOWN
   */
  @Schema(name = "HordeHeartbeat", additionalProperties = AdditionalPropertiesValue.FALSE)
  record HordeHeartbeat(@Schema(allowableValues = {"OK", "DOWN"}) String message, String version, int queue,
      int threads, int activeCount, boolean dbConnection) {}

  /**
   * The horde's modes: a read shows maintenance and invite-only (and raid to a moderator); a change shows the
   * modes it asked for.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "HordeModes", additionalProperties = AdditionalPropertiesValue.FALSE)
  record HordeModes(@NotRequired Boolean maintenanceMode, @NotRequired Boolean inviteOnlyMode,
      @NotRequired Boolean raidMode) {}

  /**
   * The modes to set ({@code PUT /status/modes}): maintenance is an admin's, invite-only and raid a moderator's.
   * The response's names ({@code maintenance_mode}, ...) are accepted as well.
   */
  @Schema(name = "HordeModesInput")
  record HordeModesInput(@NotRequired Boolean maintenance, @NotRequired Boolean inviteOnly,
      @NotRequired Boolean raid, @NotRequired Boolean maintenanceMode, @NotRequired Boolean inviteOnlyMode,
      @NotRequired Boolean raidMode) {}

  /**
   * A model served by the horde's online workers.
   *
   * @param count the threads of the online workers serving it
   * @param performance tokens per second
   * @param queued tokens waiting for it
   * @param jobs jobs waiting or in flight for it
   * @param eta seconds to clear its queue, 10000 when unknown
   */
  @Schema(name = "ActiveModel", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ActiveModel(String name, int count, double performance, double queued, double jobs, int eta,
      @Schema(allowableValues = {"image", "text"}) String type) {}

  /**
   * The horde's load. Worker and thread counts are of workers that checked in within 5 minutes; the unprefixed
   * ones are of image workers (as in the reference).
   *
   * @param queuedForms alchemy forms waiting or being worked on
   * @param interrogatorCount alchemists that checked in within 5 minutes
   * @param interrogatorThreadCount their threads
   */
  @Schema(name = "HordePerformance", additionalProperties = AdditionalPropertiesValue.FALSE)
  record HordePerformance(int queuedRequests, long queuedTextRequests, int workerCount, int textWorkerCount,
      int threadCount, long textThreadCount, double queuedMegapixelsteps, double pastMinuteMegapixelsteps,
      double queuedForms, int interrogatorCount, int interrogatorThreadCount, double queuedTokens,
      double pastMinuteTokens) {}

  /**
   * A piece of news; a field the piece lacks is null.
   *
   * @param datePublished YYYY-MM-DD
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "Newspiece", additionalProperties = AdditionalPropertiesValue.FALSE)
  record Newspiece(@Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String datePublished,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String newspiece,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String importance,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) List<String> tags,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String title,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) List<String> moreInfoUrls) {}

  /**
   * A read model's projection lag (not the reference's).
   *
   * @param name the read model
   * @param lag records not yet folded into it
   * @param checkedAt when the lag was measured, ISO-8601
   */
  @Schema(name = "ProjectionStatus", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ProjectionStatus(String name, long lag, String checkedAt) {}

  /** Delivered text jobs over the last minute, hour, day, 30 days and all time. */
  @Schema(name = "StatsTxtTotals", additionalProperties = AdditionalPropertiesValue.FALSE)
  record StatsTxtTotals(SinglePeriodTxtStat minute, SinglePeriodTxtStat hour, SinglePeriodTxtStat day,
      SinglePeriodTxtStat month, SinglePeriodTxtStat total) {}

  /**
   * @param requests delivered jobs
   * @param tokens their max_length summed (as the reference counts tokens)
   */
  @Schema(name = "SinglePeriodTxtStat", additionalProperties = AdditionalPropertiesValue.FALSE)
  record SinglePeriodTxtStat(long requests, long tokens) {}

  /** Delivered text jobs per model over the last day, 30 days and all time (models with none left out). */
  @Schema(name = "TxtModelStats", additionalProperties = AdditionalPropertiesValue.FALSE)
  record TxtModelStats(Map<String, Long> day, Map<String, Long> month, Map<String, Long> total) {}

  /** Delivered images over the last minute, hour, day, 30 days and all time. */
  @Schema(name = "StatsImgTotals", additionalProperties = AdditionalPropertiesValue.FALSE)
  record StatsImgTotals(SinglePeriodImgStat minute, SinglePeriodImgStat hour, SinglePeriodImgStat day,
      SinglePeriodImgStat month, SinglePeriodImgStat total) {}

  /**
   * @param images delivered images
   * @param ps their pixel-steps
   */
  @Schema(name = "SinglePeriodImgStat", additionalProperties = AdditionalPropertiesValue.FALSE)
  record SinglePeriodImgStat(long images, long ps) {}

  /** Delivered images per model over the last day, 30 days and all time (models with none left out). */
  @Schema(name = "ImgModelStats", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ImgModelStats(Map<String, Long> day, Map<String, Long> month, Map<String, Long> total) {}
}
