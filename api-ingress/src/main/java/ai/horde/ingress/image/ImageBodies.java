package ai.horde.ingress.image;

import ai.horde.ingress.http.NotRequired;
import ai.horde.ingress.http.RequiredArgument;
import ai.horde.ingress.intake.IntakeBodies.ExtraSourceImage;
import ai.horde.ingress.intake.IntakeBodies.PopMessage;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
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
 * The request bodies of the image endpoints (spec §1.2, I1 {@code POST /generate/async}, I6 {@code /generate/pop},
 * I7 {@code /generate/submit}), named as the reference's models, with the limits of its models (checked by
 * {@code http.BodySchema}, answered as flask-restx answers) and the defaults of its request parsers, which win
 * where the two disagree ({@code nsfw}, {@code censor_nsfw}, {@code validated_backends}, the pop's
 * {@code allow_*}): the parser decides what the server does.
 *
 * <p>The reference's parser takes {@code params} as a plain dict, so its documented defaults are not applied at
 * intake; the request record fills in what it fills in whatever else was sent ({@code n}, {@code width},
 * {@code height}, {@code sampler_name}). Where the reference's value depends on the stage ({@code steps},
 * {@code cfg_scale}, {@code karras}), the record keeps what was sent and says what each stage uses.
 *
 * <p>Known gaps: the response bodies (GenerationPayloadStable, RequestStatusStable, GenerationStable) are not
 * here yet. {@code ExtraSourceImage} is also declared in {@code text.TextBodies}; the reference has one model
 * for both (with {@code image} at least one character), so the two should become one when a controller
 * documents both.
 */
final class ImageBodies {
  private ImageBodies() {}

  /** The parser's help texts, which start its "Missing required parameter" errors. */
  static final String PROMPT_HELP = "The prompt to generate from.";
  static final String NAME_HELP = "The worker's unique name, to track contributions.";
  static final String GENERATION_HELP = "The generated output.";

  /** The reference's known samplers, in the order its published document lists them (a Python set's order). */
  static final String[] SAMPLERS = {"k_euler", "lcm", "k_euler_a", "k_dpmpp_2s_a", "DDIM", "dpmsolver", "k_lms",
      "k_dpm_fast", "k_dpmpp_sde", "k_dpm_2", "k_dpm_2_a", "k_dpm_adaptive", "k_heun", "k_dpmpp_2m"};
  /** Samplers that take two model evaluations per step (upfront kudos count their steps twice). */
  static final List<String> SECOND_ORDER_SAMPLERS = List.of("k_heun", "k_dpm_2", "k_dpm_2_a", "k_dpmpp_2s_a",
      "k_dpmpp_sde");
  /** The reference's known post-processors, in its order (they are also model names no request may ask for). */
  static final String[] POST_PROCESSORS = {"GFPGAN", "RealESRGAN_x4plus", "RealESRGAN_x2plus",
      "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp", "CodeFormers", "strip_background", "4xNomos8kSC",
      "4xLSDIRplus", "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2",
      "2xModernSpanimationV1", "GFPGANv1.3", "RestoreFormer"};
  /** The post-processors that upscale: a request may ask for one at most. */
  static final List<String> UPSCALERS = List.of("RealESRGAN_x4plus", "RealESRGAN_x2plus",
      "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp", "4xNomos8kSC", "4xLSDIRplus",
      "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2", "2xModernSpanimationV1");
  static final String[] CONTROL_TYPES = {"canny", "hed", "depth", "normal", "openpose", "seg", "scribble",
      "fakescribbles", "hough"};
  static final String[] SOURCE_PROCESSINGS = {"img2img", "inpainting", "outpainting", "remix"};
  static final String DEFAULT_MODEL = "stable_diffusion";

  /**
   * A LoRa to apply.
   *
   * @param name its exact name or CivitAI model id; with {@code is_version}, a CivitAI version id (digits)
   * @param model its strength on the diffusion model (the worker applies 1.0 when absent)
   * @param clip its strength on the CLIP model (the worker applies 1.0 when absent)
   * @param injectTrigger a trigger to look for and add to the prompt ({@code any}: the first one)
   * @param isVersion whether {@code name} is a version id
   */
  @Schema(name = "ModelPayloadLorasStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModelPayloadLorasStable(
      @NotNull @Size(min = 1, max = 255) String name,
      @NotRequired @DecimalMin("-5.0") @DecimalMax("5.0") @Schema(defaultValue = "1.0") Double model,
      @NotRequired @DecimalMin("-5.0") @DecimalMax("5.0") @Schema(defaultValue = "1.0") Double clip,
      @NotRequired @Size(min = 1, max = 30) String injectTrigger,
      @NotRequired @Schema(defaultValue = "false") Boolean isVersion) {}

  /**
   * A textual inversion to apply.
   *
   * @param name its exact name or CivitAI id
   * @param injectTi where the worker adds it ({@code prompt}, {@code negprompt}); absent: the prompt names it
   * @param strength the strength it is added with
   */
  @Schema(name = "ModelPayloadTextualInversionsStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModelPayloadTextualInversionsStable(
      @NotNull @Size(min = 1, max = 255) String name,
      @NotRequired @Schema(allowableValues = {"prompt", "negprompt"}) String injectTi,
      @NotRequired @DecimalMin("-5.0") @DecimalMax("5.0") @Schema(defaultValue = "1.0") Double strength) {}

  /**
   * A text that a workflow uses (a QR code's content).
   *
   * @param text the text
   * @param reference where the workflow uses it ({@code qr_code} for the QR code workflow)
   */
  @Schema(name = "ExtraText", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ExtraText(@NotRequired @Size(min = 1) String text, @NotRequired @Size(min = 3) String reference) {}

  /**
   * The params of an image request, with the reference's limits. Open: params it does not know are accepted
   * (and taken from the sent JSON when the worker's payload is made).
   *
   * @param steps the sampling steps as sent; see {@link #effectiveSteps()}
   * @param cfgScale as sent; see {@link #payloadCfgScale()}
   * @param karras as sent; see {@link #payloadKarras()}
   * @param initAsImage not in the reference's model, but read by its ControlNet check (it is truthy there, like
   *     any Python value): kept as sent
   */
  @Schema(name = "ModelGenerationInputStable", additionalProperties = AdditionalPropertiesValue.TRUE)
  record ModelGenerationInputStable(
      @NotRequired @Schema(allowableValues = {"k_euler", "lcm", "k_euler_a", "k_dpmpp_2s_a", "DDIM", "dpmsolver",
          "k_lms", "k_dpm_fast", "k_dpmpp_sde", "k_dpm_2", "k_dpm_2_a", "k_dpm_adaptive", "k_heun", "k_dpmpp_2m"},
          defaultValue = "k_euler_a") String samplerName,
      @NotRequired @DecimalMin("0") @DecimalMax("100") @Schema(defaultValue = "7.5") Double cfgScale,
      @NotRequired @DecimalMin("0.01") @DecimalMax("1.0") Double denoisingStrength,
      @NotRequired @DecimalMin("0.01") @DecimalMax("1.0") Double hiresFixDenoisingStrength,
      @NotRequired @Min(64) @Max(3072) @Schema(multipleOf = 64, defaultValue = "512") Integer height,
      @NotRequired @Min(64) @Max(3072) @Schema(multipleOf = 64, defaultValue = "512") Integer width,
      @NotRequired @ArraySchema(uniqueItems = true, schema = @Schema(allowableValues = {"GFPGAN",
          "RealESRGAN_x4plus", "RealESRGAN_x2plus", "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp",
          "CodeFormers", "strip_background", "4xNomos8kSC", "4xLSDIRplus", "4xNomosWebPhoto_RealPLKSR",
          "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2", "2xModernSpanimationV1", "GFPGANv1.3",
          "RestoreFormer"})) List<String> postProcessing,
      @NotRequired @Schema(defaultValue = "false") Boolean karras,
      @NotRequired @Schema(defaultValue = "false") Boolean tiling,
      @NotRequired @Schema(defaultValue = "false") Boolean hiresFix,
      @NotRequired @Min(1) @Max(12) Integer clipSkip,
      @NotRequired @DecimalMin("0") @DecimalMax("1.0") Double facefixerStrength,
      @NotRequired List<ModelPayloadLorasStable> loras,
      @NotRequired List<ModelPayloadTextualInversionsStable> tis,
      @NotRequired Map<String, JsonNode> special,
      @NotRequired @Schema(allowableValues = "qr_code") String workflow,
      @NotRequired @Schema(defaultValue = "false") Boolean transparent,
      @NotRequired String seed,
      @NotRequired @Min(1) @Max(1000) Integer seedVariation,
      @NotRequired @Schema(allowableValues = {"canny", "hed", "depth", "normal", "openpose", "seg", "scribble",
          "fakescribbles", "hough"}) String controlType,
      @NotRequired @Schema(defaultValue = "false") Boolean imageIsControl,
      @NotRequired @Schema(defaultValue = "false") Boolean returnControlMap,
      @NotRequired List<ExtraText> extraTexts,
      @NotRequired @Min(1) @Max(500) @Schema(defaultValue = "30") Integer steps,
      @NotRequired @Min(1) @Max(20) @Schema(defaultValue = "1") Integer n,
      @Schema(hidden = true) JsonNode initAsImage) {

    /** No params sent: the reference's {@code {}}. */
    static final ModelGenerationInputStable DEFAULTS = new ModelGenerationInputStable(null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);

    ModelGenerationInputStable {
      // What the reference fills in at intake whatever else was sent (waiting_prompt.extract_params).
      samplerName = samplerName == null ? "k_euler_a" : samplerName;
      width = width == null ? 512 : width;
      height = height == null ? 512 : height;
      n = n == null ? 1 : n;
    }

    /**
     * The steps the request is queued, priced and generated with: as sent, else 30 (20 with ControlNet); with
     * ControlNet at most 40, silently (the reference's {@code extract_params}). The parameter checks and their
     * warnings look at what was sent, 30 when nothing was.
     */
    int effectiveSteps() {
      if (steps == null) {
        return controlType != null ? 20 : 30;
      }
      return controlType != null ? Math.min(steps, 40) : steps;
    }

    /** The cfg_scale the worker is sent when none was: 5.0, not the documented 7.5 (which the warnings use). */
    double payloadCfgScale() {
      return cfgScale == null ? 5.0 : cfgScale;
    }

    /** Karras scheduling is on unless turned off (the document says false; the payload and warnings say true). */
    boolean payloadKarras() {
      return karras == null || karras;
    }

    /** The same params at another size (a downgraded request's). */
    ModelGenerationInputStable withSize(int newWidth, int newHeight) {
      return new ModelGenerationInputStable(samplerName, cfgScale, denoisingStrength, hiresFixDenoisingStrength,
          newHeight, newWidth, postProcessing, karras, tiling, hiresFix, clipSkip, facefixerStrength, loras, tis,
          special, workflow, transparent, seed, seedVariation, controlType, imageIsControl, returnControlMap,
          extraTexts, steps, n, initAsImage);
    }
  }

  /**
   * An image request ({@code POST /generate/async}).
   *
   * @param prompt the prompt; {@code ###} separates the negative prompt
   * @param params the generation parameters
   * @param nsfw whether the request may be NSFW: true unless sent (the parser's default; the document says false)
   * @param censorNsfw whether a worker censors NSFW output of a SFW request: true unless sent (the parser's)
   * @param workers up to 5 worker ids allowed to serve this request (or refused, with worker_blacklist)
   * @param models the models allowed; {@code ["stable_diffusion"]} when left out, as the parser has it
   * @param sourceImage base64 image (webp, png, jpeg...) or a URL, for img2img, inpainting, remix
   * @param sourceProcessing what to do with the source image
   * @param sourceMask the inpainting mask, base64 or a URL; without it the source's alpha channel is the mask
   * @param extraSourceImages the extra images of a remix
   * @param r2 whether the image is sent as a download link
   * @param shared whether the images are shared with LAION
   * @param replacementFilter whether a suspicious prompt is cleaned rather than refused
   * @param dryRun when true, only the price in kudos is answered
   * @param proxiedAccount the account a service account proxies
   * @param disableBatching one image per job (trusted users and patrons only, when n > 1)
   * @param allowDowngrade when the upfront kudos cannot be held, generate smaller instead of refusing
   * @param webhook an https URL called after each image
   * @param style a style id or name
   */
  @Schema(name = "GenerationInputStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationInputStable(
      @RequiredArgument(help = PROMPT_HELP) @Size(min = 1) String prompt,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) ModelGenerationInputStable params,
      @NotRequired @Schema(defaultValue = "true") Boolean nsfw,
      @NotRequired @Schema(defaultValue = "false") Boolean trustedWorkers,
      @NotRequired @Schema(defaultValue = "false") Boolean validatedBackends,
      @NotRequired @Schema(defaultValue = "true") Boolean slowWorkers,
      @NotRequired @Schema(defaultValue = "false") Boolean extraSlowWorkers,
      @NotRequired @Schema(defaultValue = "true") Boolean censorNsfw,
      @NotRequired List<String> workers,
      @NotRequired @Schema(defaultValue = "false") Boolean workerBlacklist,
      @NotRequired List<String> models,
      @NotRequired String sourceImage,
      @NotRequired @Schema(allowableValues = {"img2img", "inpainting", "outpainting", "remix"},
          defaultValue = "img2img") String sourceProcessing,
      @NotRequired String sourceMask,
      @NotRequired List<ExtraSourceImage> extraSourceImages,
      @NotRequired @Schema(defaultValue = "true") Boolean r2,
      @NotRequired @Schema(defaultValue = "false") Boolean shared,
      @NotRequired @Schema(defaultValue = "true") Boolean replacementFilter,
      @NotRequired @Schema(defaultValue = "false") Boolean dryRun,
      @NotRequired String proxiedAccount,
      @NotRequired @Schema(defaultValue = "false") Boolean disableBatching,
      @NotRequired @Schema(defaultValue = "false") Boolean allowDowngrade,
      @NotRequired @Size(min = 10, max = 1024) String webhook,
      @NotRequired @Size(min = 3, max = 1024) String style) {

    GenerationInputStable {
      params = params == null ? ModelGenerationInputStable.DEFAULTS : params;
      nsfw = nsfw == null || nsfw;
      trustedWorkers = trustedWorkers != null && trustedWorkers;
      validatedBackends = validatedBackends != null && validatedBackends;
      slowWorkers = slowWorkers == null || slowWorkers;
      extraSlowWorkers = extraSlowWorkers != null && extraSlowWorkers;
      censorNsfw = censorNsfw == null || censorNsfw;
      workers = workers == null ? List.of() : workers;
      workerBlacklist = workerBlacklist != null && workerBlacklist;
      models = models == null ? List.of(DEFAULT_MODEL) : models;
      sourceProcessing = sourceProcessing == null ? "img2img" : sourceProcessing;
      extraSourceImages = extraSourceImages == null ? List.of() : extraSourceImages;
      r2 = r2 == null || r2;
      shared = shared != null && shared;
      replacementFilter = replacementFilter == null || replacementFilter;
      dryRun = dryRun != null && dryRun;
      disableBatching = disableBatching != null && disableBatching;
      allowDowngrade = allowDowngrade != null && allowDowngrade;
    }

    /** The same request with other params (a style's), as the reference's later checks see it. */
    GenerationInputStable withParams(ModelGenerationInputStable other) {
      return new GenerationInputStable(prompt, other, nsfw, trustedWorkers, validatedBackends, slowWorkers,
          extraSlowWorkers, censorNsfw, workers, workerBlacklist, models, sourceImage, sourceProcessing, sourceMask,
          extraSourceImages, r2, shared, replacementFilter, dryRun, proxiedAccount, disableBatching, allowDowngrade,
          webhook, style);
    }
  }

  /**
   * An image worker asks for jobs ({@code POST /generate/pop}): the pop fields every worker sends, then the
   * image worker's. Defaults are the parser's (the document says true for every {@code allow_*} and for
   * {@code limit_max_steps}; the parser, false for ControlNet, SDXL ControlNet, LoRa and the step limit).
   *
   * @param name the worker's name: it identifies (and at first creates) the worker
   * @param models the models this worker serves
   * @param amount how many jobs of one request it takes at most
   * @param maxPixels the largest width × height it generates
   * @param blacklist words it refuses in prompts (the reference keeps 200, 15 characters of each)
   */
  @Schema(name = "PopInputStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record PopInputStable(
      @RequiredArgument(help = NAME_HELP) String name,
      @NotRequired List<String> priorityUsernames,
      @NotRequired @Schema(defaultValue = "true") Boolean nsfw,
      @NotRequired List<@Size(min = 3, max = 255) String> models,
      @NotRequired @Size(max = 1000) @Schema(defaultValue = "unknown:0:unknown") String bridgeAgent,
      @NotRequired @Min(1) @Max(50) @Schema(defaultValue = "1") Integer threads,
      @NotRequired @Schema(defaultValue = "false") Boolean requireUpfrontKudos,
      @NotRequired @Min(1) @Max(20) @Schema(defaultValue = "1") Integer amount,
      @NotRequired @Schema(defaultValue = "false") Boolean extraSlowWorker,
      @NotRequired @Schema(defaultValue = "262144") Long maxPixels,
      @NotRequired List<String> blacklist,
      @NotRequired @Schema(defaultValue = "true") Boolean allowImg2img,
      @NotRequired @Schema(defaultValue = "true") Boolean allowPainting,
      @NotRequired @Schema(defaultValue = "true") Boolean allowUnsafeIpaddr,
      @NotRequired @Schema(defaultValue = "true") Boolean allowPostProcessing,
      @NotRequired @Schema(defaultValue = "false") Boolean allowControlnet,
      @NotRequired @Schema(defaultValue = "false") Boolean allowSdxlControlnet,
      @NotRequired @Schema(defaultValue = "false") Boolean allowLora,
      @NotRequired @Schema(defaultValue = "false") Boolean limitMaxSteps) {

    PopInputStable {
      priorityUsernames = priorityUsernames == null ? List.of() : priorityUsernames;
      nsfw = nsfw == null || nsfw;
      models = models == null ? List.of() : models;
      bridgeAgent = bridgeAgent == null ? "unknown:0:unknown" : bridgeAgent;
      threads = threads == null ? 1 : threads;
      requireUpfrontKudos = requireUpfrontKudos != null && requireUpfrontKudos;
      amount = amount == null ? 1 : amount;
      extraSlowWorker = extraSlowWorker != null && extraSlowWorker;
      maxPixels = maxPixels == null ? 512L * 512 : maxPixels;
      blacklist = blacklist == null ? List.of() : blacklist;
      allowImg2img = allowImg2img == null || allowImg2img;
      allowPainting = allowPainting == null || allowPainting;
      allowUnsafeIpaddr = allowUnsafeIpaddr == null || allowUnsafeIpaddr;
      allowPostProcessing = allowPostProcessing == null || allowPostProcessing;
      allowControlnet = allowControlnet != null && allowControlnet;
      allowSdxlControlnet = allowSdxlControlnet != null && allowSdxlControlnet;
      allowLora = allowLora != null && allowLora;
      limitMaxSteps = limitMaxSteps != null && limitMaxSteps;
    }
  }

  /**
   * A metadata entry of a generated image.
   *
   * @param type what it is about
   * @param value what happened
   * @param ref optionally a reference (a LoRa id, ...)
   */
  @Schema(name = "GenerationMetadataStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationMetadataStable(
      @NotNull @Schema(allowableValues = {"lora", "ti", "censorship", "source_image", "source_mask",
          "extra_source_images", "batch_index", "information", "aesthetic_score"}) String type,
      @NotNull @Schema(allowableValues = {"download_failed", "parse_failed", "baseline_mismatch", "csam", "nsfw",
          "see_ref"}) String value,
      @NotRequired @Size(max = 255) String ref) {}

  /**
   * A worker delivers an image job ({@code POST /generate/submit}).
   *
   * @param id the job's id, from the pop
   * @param generation the image as base64 webp, or {@code R2} when it was uploaded to the pop's link
   * @param state ok, censored, faulted (the job is queued again) or csam
   * @param seed the seed used (required, unlike text's)
   * @param censored obsolete: whether the safety filter censored the image (use {@code gen_metadata})
   * @param genMetadata metadata entries (the reference refuses more than 50, after storing the image)
   */
  @Schema(name = "SubmitInputStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record SubmitInputStable(
      @NotNull String id,
      @RequiredArgument(help = GENERATION_HELP) String generation,
      @NotRequired @Schema(allowableValues = {"ok", "censored", "faulted", "csam"}, defaultValue = "ok") String state,
      @NotNull Long seed,
      @NotRequired @Schema(defaultValue = "false") Boolean censored,
      @NotRequired List<GenerationMetadataStable> genMetadata) {

    SubmitInputStable {
      state = state == null ? "ok" : state;
      censored = censored != null && censored;
      genMetadata = genMetadata == null ? List.of() : genMetadata;
    }
  }

  /**
   * One generated image of a request.
   *
   * @param img a download link (valid 30 minutes, made at every status), or the image as base64 webp when the
   *     request asked {@code r2: false}
   * @param seed the seed the worker reported
   * @param id the job's id
   * @param censored whether the worker's safety filter censored it
   * @param state always {@code ok}, as in the reference (the censorship is in {@code censored})
   */
  @Schema(name = "GenerationStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationStable(String workerId, String workerName, String model, String state, String img, String seed,
      String id, boolean censored, List<GenerationMetadataStable> genMetadata) {}

  /**
   * How an image request progresses ({@code GET /generate/check/{id}}): its status without the images.
   *
   * @param waitTime expected seconds until every job in flight is done
   * @param queuePosition the request's position in the queue
   * @param kudos the kudos consumed so far
   * @param isPossible false when no dreamer online can serve the request
   */
  @Schema(name = "RequestStatusCheck", additionalProperties = AdditionalPropertiesValue.FALSE)
  record RequestStatusCheck(int finished, int processing, int restarted, int waiting, boolean done, boolean faulted,
      long waitTime, long queuePosition, double kudos, boolean isPossible) {}

  /**
   * The status of an image request ({@code GET} and {@code DELETE /generate/status/{id}}).
   *
   * @param generations the images generated so far
   * @param shared whether the images are shared (with LAION)
   */
  @Schema(name = "RequestStatusStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record RequestStatusStable(int finished, int processing, int restarted, int waiting, boolean done, boolean faulted,
      long waitTime, long queuePosition, double kudos, boolean isPossible, List<GenerationStable> generations,
      boolean shared) {}

  /**
   * How many waiting requests a pop skipped, per reason: the reference's twelve always, the others when any.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "NoValidRequestFoundStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record NoValidRequestFoundStable(int workerId, int performance, int nsfw, @NotRequired Integer blacklist,
      int untrusted, int models, int bridgeVersion, @NotRequired Integer kudos, @NotRequired Integer maxPixels,
      int unsafeIp, int img2img, int painting, @JsonProperty("post-processing") int postProcessing, int lora,
      int controlnet, @NotRequired Integer stepCount) {

    static NoValidRequestFoundStable of(Map<String, Integer> skipped) {
      return new NoValidRequestFoundStable(count(skipped, "worker_id"), count(skipped, "performance"),
          count(skipped, "nsfw"), skipped.get("blacklist"), count(skipped, "untrusted"), count(skipped, "models"),
          count(skipped, "bridge_version"), skipped.get("kudos"), skipped.get("max_pixels"),
          count(skipped, "unsafe_ip"), count(skipped, "img2img"), count(skipped, "painting"),
          count(skipped, "post-processing"), count(skipped, "lora"), count(skipped, "controlnet"),
          skipped.get("step_count"));
    }

    private static int count(Map<String, Integer> skipped, String reason) {
      return skipped.getOrDefault(reason, 0);
    }
  }

  /**
   * An image job for a dreamer, or none ({@code id} null, {@code skipped} says why). Every key is always
   * present, as in the reference.
   *
   * @param payload what to generate (without a job: the defaults)
   * @param ids every job handed out (one request's); they share the payload and its seed
   * @param ttl seconds before the jobs are considered lost
   * @param sourceImage a download link to the source image, if the request has one
   * @param sourceProcessing what to do with it ({@code img2img} when there is none, as in the reference)
   * @param sourceMask a download link to the mask, if the request has one
   * @param r2Upload where to PUT the first job's webp
   * @param r2Uploads where to PUT each job's webp, in the order of {@code ids}
   * @param messages messages for this worker
   */
  @Schema(name = "GenerationPayloadStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationPayloadStable(
      @JsonRawValue @Schema(name = "payload", implementation = Object.class) String payload,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String id, List<String> ids,
      NoValidRequestFoundStable skipped,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String model,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String sourceImage, String sourceProcessing,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String sourceMask,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) List<ExtraSourceImage> extraSourceImages,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String r2Upload,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) List<String> r2Uploads,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) Integer ttl, List<PopMessage> messages) {}

  /**
   * One image's aesthetic rating.
   *
   * @param id the image's (job's) id
   * @param rating how good it looks, 1..10
   * @param artifacts how visible its artifacts are, 0 (none) to 5
   */
  @Schema(name = "AestheticRating", additionalProperties = AdditionalPropertiesValue.FALSE)
  record AestheticRating(@NotNull String id, @NotNull @Min(1) @Max(10) Integer rating,
      @NotRequired @Min(0) @Max(5) Integer artifacts) {}

  /**
   * Aesthetic ratings of a shared, completed image request ({@code POST /generate/rate/{id}}).
   *
   * @param best the id of the best image of the set
   * @param ratings ratings of some or all of its images
   */
  @Schema(name = "AestheticsPayload", additionalProperties = AdditionalPropertiesValue.FALSE)
  record AestheticsPayload(@NotRequired String best, @NotRequired List<AestheticRating> ratings) {
    AestheticsPayload {
      ratings = ratings == null ? List.of() : ratings;
    }
  }
}
