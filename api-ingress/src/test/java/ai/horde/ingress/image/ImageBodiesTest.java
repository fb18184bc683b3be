package ai.horde.ingress.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.horde.ingress.fixtures.Bodies;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.InvalidInput;
import ai.horde.ingress.image.ImageBodies.GenerationInputStable;
import ai.horde.ingress.image.ImageBodies.ModelGenerationInputStable;
import ai.horde.ingress.image.ImageBodies.PopInputStable;
import ai.horde.ingress.image.ImageBodies.SubmitInputStable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The image bodies read as the reference reads them: the parser's defaults, the model's limits, and the
 * flask-restx validation body (keyed by dotted path, worded as jsonschema words it) for what is out of them.
 */
class ImageBodiesTest {
  private static final String SAMPLERS = "['k_euler', 'lcm', 'k_euler_a', 'k_dpmpp_2s_a', 'DDIM', 'dpmsolver', "
      + "'k_lms', 'k_dpm_fast', 'k_dpmpp_sde', 'k_dpm_2', 'k_dpm_2_a', 'k_dpm_adaptive', 'k_heun', 'k_dpmpp_2m']";
  private static final String POST_PROCESSORS = "['GFPGAN', 'RealESRGAN_x4plus', 'RealESRGAN_x2plus', "
      + "'RealESRGAN_x4plus_anime_6B', 'NMKD_Siax', '4x_AnimeSharp', 'CodeFormers', 'strip_background', "
      + "'4xNomos8kSC', '4xLSDIRplus', '4xNomosWebPhoto_RealPLKSR', '4xNomos2_realplksr_dysample', "
      + "'4xNomos2_hq_dat2', '2xModernSpanimationV1', 'GFPGANv1.3', 'RestoreFormer']";

  private static Map<String, String> errors(String body, Class<?> type) {
    InvalidInput invalid = catchThrowableOfType(InvalidInput.class, () -> Bodies.read(body, type));
    assertThat(invalid).as(body).isNotNull();
    return invalid.errors();
  }

  private static Map<String, String> requestErrors(String body) {
    return errors(body, GenerationInputStable.class);
  }

  /** A request whose params are {@code params}. */
  private static Map<String, String> paramErrors(String params) {
    return requestErrors("{\"prompt\":\"a cat\",\"params\":" + params + "}");
  }

  @Test
  void aBareRequestGetsTheParsersDefaultsNotTheDocumentedOnes() {
    GenerationInputStable input = Bodies.read("{\"prompt\":\"a cat\"}", GenerationInputStable.class);
    // The parser's: nsfw and censor_nsfw true, validated_backends false (the document says false, false, true).
    assertThat(input.nsfw()).isTrue();
    assertThat(input.censorNsfw()).isTrue();
    assertThat(input.validatedBackends()).isFalse();
    assertThat(input.trustedWorkers()).isFalse();
    assertThat(input.slowWorkers()).isTrue();
    assertThat(input.extraSlowWorkers()).isFalse();
    assertThat(input.models()).containsExactly("stable_diffusion");
    assertThat(input.workers()).isEmpty();
    assertThat(input.workerBlacklist()).isFalse();
    assertThat(input.sourceProcessing()).isEqualTo("img2img");
    assertThat(input.sourceImage()).isNull();
    assertThat(input.extraSourceImages()).isEmpty();
    assertThat(input.r2()).isTrue();
    assertThat(input.shared()).isFalse();
    assertThat(input.replacementFilter()).isTrue();
    assertThat(input.dryRun()).isFalse();
    assertThat(input.disableBatching()).isFalse();
    assertThat(input.allowDowngrade()).isFalse();
    assertThat(input.params()).isEqualTo(ModelGenerationInputStable.DEFAULTS);
  }

  @Test
  void paramsGetWhatTheReferenceFillsInAndKeepWhatDependsOnTheStage() {
    ModelGenerationInputStable params = Bodies.read("{\"prompt\":\"a cat\",\"params\":{}}",
        GenerationInputStable.class).params();
    assertThat(params.n()).isEqualTo(1);
    assertThat(params.width()).isEqualTo(512);
    assertThat(params.height()).isEqualTo(512);
    assertThat(params.samplerName()).isEqualTo("k_euler_a");
    // Sent as nothing: the checks use 30 / 7.5, the worker is sent 30 / 5.0 / karras on.
    assertThat(params.steps()).isNull();
    assertThat(params.cfgScale()).isNull();
    assertThat(params.effectiveSteps()).isEqualTo(30);
    assertThat(params.payloadCfgScale()).isEqualTo(5.0);
    assertThat(params.payloadKarras()).isTrue();
    assertThat(params.loras()).isNull();
  }

  @Test
  void controlNetRequestsDefaultToTwentyStepsAndAreCutToForty() {
    assertThat(params("{\"control_type\":\"canny\"}").effectiveSteps()).isEqualTo(20);
    assertThat(params("{\"control_type\":\"canny\",\"steps\":50}").effectiveSteps()).isEqualTo(40);
    assertThat(params("{\"control_type\":\"canny\",\"steps\":25}").effectiveSteps()).isEqualTo(25);
    assertThat(params("{\"steps\":50}").effectiveSteps()).isEqualTo(50);
    assertThat(params("{\"karras\":false,\"cfg_scale\":7}").payloadKarras()).isFalse();
    assertThat(params("{\"karras\":false,\"cfg_scale\":7}").payloadCfgScale()).isEqualTo(7.0);
  }

  private static ModelGenerationInputStable params(String params) {
    return Bodies.read("{\"prompt\":\"a cat\",\"params\":" + params + "}", GenerationInputStable.class).params();
  }

  @Test
  void aFullRequestIsReadAsSent() {
    GenerationInputStable input = Bodies.read("""
        {"prompt":"a cat###dog","models":["SDXL 1.0"],"nsfw":false,"censor_nsfw":false,"r2":false,
         "source_image":"http://example.com/a.png","source_processing":"inpainting","source_mask":"abc",
         "extra_source_images":[{"image":"abc","strength":0.5}],"workers":["w1"],"worker_blacklist":true,
         "webhook":"https://example.com/hook","style":"my style","dry_run":true,"proxied_account":"bob",
         "params":{"sampler_name":"k_dpmpp_2m","cfg_scale":6.5,"denoising_strength":0.75,"width":1024,
          "height":768,"post_processing":["GFPGAN","RealESRGAN_x4plus"],"karras":true,"tiling":false,
          "hires_fix":true,"hires_fix_denoising_strength":0.5,"clip_skip":2,"facefixer_strength":0.5,
          "loras":[{"name":"123","model":0.8,"clip":1,"inject_trigger":"any","is_version":true}],
          "tis":[{"name":"7808","inject_ti":"negprompt","strength":-1}],"special":{"x":1},"workflow":"qr_code",
          "transparent":false,"seed":"abc","seed_variation":3,"control_type":"canny","image_is_control":true,
          "return_control_map":false,"extra_texts":[{"text":"hello","reference":"qr_code"}],"steps":25,"n":4,
          "init_as_image":1,"dry_multiplier":3}}""", GenerationInputStable.class);
    assertThat(input.nsfw()).isFalse();
    assertThat(input.params().postProcessing()).containsExactly("GFPGAN", "RealESRGAN_x4plus");
    assertThat(input.params().loras().get(0).isVersion()).isTrue();
    assertThat(input.params().tis().get(0).strength()).isEqualTo(-1.0);
    assertThat(input.params().special()).containsKey("x");
    assertThat(input.params().extraTexts().get(0).reference()).isEqualTo("qr_code");
    assertThat(input.params().initAsImage().intValue()).isEqualTo(1);
    assertThat(input.params().n()).isEqualTo(4);
    assertThat(input.extraSourceImages().get(0).strength()).isEqualTo(0.5);
  }

  @Test
  void sizesMustBeMultiplesOf64WithinTheRangeAndTheMultipleIsWhatIsReported() {
    assertThat(paramErrors("{\"width\":100}")).containsExactly(Map.entry("params.width",
        "100 is not a multiple of 64"));
    // Over the maximum and not a multiple: jsonschema's later error is the one flask-restx keeps.
    assertThat(paramErrors("{\"height\":4000}"))
        .containsExactly(Map.entry("params.height", "4000 is not a multiple of 64"));
    assertThat(paramErrors("{\"width\":3136}"))
        .containsExactly(Map.entry("params.width", "3136 is greater than the maximum of 3072"));
    assertThat(paramErrors("{\"width\":0}")).containsExactly(Map.entry("params.width",
        "0 is less than the minimum of 64"));
    assertThat(paramErrors("{\"width\":-512}"))
        .containsExactly(Map.entry("params.width", "-512 is less than the minimum of 64"));
    assertThat(paramErrors("{\"width\":\"wide\"}"))
        .containsExactly(Map.entry("params.width", "'wide' is not of type 'integer'"));
    assertThat(paramErrors("{\"width\":512.0}"))
        .containsExactly(Map.entry("params.width", "512.0 is not of type 'integer'"));
  }

  @Test
  void stepsAndImagesAreBounded() {
    assertThat(paramErrors("{\"steps\":501}")).containsExactly(Map.entry("params.steps",
        "501 is greater than the maximum of 500"));
    assertThat(paramErrors("{\"steps\":100000}"))
        .containsExactly(Map.entry("params.steps", "100000 is greater than the maximum of 500"));
    assertThat(paramErrors("{\"steps\":0}")).containsExactly(Map.entry("params.steps",
        "0 is less than the minimum of 1"));
    assertThat(paramErrors("{\"n\":21}")).containsExactly(Map.entry("params.n",
        "21 is greater than the maximum of 20"));
    assertThat(paramErrors("{\"n\":100000}")).containsExactly(Map.entry("params.n",
        "100000 is greater than the maximum of 20"));
    assertThat(paramErrors("{\"clip_skip\":13}")).containsExactly(Map.entry("params.clip_skip",
        "13 is greater than the maximum of 12"));
    assertThat(paramErrors("{\"seed_variation\":1001}"))
        .containsExactly(Map.entry("params.seed_variation", "1001 is greater than the maximum of 1000"));
  }

  @Test
  void floatBoundsArePrintedAsTheReferenceWroteThem() {
    assertThat(paramErrors("{\"cfg_scale\":101}"))
        .containsExactly(Map.entry("params.cfg_scale", "101 is greater than the maximum of 100"));
    assertThat(paramErrors("{\"cfg_scale\":-0.5}"))
        .containsExactly(Map.entry("params.cfg_scale", "-0.5 is less than the minimum of 0"));
    assertThat(paramErrors("{\"denoising_strength\":1.5}"))
        .containsExactly(Map.entry("params.denoising_strength", "1.5 is greater than the maximum of 1.0"));
    assertThat(paramErrors("{\"hires_fix_denoising_strength\":0}"))
        .containsExactly(Map.entry("params.hires_fix_denoising_strength", "0 is less than the minimum of 0.01"));
    assertThat(paramErrors("{\"facefixer_strength\":2}"))
        .containsExactly(Map.entry("params.facefixer_strength", "2 is greater than the maximum of 1.0"));
    assertThat(paramErrors("{\"loras\":[{\"name\":\"x\",\"model\":6}]}"))
        .containsExactly(Map.entry("params.loras.0.model", "6 is greater than the maximum of 5.0"));
    assertThat(paramErrors("{\"tis\":[{\"name\":\"x\",\"strength\":-5.5}]}"))
        .containsExactly(Map.entry("params.tis.0.strength", "-5.5 is less than the minimum of -5.0"));
  }

  @Test
  void enumsListTheReferencesValues() {
    assertThat(paramErrors("{\"sampler_name\":\"k_foo\"}"))
        .containsExactly(Map.entry("params.sampler_name", "'k_foo' is not one of " + SAMPLERS));
    assertThat(paramErrors("{\"post_processing\":[\"GFPGAN\",\"foo\"]}"))
        .containsExactly(Map.entry("params.post_processing.1", "'foo' is not one of " + POST_PROCESSORS));
    assertThat(paramErrors("{\"control_type\":\"mlsd\"}")).containsExactly(Map.entry("params.control_type",
        "'mlsd' is not one of ['canny', 'hed', 'depth', 'normal', 'openpose', 'seg', 'scribble', 'fakescribbles', "
            + "'hough']"));
    assertThat(paramErrors("{\"workflow\":\"x\"}")).containsExactly(Map.entry("params.workflow",
        "'x' is not one of ['qr_code']"));
    assertThat(paramErrors("{\"tis\":[{\"name\":\"x\",\"inject_ti\":\"both\"}]}"))
        .containsExactly(Map.entry("params.tis.0.inject_ti", "'both' is not one of ['prompt', 'negprompt']"));
    assertThat(requestErrors("{\"prompt\":\"a\",\"source_processing\":\"txt2img\"}")).containsExactly(
        Map.entry("source_processing", "'txt2img' is not one of ['img2img', 'inpainting', 'outpainting', 'remix']"));
  }

  @Test
  void postProcessorsAreAUniqueList() {
    assertThat(paramErrors("{\"post_processing\":[\"GFPGAN\",\"GFPGAN\"]}"))
        .containsExactly(Map.entry("params.post_processing", "['GFPGAN', 'GFPGAN'] has non-unique elements"));
    assertThat(paramErrors("{\"post_processing\":\"GFPGAN\"}"))
        .containsExactly(Map.entry("params.post_processing", "'GFPGAN' is not of type 'array'"));
  }

  @Test
  void nestedObjectsAreCheckedWhereverTheyAre() {
    assertThat(paramErrors("{\"loras\":\"notalist\"}"))
        .containsExactly(Map.entry("params.loras", "'notalist' is not of type 'array'"));
    assertThat(paramErrors("{\"loras\":[{}]}")).containsExactly(Map.entry("params.loras.0.name",
        "'name' is a required property"));
    assertThat(paramErrors("{\"loras\":[{\"name\":\"\"}]}")).containsExactly(Map.entry("params.loras.0.name",
        "'' is too short"));
    assertThat(paramErrors("{\"loras\":[{\"name\":\"x\",\"inject_trigger\":\"" + "t".repeat(31) + "\"}]}"))
        .containsOnlyKeys("params.loras.0.inject_trigger");
    assertThat(paramErrors("{\"special\":\"x\"}")).containsExactly(Map.entry("params.special",
        "'x' is not of type 'object'"));
    assertThat(paramErrors("{\"special\":[1]}")).containsExactly(Map.entry("params.special",
        "[1] is not of type 'object'"));
    assertThat(paramErrors("{\"extra_texts\":[{\"text\":\"\",\"reference\":\"ab\"}]}")).containsExactly(
        Map.entry("params.extra_texts.0.text", "'' is too short"),
        Map.entry("params.extra_texts.0.reference", "'ab' is too short"));
    assertThat(paramErrors("{\"seed\":5}")).containsExactly(Map.entry("params.seed", "5 is not of type 'string'"));
    assertThat(paramErrors("[]")).containsExactly(Map.entry("params", "[] is not of type 'object'"));
    assertThat(requestErrors("{\"prompt\":\"a\",\"extra_source_images\":[{\"image\":\"\",\"strength\":\"x\"}]}"))
        .containsExactly(Map.entry("extra_source_images.0.image", "'' is too short"),
            Map.entry("extra_source_images.0.strength", "'x' is not of type 'number'"));
  }

  @Test
  void thePromptIsRequiredByTheParserAndMayNotBeEmptyByTheSchema() {
    assertThat(requestErrors("{}")).containsExactly(
        Map.entry("prompt", "The prompt to generate from. Missing required parameter in the JSON body"));
    assertThat(requestErrors("{\"prompt\":\"\"}")).containsExactly(Map.entry("prompt", "'' is too short"));
    assertThat(requestErrors("{\"prompt\":null}")).containsExactly(Map.entry("prompt", "None is not of type 'string'"));
  }

  @Test
  void topLevelFieldsAreTypedAndBounded() {
    assertThat(requestErrors("{\"prompt\":\"a\",\"models\":\"stable_diffusion\"}"))
        .containsExactly(Map.entry("models", "'stable_diffusion' is not of type 'array'"));
    assertThat(requestErrors("{\"prompt\":\"a\",\"webhook\":\"https://\"}"))
        .containsExactly(Map.entry("webhook", "'https://' is too short"));
    assertThat(requestErrors("{\"prompt\":\"a\",\"style\":\"ab\"}")).containsExactly(Map.entry("style",
        "'ab' is too short"));
    assertThat(requestErrors("{\"prompt\":\"a\",\"nsfw\":\"yes\"}")).containsExactly(Map.entry("nsfw",
        "'yes' is not of type 'boolean'"));
    assertThat(requestErrors("{\"prompt\":\"a\",\"r2\":null}")).containsExactly(Map.entry("r2",
        "None is not of type 'boolean'"));
  }

  @Test
  void everyFailingFieldIsListedInTheModelsOrder() {
    assertThat(requestErrors("{\"prompt\":5,\"params\":{\"width\":100,\"n\":0,\"sampler_name\":\"x\"},"
        + "\"nsfw\":1,\"models\":[1]}")).containsExactly(
        Map.entry("prompt", "5 is not of type 'string'"),
        Map.entry("params.sampler_name", "'x' is not one of " + SAMPLERS),
        Map.entry("params.width", "100 is not a multiple of 64"),
        Map.entry("params.n", "0 is less than the minimum of 1"),
        Map.entry("nsfw", "1 is not of type 'boolean'"),
        Map.entry("models.0", "1 is not of type 'string'"));
  }

  @Test
  void garbageIsAClientErrorNeverAServerError() {
    for (String garbage : List.of("{not valid json", "", "[1,2]", "\"prompt\"", "null", "42",
        "{\"prompt\":\"a\",\"params\":{\"width\":1e400}}", "{\"prompt\":\"a\",\"params\":{\"n\":99999999999999999999}}",
        "{\"prompt\":\"a\",\"params\":{\"loras\":[[]]}}", "{\"prompt\":{\"a\":1}}", "{\"prompt\":\"a\"}}}")) {
      Throwable thrown = catchThrowableOfType(RuntimeException.class,
          () -> Bodies.read(garbage, GenerationInputStable.class));
      if (thrown != null) {
        assertThat(thrown).as(garbage).isInstanceOfAny(InvalidInput.class, ApiError.class);
        if (thrown instanceof ApiError error) {
          assertThat(error.status()).as(garbage).isEqualTo(400);
        }
      }
    }
  }

  @Test
  void theDocumentedEnumsAreTheListsTheChecksUse() throws Exception {
    Schema samplers = ModelGenerationInputStable.class.getDeclaredMethod("samplerName").getAnnotation(Schema.class);
    assertThat(samplers.allowableValues()).containsExactly(ImageBodies.SAMPLERS);
    ArraySchema postProcessing = ModelGenerationInputStable.class.getDeclaredMethod("postProcessing")
        .getAnnotation(ArraySchema.class);
    assertThat(postProcessing.schema().allowableValues()).containsExactly(ImageBodies.POST_PROCESSORS);
    assertThat(List.of(ImageBodies.POST_PROCESSORS)).containsAll(ImageBodies.UPSCALERS);
    Schema controlTypes = ModelGenerationInputStable.class.getDeclaredMethod("controlType").getAnnotation(Schema.class);
    assertThat(controlTypes.allowableValues()).containsExactly(ImageBodies.CONTROL_TYPES);
    Schema processing = GenerationInputStable.class.getDeclaredMethod("sourceProcessing").getAnnotation(Schema.class);
    assertThat(processing.allowableValues()).containsExactly(ImageBodies.SOURCE_PROCESSINGS);
  }

  @Test
  void aPopGetsTheParsersDefaults() {
    PopInputStable pop = Bodies.read("{\"name\":\"w\"}", PopInputStable.class);
    assertThat(pop.nsfw()).isTrue();
    assertThat(pop.models()).isEmpty();
    assertThat(pop.priorityUsernames()).isEmpty();
    assertThat(pop.bridgeAgent()).isEqualTo("unknown:0:unknown");
    assertThat(pop.threads()).isEqualTo(1);
    assertThat(pop.amount()).isEqualTo(1);
    assertThat(pop.requireUpfrontKudos()).isFalse();
    assertThat(pop.extraSlowWorker()).isFalse();
    assertThat(pop.maxPixels()).isEqualTo(262_144L);
    assertThat(pop.blacklist()).isEmpty();
    assertThat(pop.allowImg2img()).isTrue();
    assertThat(pop.allowPainting()).isTrue();
    assertThat(pop.allowUnsafeIpaddr()).isTrue();
    assertThat(pop.allowPostProcessing()).isTrue();
    // The document says true; the parser, which decides, false.
    assertThat(pop.allowControlnet()).isFalse();
    assertThat(pop.allowSdxlControlnet()).isFalse();
    assertThat(pop.allowLora()).isFalse();
    assertThat(pop.limitMaxSteps()).isFalse();
  }

  @Test
  void aPopIsCheckedAgainstItsModel() {
    assertThat(errors("{}", PopInputStable.class)).containsExactly(
        Map.entry("name",
            "The worker's unique name, to track contributions. Missing required parameter in the JSON body"));
    assertThat(errors("{\"name\":\"w\",\"models\":[\"ab\"],\"threads\":51,\"amount\":0,\"max_pixels\":\"big\","
        + "\"allow_lora\":1,\"blacklist\":\"x\"}", PopInputStable.class)).containsExactly(
        Map.entry("models.0", "'ab' is too short"),
        Map.entry("threads", "51 is greater than the maximum of 50"),
        Map.entry("amount", "0 is less than the minimum of 1"),
        Map.entry("max_pixels", "'big' is not of type 'integer'"),
        Map.entry("blacklist", "'x' is not of type 'array'"),
        Map.entry("allow_lora", "1 is not of type 'boolean'"));
  }

  @Test
  void aSubmitNeedsItsIdAndSeedByTheSchemaThenItsGenerationByTheParser() {
    SubmitInputStable submit = Bodies.read("{\"id\":\"j\",\"generation\":\"R2\",\"seed\":0}", SubmitInputStable.class);
    assertThat(submit.state()).isEqualTo("ok");
    assertThat(submit.censored()).isFalse();
    assertThat(submit.genMetadata()).isEmpty();
    assertThat(errors("{\"generation\":\"R2\"}", SubmitInputStable.class)).containsExactly(
        Map.entry("id", "'id' is a required property"), Map.entry("seed", "'seed' is a required property"));
    assertThat(errors("{\"id\":\"j\",\"seed\":1}", SubmitInputStable.class))
        .containsExactly(Map.entry("generation", "The generated output. Missing required parameter in the JSON body"));
    assertThat(errors("{\"id\":12345,\"generation\":\"x\",\"seed\":\"abc\",\"state\":\"done\"}",
        SubmitInputStable.class))
        .containsExactly(Map.entry("id", "12345 is not of type 'string'"),
            Map.entry("state", "'done' is not one of ['ok', 'censored', 'faulted', 'csam']"),
            Map.entry("seed", "'abc' is not of type 'integer'"));
  }

  @Test
  void submitMetadataUsesTheImageTypesAndValues() {
    SubmitInputStable submit = Bodies.read("{\"id\":\"j\",\"generation\":\"R2\",\"seed\":3,\"gen_metadata\":"
        + "[{\"type\":\"lora\",\"value\":\"download_failed\",\"ref\":\"123\"}]}", SubmitInputStable.class);
    assertThat(submit.genMetadata().get(0).type()).isEqualTo("lora");
    assertThat(errors("{\"id\":\"j\",\"generation\":\"R2\",\"seed\":3,\"gen_metadata\":[{\"type\":\"x\",\"value\":\"y\","
        + "\"ref\":\"" + "r".repeat(256) + "\"},{}]}", SubmitInputStable.class)).containsExactly(
        Map.entry("gen_metadata.0.type",
            "'x' is not one of ['lora', 'ti', 'censorship', 'source_image', 'source_mask', "
            + "'extra_source_images', 'batch_index', 'information', 'aesthetic_score']"),
        Map.entry("gen_metadata.0.value", "'y' is not one of ['download_failed', 'parse_failed', 'baseline_mismatch', "
            + "'csam', 'nsfw', 'see_ref']"),
        Map.entry("gen_metadata.0.ref", "'" + "r".repeat(256) + "' is too long"),
        Map.entry("gen_metadata.1.type", "'type' is a required property"),
        Map.entry("gen_metadata.1.value", "'value' is a required property"));
  }
}
