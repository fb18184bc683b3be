package ai.horde.ingress.text;

import ai.horde.ingress.http.NotRequired;
import ai.horde.ingress.http.RequiredArgument;
import ai.horde.ingress.intake.IntakeBodies.ExtraSourceImage;
import ai.horde.ingress.intake.IntakeBodies.PopMessage;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the text endpoints (spec §1.1), named as the reference's models, with its limits and
 * defaults: each record parses its body ({@code JsonBodies}), renders it, and is what the OpenAPI document
 * shows. Request records apply their defaults when they are read.
 */
final class TextBodies {
  private TextBodies() {}

  static final String PROMPT_HELP = "The prompt which will be sent to KoboldAI to generate text.";
  static final String NAME_HELP = "The Name of the Worker.";
  static final String GENERATION_HELP = "The generated text.";

  /**
   * The params of a text request, with the reference's limits. Open: params it does not know are passed on to
   * the worker verbatim (newer samplers).
   */
  @Schema(name = "ModelGenerationInputKobold", additionalProperties = AdditionalPropertiesValue.TRUE)
  record ModelGenerationInputKobold(
      @NotRequired @Min(1) @Max(20) Integer n,
      @NotRequired Boolean frmtadsnsp,
      @NotRequired Boolean frmtrmblln,
      @NotRequired Boolean frmtrmspch,
      @NotRequired Boolean frmttriminc,
      @NotRequired @Min(80) @Max(1_048_576) @Schema(defaultValue = "2048") Integer maxContextLength,
      @NotRequired @Min(16) @Max(4096) @Schema(defaultValue = "80") Integer maxLength,
      @NotRequired @DecimalMin("1") @DecimalMax("3") Double repPen,
      @NotRequired @Min(0) @Max(4096) Integer repPenRange,
      @NotRequired @DecimalMin("0") @DecimalMax("10") Double repPenSlope,
      @NotRequired Boolean singleline,
      @NotRequired @DecimalMin("0") @DecimalMax("5") Double temperature,
      @NotRequired @DecimalMin("0") @DecimalMax("1") Double tfs,
      @NotRequired @DecimalMin("0") @DecimalMax("1") Double topA,
      @NotRequired @Min(0) @Max(200) Integer topK,
      @NotRequired @DecimalMin("0.001") @DecimalMax("1") Double topP,
      @NotRequired @DecimalMin("0") @DecimalMax("1") Double typical,
      @NotRequired List<Integer> samplerOrder,
      @NotRequired Boolean useDefaultBadwordsids,
      @NotRequired List<String> stopSequence,
      @NotRequired @DecimalMin("0") @DecimalMax("1") Double minP,
      @NotRequired @DecimalMin("0") @DecimalMax("10") Double smoothingFactor,
      @NotRequired @DecimalMin("0") @DecimalMax("5") Double dynatempRange,
      @NotRequired @DecimalMin("0") @DecimalMax("5") Double dynatempExponent) {

    static final ModelGenerationInputKobold DEFAULTS = new ModelGenerationInputKobold(null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null);

    ModelGenerationInputKobold {
      n = n == null ? 1 : n;
      maxContextLength = maxContextLength == null ? 2048 : maxContextLength;
      maxLength = maxLength == null ? 80 : maxLength;
    }
  }

  /**
   * A text request ({@code POST /generate/text/async}).
   *
   * @param prompt the prompt which will be sent to the model to generate text
   * @param params the generation parameters
   * @param workers up to 5 worker ids allowed to serve this request (or refused, with worker_blacklist)
   * @param models the models allowed to serve this request
   * @param dryRun when true, only the price in kudos is answered
   * @param allowDowngrade when the upfront kudos cannot be held, generate fewer tokens instead of refusing
   */
  @Schema(name = "GenerationInputKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationInputKobold(
      @RequiredArgument(help = PROMPT_HELP) String prompt,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) ModelGenerationInputKobold params,
      @NotRequired @Size(min = 1) String softprompt,
      @NotRequired @Schema(defaultValue = "false") Boolean trustedWorkers,
      @NotRequired @Schema(defaultValue = "false") Boolean validatedBackends,
      @NotRequired @Schema(defaultValue = "true") Boolean slowWorkers,
      @NotRequired @Schema(defaultValue = "false") Boolean extraSlowWorkers,
      @NotRequired List<String> workers,
      @NotRequired @Schema(defaultValue = "false") Boolean workerBlacklist,
      @NotRequired List<String> models,
      @NotRequired @Schema(defaultValue = "false") Boolean dryRun,
      @NotRequired String proxiedAccount,
      @NotRequired List<ExtraSourceImage> extraSourceImages,
      @NotRequired @Schema(defaultValue = "false") Boolean disableBatching,
      @NotRequired @Schema(defaultValue = "false") Boolean allowDowngrade,
      @NotRequired String webhook,
      @NotRequired @Size(min = 3, max = 1024) String style) {

    GenerationInputKobold {
      params = params == null ? ModelGenerationInputKobold.DEFAULTS : params;
      trustedWorkers = trustedWorkers != null && trustedWorkers;
      validatedBackends = validatedBackends != null && validatedBackends;
      slowWorkers = slowWorkers == null || slowWorkers;
      extraSlowWorkers = extraSlowWorkers != null && extraSlowWorkers;
      workers = workers == null ? List.of() : workers;
      workerBlacklist = workerBlacklist != null && workerBlacklist;
      models = models == null ? List.of() : models;
      dryRun = dryRun != null && dryRun;
      extraSourceImages = extraSourceImages == null ? List.of() : extraSourceImages;
      disableBatching = disableBatching != null && disableBatching;
      allowDowngrade = allowDowngrade != null && allowDowngrade;
    }
  }

  /**
   * A metadata entry of a generation.
   *
   * @param type the relevance of the entry
   * @param value its value
   * @param ref optionally a reference
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "GenerationMetadataKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationMetadataKobold(@NotNull @Schema(allowableValues = "censorship") String type,
      @NotNull @Schema(allowableValues = "csam") String value, @NotRequired @Size(max = 255) String ref) {}

  /**
   * One generated text of a request.
   *
   * @param workerId the worker that generated it
   * @param workerName that worker's name
   * @param model the model that generated it
   * @param state ok, censored, faulted or csam
   * @param text the generated text
   * @param seed the seed the worker reported
   */
  @Schema(name = "GenerationKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationKobold(String workerId, String workerName, String model, String state, String text, long seed,
      List<GenerationMetadataKobold> genMetadata) {}

  /**
   * The status of a text request ({@code GET} and {@code DELETE /generate/text/status/{id}}).
   *
   * @param finished jobs finished
   * @param processing jobs a worker is generating
   * @param restarted jobs that timed out or faulted and were queued again
   * @param waiting jobs waiting for a worker
   * @param done true when every job is done
   * @param faulted true when the request could not be completed
   * @param waitTime expected seconds until every job in flight is done
   * @param queuePosition the request's position in the queue
   * @param kudos the kudos consumed so far
   * @param isPossible false when no worker online can serve the request
   * @param generations the texts generated so far
   */
  @Schema(name = "RequestStatusKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record RequestStatusKobold(int finished, int processing, int restarted, int waiting, boolean done, boolean faulted,
      long waitTime, long queuePosition, double kudos, boolean isPossible, List<GenerationKobold> generations) {}

  /**
   * A worker asks for text jobs ({@code POST /generate/text/pop}).
   *
   * @param name the worker's name: it identifies (and at first creates) the worker
   * @param models the models this worker serves
   * @param amount how many jobs of one request it takes at most
   */
  @Schema(name = "PopInputKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record PopInputKobold(
      @RequiredArgument(help = NAME_HELP) String name,
      @NotRequired List<String> priorityUsernames,
      @NotRequired @Schema(defaultValue = "true") Boolean nsfw,
      @NotRequired List<@Size(min = 3, max = 255) String> models,
      @NotRequired @Size(max = 1000) @Schema(defaultValue = "unknown:0:unknown") String bridgeAgent,
      @NotRequired @Min(1) @Max(50) @Schema(defaultValue = "1") Integer threads,
      @NotRequired Boolean requireUpfrontKudos,
      @NotRequired @Min(1) @Max(20) @Schema(defaultValue = "1") Integer amount,
      @NotRequired Boolean extraSlowWorker,
      @NotRequired @Schema(defaultValue = "512") Integer maxLength,
      @NotRequired @Schema(defaultValue = "2048") Integer maxContextLength,
      @NotRequired List<String> softprompts) {

    PopInputKobold {
      priorityUsernames = priorityUsernames == null ? List.of() : priorityUsernames;
      nsfw = nsfw == null || nsfw;
      models = models == null ? List.of() : models;
      bridgeAgent = bridgeAgent == null ? "unknown:0:unknown" : bridgeAgent;
      threads = threads == null ? 1 : threads;
      amount = amount == null ? 1 : amount;
      maxLength = maxLength == null ? 512 : maxLength;
      maxContextLength = maxContextLength == null ? 2048 : maxContextLength;
      softprompts = softprompts == null ? List.of() : softprompts;
    }
  }

  /**
   * What the worker generates: the request's params as the client sent them (open: unknown samplers are passed
   * on), with {@code n} 1, the length limits, the reference's always-present sampler defaults and the prompt;
   * without a job only the defaults.
   *
   * @param others every other param, as the client sent it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ModelPayloadKobold", additionalProperties = AdditionalPropertiesValue.TRUE)
  record ModelPayloadKobold(@NotRequired String prompt, @NotRequired Integer n, int maxLength, int maxContextLength,
      double minP, double smoothingFactor, double dynatempRange, double dynatempExponent,
      @Schema(hidden = true) @JsonAnyGetter Map<String, JsonNode> others) {

    /** The payload of a pop without a job. */
    static final ModelPayloadKobold NONE = new ModelPayloadKobold(null, null, 80, 2048, 0, 0, 0, 1, Map.of());
  }

  /**
   * A text job for a worker, or none ({@code id} null, {@code skipped} says why).
   *
   * @param payload what to generate
   * @param id the first job's id, null when there is none
   * @param ids every job handed out
   * @param model the model to generate with, null when there is no job
   * @param ttl seconds before the job is considered lost, null when there is no job
   * @param skipped when there is no job: how many waiting requests were skipped, per reason
   * @param softprompt always null
   * @param messages messages for this worker
   * @param extraSourceImages always null for text
   */
  @Schema(name = "GenerationPayloadKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationPayloadKobold(
      @JsonRawValue @Schema(name = "payload", implementation = ModelPayloadKobold.class) String payload,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String id, List<String> ids,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String model,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) Integer ttl, NoValidRequestFoundKobold skipped,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String softprompt, List<PopMessage> messages,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) List<Object> extraSourceImages) {}

  /** How many waiting requests a pop skipped, per reason (only the reasons that skipped any). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "NoValidRequestFoundKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record NoValidRequestFoundKobold(
      @NotRequired @Min(0) Integer workerId,
      @NotRequired @Min(0) Integer performance,
      @NotRequired @Min(0) Integer nsfw,
      @NotRequired @Min(0) Integer blacklist,
      @NotRequired @Min(0) Integer untrusted,
      @NotRequired @Min(0) Integer models,
      @NotRequired @Min(0) Integer bridgeVersion,
      @NotRequired @Min(0) Integer kudos,
      @NotRequired @Min(0) Integer maxContextLength,
      @NotRequired @Min(0) Integer maxLength,
      @NotRequired @Min(0) Integer matchingSoftprompt) {}

  /**
   * A worker delivers a text job ({@code POST /generate/text/submit}).
   *
   * @param id the job's id, from the pop
   * @param generation the generated text
   * @param state ok, censored, faulted (the job is queued again) or csam
   * @param seed the seed used
   * @param genMetadata at most 50 metadata entries
   */
  @Schema(name = "SubmitInputKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record SubmitInputKobold(@NotNull String id, @RequiredArgument(help = GENERATION_HELP) String generation,
      @NotRequired @Schema(allowableValues = {"ok", "censored", "faulted", "csam"}, defaultValue = "ok") String state,
      @NotRequired Long seed, @NotRequired List<GenerationMetadataKobold> genMetadata) {

    SubmitInputKobold {
      state = state == null ? "ok" : state;
      seed = seed == null ? 0 : seed;
      genMetadata = genMetadata == null ? List.of() : genMetadata;
    }
  }
}
