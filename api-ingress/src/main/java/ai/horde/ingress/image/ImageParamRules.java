package ai.horde.ingress.image;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.NulBytes;
import ai.horde.ingress.image.ImageBodies.ExtraText;
import ai.horde.ingress.image.ImageBodies.GenerationInputStable;
import ai.horde.ingress.image.ImageBodies.ModelGenerationInputStable;
import ai.horde.ingress.image.ImageBodies.ModelPayloadLorasStable;
import ai.horde.ingress.image.ImageBodies.SubmitInputStable;
import ai.horde.ingress.image.ImageModelReference.Baselines;
import ai.horde.ingress.image.ImageModelReference.Requirements;
import ai.horde.ingress.image.SourceImages.Decoded;
import ai.horde.ingress.intake.IntakeBodies.ExtraSourceImage;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The reference's checks of an image request ({@code POST /generate/async}), of an image pop's models and of an
 * image submit, after the body's schema ({@link ImageBodies}): each refusal with the reference's status, rc and
 * words. Pure: what they need to know of the requester, the model reference, the workers or the network comes
 * in as parameters.
 *
 * <p>The reference interleaves these with checks that need the queue, the ledger or the IP countermeasures, so
 * they come in phases, to be called in this order (spec R1.1 for the steps in between):
 * <ol>
 *   <li>(maintenance mode, the webhook: {@code intake.RequestIntake#checkOpen})</li>
 *   <li>(identity, shared keys) {@link #checkRequester}, with the request as the client sent it;</li>
 *   <li>(concurrency {@code TooManyPrompts}, IP timeout, the prompt filter and its replacement)
 *       {@link #checkParams}, with the prompt and params that are now the request's (after a style);</li>
 *   <li>{@link #rejectNulBytes}, where the reference creates the request record;</li>
 *   <li>(upfront kudos, shared-key limits; a dry run answers here) {@link #checkSourceImages}.</li>
 * </ol>
 *
 * <p>Reference rcs that are never answered by these, because the schema answers first: {@code InvalidSize}
 * (width or height not a multiple of 64, or out of 64..3072), {@code TooManySteps} (over 500),
 * {@code UnsupportedSampler} (not one of the samplers), {@code MissingPrompt} (the prompt has a minimum length
 * of 1; kept here for a prompt a caller builds). Quirks fixed here: the reference answers 500 for an extra
 * text without a {@code reference} in the QR-code workflow, for the SDXL beta without {@code params.n}, and for
 * an extra source image without {@code image}; here they are a {@code MissingExtraTexts.}, a
 * {@code BetaComparisonFault} and an {@code ImageValidationFailed}.
 */
final class ImageParamRules {
  private ImageParamRules() {}

  static final int MAX_PROMPT_WORDS = 7500;
  static final int MAX_LORAS = 5;
  static final int MAX_TIS = 20;
  static final int MAX_EXTRA_SOURCE_IMAGES = 5;
  static final int MAX_GEN_METADATA = 50;
  static final String SDXL_BETA = "SDXL_beta::stability.ai#6901";
  static final String BANNED_CLIENT_AGENT = "My-Project:v0.0.1:My-Contact";
  /** Models that need a source image whatever the reference says of them. */
  private static final List<String> SOURCE_IMAGE_MODELS = List.of("Stable Diffusion 2 Depth", "pix2pix");
  private static final List<String> SD2_UNSUPPORTED_CONTROL_TYPES = List.of("normal", "mlsd", "hough");
  private static final List<String> TRANSPARENCY_BASELINES = List.of(Baselines.SDXL, Baselines.SD1);
  private static final Set<String> POST_PROCESSORS = Set.of(ImageBodies.POST_PROCESSORS);

  /**
   * Who asks, as the identity lookup found them (a shared key's owner for a shared key).
   *
   * @param alias {@code name#id}, which special models must name
   * @param patron whether the user supports the horde on Patreon (trusted users and patrons may do more)
   * @param service whether the account is a service account (which may proxy others)
   * @param special whether the user may ask for special models and send a special payload
   */
  record Requester(String alias, boolean anonymous, boolean trusted, boolean patron, boolean service,
      boolean deleted, boolean special) {}

  /**
   * What the params checks leave the request with, besides not refusing it.
   *
   * @param warnings the warnings of the 202, in the order they were found
   * @param models the models the request is queued for (the SDXL beta replaces them)
   * @param n the images asked for (the SDXL beta always makes two)
   * @param disableBatching whether jobs are handed out one per pop (the QR-code workflow cannot batch)
   */
  record Checked(Set<ImageWarning> warnings, List<String> models, int n, boolean disableBatching) {}

  /**
   * The source images as read (null when absent), in the order the reference reads them.
   *
   * @param source the source image
   * @param mask the inpainting mask
   * @param extras the extra source images of a remix
   */
  record Sources(Decoded source, Decoded mask, List<Decoded> extras) {}


  /**
   * Steps 9 to 16 of the intake, once the requester is known: proxying, a deleted account, the number of extra
   * source images, an empty prompt, unknown workers, unbatched requests.
   *
   * @param input the request as the client sent it (a style's params do not count here)
   * @param workerExists whether a worker of any type has this id
   */
  static void checkRequester(GenerationInputStable input, Requester who, Predicate<String> workerExists) {
    if (!who.service() && present(input.proxiedAccount())) {
      throw ApiError.badRequest("OnlyServiceAccountProxy",
          "Only service accounts can provide a proxied_account value.");
    }
    if (who.deleted()) {
      throw ApiError.deletedUser();
    }
    int extras = input.extraSourceImages().size();
    if (extras > MAX_EXTRA_SOURCE_IMAGES) {
      throw ApiError.badRequest("TooManyExtraSourceImages.", "You can send a maximum of 5 extra source images.");
    }
    if (extras > 1 && !who.trusted() && !who.patron()) {
      throw ApiError.badRequest("MoreThanMinExtraSourceImage.",
          "Only trusted users and patrons can send more than 1 extra source images.");
    }
    if (input.prompt().isEmpty()) {
      throw ApiError.badRequest("MissingPrompt", "You cannot specify an empty prompt.");
    }
    for (String worker : input.workers()) {
      if (!workerExists.test(worker)) {
        throw ApiError.workerNotFound(worker);
      }
    }
    if (input.params().n() > 1 && input.disableBatching() && !who.trusted() && !who.patron()) {
      throw ApiError.badRequest("RequiresTrust", "Only trusted users and patreon supporters can disable batching.");
    }
  }

  /**
   * The reference's parameter checks (its {@code ParamValidator} and the image request's own), in its order.
   *
   * @param prompt the prompt as it now is (after a style and the replacement filter)
   * @param input the request, with the params it now has ({@link GenerationInputStable#withParams} for a style)
   * @param clientAgent the {@code Client-Agent} header
   * @param unsafeIpDuringRaid whether the horde is in raid mode, the requester neither trusted nor a patron, and
   *     the IP checker found the client's address unsafe (an unanswered check counts as safe)
   */
  static Checked checkParams(String prompt, GenerationInputStable input, Requester who,
      ImageModelReference reference, String clientAgent, boolean unsafeIpDuringRaid) {
    ModelGenerationInputStable params = input.params();
    List<String> models = input.models();
    Set<ImageWarning> warnings = warnings(params, models, reference);
    checkModelParams(prompt, params, models, reference);
    checkSpecialModels(params, models, who);
    if (unsafeIpDuringRaid) {
      throw new ApiError(403, "UntrustedUnsafeIP", "Only Trusted users are allowed to perform this operation");
    }
    if (!who.special() && params.special() != null && !params.special().isEmpty()) {
      // The reference passes its rc where the log goes, so the rc is the generic one (spec §2.4.1).
      throw ApiError.badRequest("BadRequest", "Only special users can send a special field.");
    }
    boolean source = present(input.sourceImage());
    if (!source && present(input.sourceMask())) {
      throw ApiError.badRequest("SourceMaskUnnecessary",
          "Please do not pass a source_mask unless you are sending a source_image as well");
    }
    checkControlnet(input, params, models, reference, source);
    if (Boolean.TRUE.equals(params.transparent())) {
      // The rc says img2img, the check is of extra source images: as the reference has it.
      if (!input.extraSourceImages().isEmpty()) {
        throw ApiError.badRequest("InvalidTransparencyImg2Img",
            "Generating Transparent images is not supported during img2img workflows.");
      }
      if (params.controlType() != null) {
        throw ApiError.badRequest("InvalidTransparencyCN",
            "Generating Transparent images is not supported during controlnet workflows currently.");
      }
    }
    if ("remix".equals(input.sourceProcessing())
        && models.stream().anyMatch(m -> !reference.baseline(m).startsWith(Baselines.CASCADE))) {
      throw ApiError.badRequest("InvalidRemix", "Image Remix is only available for Stable Cascade models.");
    }
    if (!input.extraSourceImages().isEmpty() && !"remix".equals(input.sourceProcessing())) {
      throw ApiError.badRequest("InvalidExtraSourceImages.", "This request type does not accept extra source images.");
    }
    List<ExtraText> extraTexts = params.extraTexts() == null ? List.of() : params.extraTexts();
    boolean qrCode = "qr_code".equals(params.workflow());
    if (!extraTexts.isEmpty() && !qrCode) {
      throw ApiError.badRequest("InvalidExtraTexts.", "This request type does not accept extra texts.");
    }
    boolean disableBatching = input.disableBatching();
    if (qrCode) {
      // The QR-code pipeline cannot batch.
      disableBatching = true;
      if (extraTexts.stream().noneMatch(text -> "qr_code".equals(text.reference()))) {
        throw ApiError.badRequest("MissingExtraTexts.",
            "This request requires you pass the required extra texts for this workflow.");
      }
    }
    if (truthy(params.initAsImage()) && Boolean.TRUE.equals(params.returnControlMap())) {
      throw ApiError.badRequest("ControlNetInvalidPayload",
          "Invalid ControlNet parameters - cannot send inital map and return the same map");
    }
    if (!source && models.stream().anyMatch(SOURCE_IMAGE_MODELS::contains)) {
      throw unsupportedModel("SourceImageRequiredForModel");
    }
    if (!source && models.stream().anyMatch(reference::isControlnet)) {
      throw unsupportedModel("UnexpectedModelName");
    }
    int n = params.n();
    if (models.contains(SDXL_BETA)) {
      // The beta compares two pipelines: it takes over the model list and always makes two images.
      if (who.anonymous()) {
        throw new ApiError(403, "BetaAnonForbidden", "Anonymous users cannot use the SDXL_beta.");
      }
      if (n == 1) {
        throw ApiError.badRequest("BetaComparisonFault",
            "You need to request at least 2 images for SDXL to allow for comparison");
      }
      models = List.of(SDXL_BETA);
      n = 2;
    }
    if (BANNED_CLIENT_AGENT.equals(clientAgent)) {
      throw new ApiError(403, "BannedClientAgent", "This Client-Agent appears badly designed and is causing too many "
          + "warnings. First ensure it provides a proper name and contact details. Then contact us on Discord to "
          + "discuss the issue it's creating.");
    }
    return new Checked(warnings, models, n, disableBatching);
  }

  /**
   * The warnings of a request whose models state requirements (the reference's {@code ParamValidator}): it
   * compares what was sent, or its documented default (steps 30, cfg_scale 7.5, clip_skip 1, karras on).
   */
  static Set<ImageWarning> warnings(ModelGenerationInputStable params, List<String> models,
      ImageModelReference reference) {
    Set<ImageWarning> warnings = new LinkedHashSet<>();
    int steps = params.steps() == null ? 30 : params.steps();
    double cfgScale = params.cfgScale() == null ? 7.5 : params.cfgScale();
    int clipSkip = params.clipSkip() == null ? 1 : params.clipSkip();
    String scheduler = params.payloadKarras() ? "karras" : "simple";
    for (String model : models) {
      Requirements needs = reference.requirements(model);
      if (needs.clipSkip() != null && needs.clipSkip() != clipSkip) {
        warnings.add(ImageWarning.ClipSkipMismatch);
      }
      if (needs.minSteps() != null && needs.minSteps() > steps) {
        warnings.add(ImageWarning.StepsTooFew);
      }
      if (needs.maxSteps() != null && needs.maxSteps() < steps) {
        warnings.add(ImageWarning.StepsTooMany);
      }
      if (needs.cfgScale() != null && needs.cfgScale() != cfgScale) {
        warnings.add(ImageWarning.CfgScaleMismatch);
      }
      if (needs.minCfgScale() != null && needs.minCfgScale() > cfgScale) {
        warnings.add(ImageWarning.CfgScaleTooSmall);
      }
      if (needs.maxCfgScale() != null && needs.maxCfgScale() < cfgScale) {
        warnings.add(ImageWarning.CfgScaleTooLarge);
      }
      if (needs.samplers() != null && !needs.samplers().contains(params.samplerName())) {
        warnings.add(ImageWarning.SamplerMismatch);
      }
      if (needs.schedulers() != null && !needs.schedulers().contains(scheduler)) {
        warnings.add(ImageWarning.SchedulerMismatch);
      }
    }
    return warnings;
  }

  /** The refusals of the reference's {@code ParamValidator.validate_image_params}, in its order. */
  private static void checkModelParams(String prompt, ModelGenerationInputStable params, List<String> models,
      ImageModelReference reference) {
    if (Boolean.TRUE.equals(params.hiresFix())) {
      hiresMismatch(models, reference, Baselines.FLUX, "Flux");
      hiresMismatch(models, reference, Baselines.QWEN, "Qwen");
      hiresMismatch(models, reference, Baselines.Z_IMAGE, "Z-Image");
    }
    if (params.loras() != null) {
      if (params.loras().size() > MAX_LORAS) {
        throw ApiError.badRequest("TooManyLoras", "You cannot request more than 5 loras per generation.");
      }
      for (ModelPayloadLorasStable lora : params.loras()) {
        if (Boolean.TRUE.equals(lora.isVersion()) && (lora.name() == null || !pythonIsDigit(lora.name()))) {
          throw ApiError.badRequest("BadLoraVersion",
              "explicit LoRa version requests have to be a version ID (i.e integer).");
        }
      }
    }
    if (params.tis() != null && params.tis().size() > MAX_TIS) {
      throw ApiError.badRequest("TooManyTIs", "You cannot request more than 20 Textual Inversions per generation.");
    }
    if (Boolean.TRUE.equals(params.transparent())
        && models.stream().anyMatch(m -> !TRANSPARENCY_BASELINES.contains(reference.baseline(m)))) {
      throw ApiError.badRequest("InvalidTransparencyModel",
          "Generating Transparent images is only possible for Stable Diffusion 1.5 and XL models.");
    }
    if ("qr_code".equals(params.workflow())
        && !models.stream().allMatch(m -> TRANSPARENCY_BASELINES.contains(reference.baseline(m)))) {
      throw ApiError.badRequest("ControlNetMismatch.", "QR Code controlnet only works with SD 1.5 and SDXL models "
          + "currently");
    }
    if (pythonWordCount(prompt) > MAX_PROMPT_WORDS) {
      throw ApiError.badRequest("InvalidPromptSize", "Too large prompt. Please reduce the amount of tokens contained.");
    }
    if (models.stream().anyMatch(POST_PROCESSORS::contains)) {
      throw unsupportedModel("UnexpectedModelName");
    }
    if (params.postProcessing() != null
        && params.postProcessing().stream().filter(ImageBodies.UPSCALERS::contains).count() > 1) {
      throw ApiError.badRequest("TooManyUpscalers", "Cannot use more than 1 upscaler at a time.");
    }
    if (params.cfgScale() != null && !hasTwoDecimals(params.cfgScale())) {
      throw ApiError.badRequest("BadCFGDecimals", "cfg_scale must be rounded to 2 decimal places");
    }
  }

  private static void hiresMismatch(List<String> models, ImageModelReference reference, String baseline,
      String name) {
    if (models.stream().anyMatch(m -> reference.baseline(m).startsWith(baseline))) {
      throw ApiError.badRequest("HiResMismatch", "HiRes Fix does not work with " + name + " currently.");
    }
  }

  /** The reference's {@code check_for_special}: models reserved to one special user. */
  private static void checkSpecialModels(ModelGenerationInputStable params, List<String> models, Requester who) {
    for (String model : models) {
      if (!model.contains("horde_special")) {
        continue;
      }
      if (!who.special()) {
        throw new ApiError(403, "Forbidden", "Only special users can request a special model.");
      }
      String[] parts = model.split("::", -1);
      if (parts.length == 1) {
        throw ApiError.badRequest("SpecialMissingUsername",
            "Special models must always include the username, in the form of 'horde_special::user#id'");
      }
      if (!parts[1].equals(who.alias())) {
        throw new ApiError(403, "Forbidden", "This model can only be requested by " + parts[1]);
      }
      if (params.special() == null || params.special().isEmpty()) {
        throw ApiError.badRequest("SpecialMissingPayload", "Special models have to include a special payload");
      }
    }
  }

  private static void checkControlnet(GenerationInputStable input, ModelGenerationInputStable params,
      List<String> models, ImageModelReference reference, boolean source) {
    String controlType = params.controlType();
    if (controlType == null) {
      return;
    }
    if (SD2_UNSUPPORTED_CONTROL_TYPES.contains(controlType)
        && models.stream().anyMatch(m -> reference.baseline(m).startsWith(Baselines.SD2_PREFIX))) {
      throw ApiError.badRequest("ControlNetUnsupported",
          "No current model available for this particular ControlNet for SD2.x");
    }
    if (models.contains("pix2pix")) {
      throw ApiError.badRequest("ControlNetUnsupported", "You cannot use ControlNet with these models.");
    }
    if (!source) {
      throw ApiError.badRequest("ControlNetSourceMissing", "Controlnet Requires a source image.");
    }
    if ("inpainting".equals(input.sourceProcessing())) {
      throw ApiError.badRequest("ControlNetInpaintingMismatch",
          "ControlNet cannot be used with inpainting at this time");
    }
    controlnetMismatch(models, reference, Baselines.SDXL, "SDXL");
    controlnetMismatch(models, reference, Baselines.CASCADE, "Stable Cascade");
    controlnetMismatch(models, reference, Baselines.FLUX, "Flux");
    controlnetMismatch(models, reference, Baselines.QWEN, "Qwen");
    controlnetMismatch(models, reference, Baselines.Z_IMAGE, "Z-Image");
  }

  private static void controlnetMismatch(List<String> models, ImageModelReference reference, String baseline,
      String name) {
    if (models.stream().anyMatch(m -> reference.baseline(m).startsWith(baseline))) {
      throw ApiError.badRequest("ControlNetMismatch", "ControlNet does not work with " + name + " currently.");
    }
  }

  private static ApiError unsupportedModel(String rc) {
    return ApiError.badRequest(rc, "This model is not supported in this mode the moment");
  }

  /**
   * NUL bytes anywhere in the request (a string or a member name): 400 {@code NulByteInPayload}. The reference
   * answers so when one reaches its database, which is when the request record is created, after
   * {@link #checkParams}.
   */
  static void rejectNulBytes(JsonNode body) {
    if (hasNul(body)) {
      throw NulBytes.refusal();
    }
  }

  private static boolean hasNul(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isTextual()) {
      return node.textValue().indexOf('\u0000') >= 0;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        if (member.getKey().indexOf('\u0000') >= 0 || hasNul(member.getValue())) {
          return true;
        }
      }
      return false;
    }
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (hasNul(item)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The source images, read in the reference's order: the source, its mask, the alpha channel an inpainting
   * source without a mask must have, then the extra source images. Called where the reference reads them: once
   * the request is admitted (after the upfront kudos), and never for a dry run, which the reference prices
   * without looking at its images.
   *
   * @param download reads a URL source: downloads it and answers {@link SourceImages#readDownloaded} (or throws
   *     {@link SourceImages#downloadFailed}); the reference gives a download 2 seconds
   */
  static Sources checkSourceImages(GenerationInputStable input, Function<String, Decoded> download) {
    Decoded source = null;
    Decoded mask = null;
    if (present(input.sourceImage())) {
      source = read(input.sourceImage(), download);
      if (present(input.sourceMask())) {
        mask = read(input.sourceMask(), download);
      } else if ("inpainting".equals(input.sourceProcessing()) && !source.fourBands()) {
        throw SourceImages.failed("Inpainting requests must either include a mask, or an alpha channel.",
            "InpaintingMissingMask");
      }
    }
    List<Decoded> extras = new ArrayList<>();
    for (ExtraSourceImage extra : input.extraSourceImages()) {
      if (extra.image() == null) {
        throw SourceImages.failed(SourceImages.DEFAULT_DETAIL, "ImageValidationFailed");
      }
      extras.add(read(extra.image(), download));
    }
    return new Sources(source, mask, List.copyOf(extras));
  }

  private static Decoded read(String image, Function<String, Decoded> download) {
    return SourceImages.isUrl(image) ? download.apply(image) : SourceImages.readBase64(image);
  }

  /** The owner of a worker that pops, as far as its models are concerned. */
  record WorkerOwner(String alias, boolean special, boolean customizer) {}

  /**
   * The models an image worker may serve of those it offers (the reference's {@code parse_models}): the first
   * 300 offered; a special user's {@code name::alias} models when they name the user; models of the reference,
   * or any for a customizer; the rest is dropped. None left is a refusal.
   */
  static Set<String> popModels(List<String> offered, WorkerOwner owner, ImageModelReference reference) {
    Set<String> models = new LinkedHashSet<>();
    for (String model : offered.subList(0, Math.min(offered.size(), 300))) {
      String[] parts = model.split("::", -1);
      if (owner.special() && parts.length == 2) {
        if (!owner.alias().equals(parts[1])) {
          throw ApiError.badRequest("BadRequest", "This model can only be hosted by " + parts[1]);
        }
        models.add(model);
      } else if (reference.find(model).isPresent() || owner.customizer()) {
        models.add(model);
      }
    }
    if (models.isEmpty()) {
      throw ApiError.badRequest("BadRequest", "Unfortunately we cannot accept workers serving unrecognised models at "
          + "this time");
    }
    return models;
  }

  /** A worker's word blacklist as the reference keeps it: the first 200 words, each cut to 15 characters. */
  static Set<String> popBlacklist(List<String> words) {
    Set<String> kept = new LinkedHashSet<>();
    for (String word : words.subList(0, Math.min(words.size(), 200))) {
      kept.add(word.codePointCount(0, word.length()) > 15 ? word.substring(0, word.offsetByCodePoints(0, 15)) : word);
    }
    return kept;
  }

  /**
   * An image submit's own check: more than 50 metadata entries are refused (the reference refuses them after
   * storing and paying for the image, spec Q13; here before).
   */
  static void checkSubmit(SubmitInputStable submit) {
    if (submit.genMetadata().size() > MAX_GEN_METADATA) {
      throw ApiError.badRequest("BadRequest", "Too many metadata fields. Max is 50.");
    }
  }

  /** Python's truthiness of a JSON value: null, false, 0, "", [] and {} are false. */
  static boolean truthy(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.decimalValue().signum() != 0;
    }
    if (value.isTextual()) {
      return !value.textValue().isEmpty();
    }
    return value.size() > 0;
  }

  /** Python's {@code len(prompt.split())}: words between runs of Unicode whitespace. */
  static int pythonWordCount(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      boolean space = pythonIsSpace(c);
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
      i += Character.charCount(c);
    }
    return words;
  }

  /** Python's {@code str.isspace} of one character: Java's whitespace plus the no-break spaces and U+0085. */
  private static boolean pythonIsSpace(int c) {
    return Character.isWhitespace(c) || c == 0x85 || c == 0xA0 || c == 0x2007 || c == 0x202F;
  }

  /** Python's {@code str.isdigit}: not empty, and every character a decimal digit or a digit such as a superscript. */
  private static boolean pythonIsDigit(String text) {
    return !text.isEmpty() && text.codePoints().allMatch(c -> Character.isDigit(c) || isOtherDigit(c));
  }

  /** Characters of Unicode numeric type Digit (superscripts, subscripts, circled digits) that Java does not count. */
  private static boolean isOtherDigit(int c) {
    return c == 0x00B2 || c == 0x00B3 || c == 0x00B9 || c == 0x2070 || (c >= 0x2074 && c <= 0x2079)
        || (c >= 0x2080 && c <= 0x2089) || (c >= 0x2460 && c <= 0x2468) || (c >= 0x2474 && c <= 0x247C)
        || (c >= 0x2488 && c <= 0x2490) || c == 0x24EA || (c >= 0x24F5 && c <= 0x24FD) || c == 0x24FF
        || (c >= 0x2776 && c <= 0x277E) || (c >= 0x2780 && c <= 0x2788) || (c >= 0x278A && c <= 0x2792);
  }

  /**
   * Whether {@code round(value, 2) == value} in Python: its exact binary value rounded half to even at two
   * decimals is the same double again.
   */
  static boolean hasTwoDecimals(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return false;
    }
    return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).doubleValue() == value;
  }

  private static boolean present(String value) {
    return value != null && !value.isEmpty();
  }
}
