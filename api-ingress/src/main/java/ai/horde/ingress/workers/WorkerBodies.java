package ai.horde.ingress.workers;

import ai.horde.ingress.http.NotRequired;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The bodies of the worker and team endpoints (spec §1.4, §1.6), named as the reference's models. */
final class WorkerBodies {
  private WorkerBodies() {}

  /**
   * A worker's details; a moderator's key adds paused, suspicious and the owner's contact; the owner's alias and
   * the messages show to a moderator or when the owner made its workers public. Null fields are left out.
   *
   * @param kudosRewards the kudos the worker earned
   * @param performance {@code "<tokens/s> tokens per second"}, a dreamer's in megapixel-steps per second, an
   *     alchemist's {@code "<s> seconds per form"} or {@code "No requests fulfilled yet"}
   * @param uptime seconds online
   * @param trusted whether the owner is trusted
   * @param flagged whether the owner is flagged
   * @param team its team, {@code {name: null, id: null}} when it has none
   * @param nsfw always false for an alchemist (the reference's default: it has no such setting)
   * @param models (text and image workers) the models it serves
   * @param forms (alchemists) the forms it serves
   * @param maxLength (text workers) the most tokens it generates
   * @param maxContextLength (text workers) the most tokens it reads
   * @param suspicious (moderators) always 0
   * @param messages its messages that have not expired (without their ids, as the reference shows them)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "WorkerDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record WorkerDetails(@Schema(allowableValues = {"image", "text", "interrogation"}) String type, String name,
      String id, boolean online, long requestsFulfilled, long uncompletedJobs, double kudosRewards,
      WorkerKudosDetails kudosDetails, String performance, int threads, long uptime, boolean maintenanceMode,
      @NotRequired String info, boolean trusted, boolean flagged, TeamDetailsLite team, String bridgeAgent,
      boolean nsfw, @NotRequired List<String> models, @NotRequired List<String> forms,
      @NotRequired Integer maxLength, @NotRequired Integer maxContextLength,
      @NotRequired Boolean paused, @NotRequired Integer suspicious, @NotRequired String owner,
      @NotRequired List<WorkerMessageDetails> messages, @NotRequired String contact, @NotRequired Integer maxPixels,
      @NotRequired Double megapixelstepsGenerated, @NotRequired Boolean img2img, @NotRequired Boolean painting,
      @JsonProperty("post-processing") @NotRequired Boolean postProcessing, @NotRequired Boolean lora,
      @NotRequired Boolean controlnet, @NotRequired Boolean sdxlControlnet) {}

  /**
   * @param generated kudos for generating; null for an alchemist (the reference keeps its form kudos under
   *     another name, {@code interrogated}, which this model does not show)
   * @param uptime kudos for staying online, whole kudos (the reference truncates it)
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "WorkerKudosDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record WorkerKudosDetails(@Nullable @Schema(requiredMode = RequiredMode.REQUIRED) Double generated, long uptime) {}

  /** A team's name and id; both null for a worker without a team (the reference's quirk Q16). */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "TeamDetailsLite", additionalProperties = AdditionalPropertiesValue.FALSE)
  record TeamDetailsLite(@Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String name,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String id) {}

  /**
   * A worker's changes ({@code PUT /workers/{id}}): maintenance, info and name are the owner's or a
   * moderator's, paused a moderator's.
   *
   * @param team a team's id, or "" to leave the team
   */
  @Schema(name = "ModifyWorkerInput")
  record ModifyWorkerInput(@NotRequired Boolean maintenance, @NotRequired @Size(max = 300) String maintenanceMsg,
      @NotRequired Boolean paused, @NotRequired @Size(max = 1000) String info,
      @NotRequired @Size(min = 5, max = 100) String name, @NotRequired @Size(max = 36) String team) {}

  /**
   * A worker's changes as applied: each asked-for field after the change.
   *
   * @param team the team's name, or "None" when the worker left its team
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ModifyWorker", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModifyWorker(@NotRequired Boolean maintenance, @NotRequired Boolean paused, @NotRequired String info,
      @NotRequired String name, @NotRequired String team) {}

  /** A deleted worker. */
  @Schema(name = "DeletedWorker", additionalProperties = AdditionalPropertiesValue.FALSE)
  record DeletedWorker(String deletedId, String deletedName) {}

  /** A new team ({@code POST /teams}): only trusted users may create one. */
  @Schema(name = "CreateTeamInput")
  record CreateTeamInput(@NotNull @Size(min = 3, max = 100) String name,
      @NotRequired @Size(min = 3, max = 1000) String info) {}

  /** A team's changes ({@code PATCH /teams/{id}}): its owner's or a moderator's. */
  @Schema(name = "ModifyTeamInput")
  record ModifyTeamInput(@NotRequired @Size(min = 3, max = 100) String name,
      @NotRequired @Size(min = 3, max = 1000) String info) {}

  /**
   * A team created (every field it has) or changed (the id, and the fields asked for).
   *
   * @param id the team's id
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ModifyTeam", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModifyTeam(String id, @NotRequired String name, @NotRequired String info) {}

  /**
   * A team's details (info and creator left out when unknown).
   *
   * @param requestsFulfilled image requests of its workers: always 0 (text workers do not count, R3.16.2)
   * @param kudos kudos of its image workers: always 0
   * @param uptime its current workers' uptime, seconds
   * @param creator the owner's alias
   * @param models how many of its workers serve each model
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "TeamDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record TeamDetails(String name, String id, @NotRequired String info, long requestsFulfilled, double kudos,
      long uptime, @NotRequired String creator, int workerCount, List<WorkerDetailsLite> workers,
      List<ActiveModelLite> models) {}

  /** A deleted team. */
  @Schema(name = "DeletedTeam", additionalProperties = AdditionalPropertiesValue.FALSE)
  record DeletedTeam(String deletedId, String deletedName) {}

  /**
   * A worker in a list.
   *
   * @param online whether it checked in within the last 5 minutes
   */
  @Schema(name = "WorkerDetailsLite", additionalProperties = AdditionalPropertiesValue.FALSE)
  record WorkerDetailsLite(@Schema(allowableValues = {"image", "text", "interrogation"}) String type, String name,
      String id, boolean online) {}

  /**
   * A new worker message ({@code POST /workers/messages}): a non-moderator's goes to one of their own workers
   * and its origin is their user id; a moderator's may go to every worker (no {@code worker_id}).
   *
   * @param workerId the worker it is for
   * @param origin who it is from; a moderator's defaults to "AI Horde Moderators"
   * @param expiry hours until it expires, 12 when left out
   */
  @Schema(name = "WorkerMessageInput")
  record WorkerMessageInput(@NotRequired @Size(min = 36, max = 36) String workerId,
      @NotNull @Size(min = 1, max = 10240) String message, @NotRequired @Size(min = 1, max = 255) String origin,
      @NotRequired @Min(1) @Max(720) Integer expiry) {}

  /**
   * A worker message, named as the reference's model (dates in RFC 822). Null fields are left out: the id in a
   * worker's details, the worker of a message to every worker.
   *
   * @param id the message's id
   * @param workerId the worker it is for
   * @param userId who sent it (a number, as a string)
   * @param origin who it says it is from
   * @param created when it was sent
   * @param expiry when it expires
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ResponseModelMessage", additionalProperties = AdditionalPropertiesValue.FALSE)
  record WorkerMessageDetails(@NotRequired String id, @NotRequired String workerId, String userId, String message,
      @NotRequired String origin, String created, String expiry) {}

  /** A model and how many serve it. */
  @Schema(name = "ActiveModelLite", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ActiveModelLite(String name, int count) {}
}
