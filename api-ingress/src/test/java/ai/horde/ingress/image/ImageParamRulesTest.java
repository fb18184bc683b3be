package ai.horde.ingress.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.horde.ingress.fixtures.Bodies;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.InvalidInput;
import ai.horde.ingress.image.ImageBodies.GenerationInputStable;
import ai.horde.ingress.image.ImageBodies.SubmitInputStable;
import ai.horde.ingress.image.ImageModelReference.Baselines;
import ai.horde.ingress.image.ImageModelReference.KnownModel;
import ai.horde.ingress.image.ImageModelReference.Requirements;
import ai.horde.ingress.image.ImageParamRules.Checked;
import ai.horde.ingress.image.ImageParamRules.Requester;
import ai.horde.ingress.image.ImageParamRules.Sources;
import ai.horde.ingress.image.ImageParamRules.WorkerOwner;
import ai.horde.ingress.image.SourceImages.Decoded;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The reference's image request checks: one case per rc with its status and words, the order when two fail,
 * requests that pass, and garbage that must be a client error.
 */
class ImageParamRulesTest {
  static final Requester USER = new Requester("alice#5", false, false, false, false, false, false);
  static final Requester TRUSTED = new Requester("tom#6", false, true, false, false, false, false);
  static final Requester PATRON = new Requester("pat#7", false, false, true, false, false, false);
  static final Requester ANONYMOUS = new Requester("Anonymous#0", true, false, false, false, false, false);
  static final Requester SERVICE = new Requester("svc#8", false, false, false, true, false, false);
  static final Requester SPECIAL = new Requester("sam#9", false, false, false, false, false, true);
  static final Requester DELETED = new Requester("del#10", false, false, false, false, true, false);

  static final ImageModelReference MODELS = ImageModelReference.of(Map.of(
      "stable_diffusion", KnownModel.of(Baselines.SD1),
      "Deliberate", new KnownModel(Baselines.SD1, false, new Requirements(2, 20, 40, null, 3.0, 9.0,
          List.of("k_euler", "k_dpmpp_2m"), List.of("simple"))),
      "SDXL 1.0", KnownModel.of(Baselines.SDXL),
      "SD 2.1 768", KnownModel.of("stable diffusion 2"),
      "Stable Cascade 1.0", KnownModel.of(Baselines.CASCADE),
      "Flux.1-Schnell fp8 (Compact)", KnownModel.of(Baselines.FLUX),
      "Qwen-Image", KnownModel.of(Baselines.QWEN),
      "Z-Image-Turbo", KnownModel.of(Baselines.Z_IMAGE),
      "control_canny", new KnownModel(Baselines.SD1, true, null)));

  // Fixtures made with cwebp from 16 × 16 PNGs (src/test/resources/image): lossy (VP8), lossy with alpha (VP8X +
  // ALPH), lossless (VP8L) without and with alpha; a lossless 3136 × 3072 one, larger than the limit; and a grey
  // PNG with alpha (Pillow's LA: two bands).
  static final String WEBP_LOSSY = resource("lossy.webp");
  static final String WEBP_LOSSY_ALPHA = resource("lossy_alpha.webp");
  static final String WEBP_LOSSLESS = resource("lossless.webp");
  static final String WEBP_LOSSLESS_ALPHA = resource("lossless_alpha.webp");
  static final String WEBP_TOO_LARGE = resource("too_large.webp");
  static final String PNG_GREY_ALPHA = resource("grey_alpha.png");
  static final String PNG_RGB = encode(image(BufferedImage.TYPE_3BYTE_BGR, 32, 16), "png");
  static final String PNG_RGBA = encode(image(BufferedImage.TYPE_4BYTE_ABGR, 16, 16), "png");
  static final String JPEG = encode(image(BufferedImage.TYPE_3BYTE_BGR, 16, 16), "jpeg");
  static final String GIF = encode(image(BufferedImage.TYPE_BYTE_INDEXED, 16, 16), "gif");

  private static final Function<String, Decoded> NO_DOWNLOADS = url -> {
    throw new AssertionError("no download expected: " + url);
  };

  static String resource(String name) {
    try (var in = ImageParamRulesTest.class.getResourceAsStream("/image/" + name)) {
      return Base64.getEncoder().encodeToString(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BufferedImage image(int type, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        image.setRGB(x, y, 0x80000000 | (x * 8 << 16) | (y * 8 << 8));
      }
    }
    return image;
  }

  static String encode(BufferedImage image, String format) {
    return Base64.getEncoder().encodeToString(bytes(image, format));
  }

  static byte[] bytes(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(ImageIO.write(image, format, out)).isTrue();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GenerationInputStable request(String json) {
    return Bodies.read(json, GenerationInputStable.class);
  }

  /** A request with these params (and otherwise only a prompt and these top-level fields). */
  static GenerationInputStable withParams(String params, String more) {
    return request("{\"prompt\":\"a cat\",\"params\":" + params + (more.isEmpty() ? "" : "," + more) + "}");
  }

  static Checked params(GenerationInputStable input, Requester who) {
    return ImageParamRules.checkParams(input.prompt(), input, who, MODELS, "tests:1:ci", false);
  }

  static Checked params(String json) {
    return params(request(json), USER);
  }

  static void assertRefused(ThrowingCallable call, int status, String rc, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.rc()).isEqualTo(rc);
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  static void assertParamsRefused(String json, int status, String rc, String message) {
    assertRefused(() -> params(json), status, rc, message);
  }

  // ---- before the identity ------------------------------------------------------------------------------


  // ---- the requester ------------------------------------------------------------------------------------

  static void requester(String json, Requester who) {
    ImageParamRules.checkRequester(request(json), who, id -> id.startsWith("known"));
  }

  @Test
  void onlyServiceAccountsProxy() {
    assertRefused(() -> requester("{\"prompt\":\"a\",\"proxied_account\":\"bob\"}", USER), 400,
        "OnlyServiceAccountProxy", "Only service accounts can provide a proxied_account value.");
    requester("{\"prompt\":\"a\",\"proxied_account\":\"bob\"}", SERVICE);
    // An empty value is no value, as in Python.
    requester("{\"prompt\":\"a\",\"proxied_account\":\"\"}", USER);
  }

  @Test
  void deletedAccountsAreRefused() {
    assertRefused(() -> requester("{\"prompt\":\"a\"}", DELETED), 403, "DeletedUser",
        "This account has been scheduled for deletion and is disabled.");
  }

  static String extraImages(int count) {
    return "\"extra_source_images\":" + Collections.nCopies(count, "{\"image\":\"abc\"}");
  }

  @Test
  void atMostFiveExtraSourceImagesAndMoreThanOneOnlyForTrustedUsersAndPatrons() {
    assertRefused(() -> requester("{\"prompt\":\"a\"," + extraImages(6) + "}", TRUSTED), 400,
        "TooManyExtraSourceImages.", "You can send a maximum of 5 extra source images.");
    assertRefused(() -> requester("{\"prompt\":\"a\"," + extraImages(2) + "}", USER), 400,
        "MoreThanMinExtraSourceImage.", "Only trusted users and patrons can send more than 1 extra source images.");
    requester("{\"prompt\":\"a\"," + extraImages(5) + "}", TRUSTED);
    requester("{\"prompt\":\"a\"," + extraImages(2) + "}", PATRON);
    requester("{\"prompt\":\"a\"," + extraImages(1) + "}", USER);
  }

  @Test
  void anEmptyPromptIsTheSchemasToRefuseButTheRuleStandsForPromptsBuiltOtherwise() {
    assertThat(catchThrowable(() -> request("{\"prompt\":\"\"}"))).isInstanceOf(InvalidInput.class);
    GenerationInputStable empty = request("{\"prompt\":\"a\"}").withParams(null);
    GenerationInputStable built = new GenerationInputStable("", null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    assertThat(empty.params()).isEqualTo(ImageBodies.ModelGenerationInputStable.DEFAULTS);
    assertRefused(() -> ImageParamRules.checkRequester(built, USER, id -> true), 400, "MissingPrompt",
        "You cannot specify an empty prompt.");
  }

  @Test
  void unknownWorkersAreNotFound() {
    assertRefused(() -> requester("{\"prompt\":\"a\",\"workers\":[\"known-1\",\"ghost\"]}", USER), 404,
        "WorkerNotFound", "Worker with ID 'ghost' not found.");
    requester("{\"prompt\":\"a\",\"workers\":[\"known-1\",\"known-2\"]}", USER);
  }

  @Test
  void onlyTrustedUsersAndPatronsDisableBatchingOfSeveralImages() {
    String json = "{\"prompt\":\"a\",\"disable_batching\":true,\"params\":{\"n\":2}}";
    assertRefused(() -> requester(json, USER), 400, "RequiresTrust",
        "Only trusted users and patreon supporters can disable batching.");
    requester(json, TRUSTED);
    requester(json, PATRON);
    requester("{\"prompt\":\"a\",\"disable_batching\":true,\"params\":{\"n\":1}}", USER);
  }

  @Test
  void theRequesterChecksComeInTheReferencesOrder() {
    // proxy before deleted, deleted before the extra images, the images before the workers, workers before batching
    assertRefused(() -> requester("{\"prompt\":\"a\",\"proxied_account\":\"b\"}", DELETED), 400,
        "OnlyServiceAccountProxy", "Only service accounts can provide a proxied_account value.");
    assertRefused(() -> requester("{\"prompt\":\"a\"," + extraImages(6) + "}", DELETED), 403, "DeletedUser",
        "This account has been scheduled for deletion and is disabled.");
    assertRefused(() -> requester("{\"prompt\":\"a\",\"workers\":[\"ghost\"]," + extraImages(2) + "}", USER), 400,
        "MoreThanMinExtraSourceImage.", "Only trusted users and patrons can send more than 1 extra source images.");
    assertRefused(() -> requester("{\"prompt\":\"a\",\"workers\":[\"ghost\"],\"disable_batching\":true,"
        + "\"params\":{\"n\":3}}", USER), 404, "WorkerNotFound", "Worker with ID 'ghost' not found.");
  }

  // ---- the params -------------------------------------------------------------------------------------------

  @Test
  void plainRequestsPass() {
    Checked checked = params("{\"prompt\":\"a cat\"}");
    assertThat(checked).isEqualTo(new Checked(Set.of(), List.of("stable_diffusion"), 1, false));
    assertThat(params("{\"prompt\":\"a cat\",\"models\":[\"SDXL 1.0\"],\"params\":{\"n\":4,\"width\":1024,"
        + "\"height\":1024,\"cfg_scale\":7.55,\"post_processing\":[\"GFPGAN\",\"RealESRGAN_x4plus\"],"
        + "\"loras\":[{\"name\":\"247778\",\"is_version\":true}],\"hires_fix\":true,\"transparent\":true}}"))
        .isEqualTo(new Checked(Set.of(), List.of("SDXL 1.0"), 4, false));
    // A ControlNet img2img request on an SD 1.5 model.
    assertThat(params("{\"prompt\":\"a cat\",\"source_image\":\"abc\",\"params\":{\"control_type\":\"canny\","
        + "\"return_control_map\":true}}").n()).isEqualTo(1);
    // An empty model list is "any model".
    assertThat(params("{\"prompt\":\"a cat\",\"models\":[],\"params\":{\"transparent\":true}}").models()).isEmpty();
  }

  @Test
  void hiresFixDoesNotWorkWithFluxQwenOrZImage() {
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"Flux.1-Schnell fp8 "
        + "(Compact)\"],\"params\":{\"hires_fix\":true}}",
        400, "HiResMismatch", "HiRes Fix does not work with Flux currently.");
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"Qwen-Image\"],\"params\":{\"hires_fix\":true}}",
        400, "HiResMismatch", "HiRes Fix does not work with Qwen currently.");
    // An unknown model tagged [ZImage] has that baseline.
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"My [ZImage] merge\"],\"params\":{\"hires_fix\":true}}",
        400, "HiResMismatch", "HiRes Fix does not work with Z-Image currently.");
    params("{\"prompt\":\"a\",\"models\":[\"Flux.1-Schnell fp8 (Compact)\"],\"params\":{\"hires_fix\":false}}");
  }

  @Test
  void atMostFiveLorasAndVersionsAreNumbers() {
    String six = String.join(",", Collections.nCopies(6, "{\"name\":\"x\"}"));
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"loras\":[" + six + "]}}", 400, "TooManyLoras",
        "You cannot request more than 5 loras per generation.");
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"loras\":[{\"name\":\"Magnagothica\",\"is_version\":true}]}}",
        400, "BadLoraVersion", "explicit LoRa version requests have to be a version ID (i.e integer).");
    params("{\"prompt\":\"a\",\"params\":{\"loras\":[{\"name\":\"Magnagothica\"},{\"name\":\"123\",\"is_version\":true}]}}");
  }

  @Test
  void atMostTwentyTextualInversions() {
    String many = String.join(",", Collections.nCopies(21, "{\"name\":\"7808\"}"));
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"tis\":[" + many + "]}}", 400, "TooManyTIs",
        "You cannot request more than 20 Textual Inversions per generation.");
    params("{\"prompt\":\"a\",\"params\":{\"tis\":[" + many.substring(many.indexOf(',') + 1) + "]}}");
  }

  @Test
  void transparencyOnlyForSd15AndSdxl() {
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"SDXL 1.0\",\"Stable Cascade "
        + "1.0\"],\"params\":{\"transparent\":true}}",
        400, "InvalidTransparencyModel",
        "Generating Transparent images is only possible for Stable Diffusion 1.5 and XL models.");
    // An unknown model counts as SD 1.5.
    params("{\"prompt\":\"a\",\"models\":[\"Some merge\"],\"params\":{\"transparent\":true}}");
  }

  @Test
  void theQrCodeWorkflowNeedsSd15OrSdxlAndItsTextAndCannotBatch() {
    String text = "\"extra_texts\":[{\"text\":\"https://aihorde.net\",\"reference\":\"qr_code\"}]";
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"Flux.1-Schnell fp8 "
        + "(Compact)\"],\"params\":{\"workflow\":\"qr_code\","
        + text + "}}", 400, "ControlNetMismatch.",
            "QR Code controlnet only works with SD 1.5 and SDXL models currently");
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"workflow\":\"qr_code\"}}", 400, "MissingExtraTexts.",
        "This request requires you pass the required extra texts for this workflow.");
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"workflow\":\"qr_code\",\"extra_texts\":[{\"text\":\"x\","
        + "\"reference\":\"other\"}]}}", 400, "MissingExtraTexts.",
        "This request requires you pass the required extra texts for this workflow.");
    // Without a reference the reference fails with a 500; here it is the missing text it is.
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"workflow\":\"qr_code\",\"extra_texts\":[{\"text\":\"x\"}]}}",
        400, "MissingExtraTexts.", "This request requires you pass the required extra texts for this workflow.");
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{" + text + "}}", 400, "InvalidExtraTexts.",
        "This request type does not accept extra texts.");
    assertThat(params("{\"prompt\":\"a\",\"models\":[\"SDXL 1.0\"],\"params\":{\"workflow\":\"qr_code\"," + text + "}}")
        .disableBatching()).isTrue();
  }

  @Test
  void promptsOfMoreThan7500WordsAreTooLarge() {
    String words = "a ".repeat(7500);
    params("{\"prompt\":\"" + words + "\"}");
    assertParamsRefused("{\"prompt\":\"" + words + "b\"}", 400, "InvalidPromptSize",
        "Too large prompt. Please reduce the amount of tokens contained.");
    // Python splits on every Unicode space, the no-break ones included.
    assertThat(ImageParamRules.pythonWordCount("a\u00a0b\u2007c\u202fd\u0085e\u3000f\tg\u001fh")).isEqualTo(8);
    assertThat(ImageParamRules.pythonWordCount("  ")).isZero();
    assertThat(ImageParamRules.pythonWordCount(" a  b ")).isEqualTo(2);
  }

  @Test
  void postProcessorsAreNotModels() {
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"stable_diffusion\",\"GFPGAN\"]}", 400, "UnexpectedModelName",
        "This model is not supported in this mode the moment");
  }

  @Test
  void atMostOneUpscaler() {
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"post_processing\":[\"RealESRGAN_x4plus\",\"GFPGAN\","
        + "\"4x_AnimeSharp\"]}}", 400, "TooManyUpscalers", "Cannot use more than 1 upscaler at a time.");
    params("{\"prompt\":\"a\",\"params\":{\"post_processing\":[\"RealESRGAN_x4plus\",\"GFPGAN\",\"CodeFormers\","
        + "\"strip_background\"]}}");
  }

  @Test
  void cfgScaleHasAtMostTwoDecimals() {
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"cfg_scale\":7.555}}", 400, "BadCFGDecimals",
        "cfg_scale must be rounded to 2 decimal places");
    // 0.1 + 0.2 in binary is not 0.3 rounded, in Python as here.
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"cfg_scale\":0.30000000000000004}}", 400, "BadCFGDecimals",
        "cfg_scale must be rounded to 2 decimal places");
    params("{\"prompt\":\"a\",\"params\":{\"cfg_scale\":7.55}}");
    params("{\"prompt\":\"a\",\"params\":{\"cfg_scale\":0.29}}");
    params("{\"prompt\":\"a\",\"params\":{\"cfg_scale\":7}}");
    assertThat(ImageParamRules.hasTwoDecimals(1.01)).isTrue();
    // Python's round(1.005, 2) is 1.0: 1.005 is a little under it in binary.
    assertThat(ImageParamRules.hasTwoDecimals(1.005)).isFalse();
  }

  @Test
  void specialModelsBelongToTheirSpecialUserAndNeedAPayload() {
    assertRefused(() -> params(request("{\"prompt\":\"a\",\"models\":[\"horde_special::sam#9\"]}"), USER), 403,
        "Forbidden", "Only special users can request a special model.");
    assertRefused(() -> params(request("{\"prompt\":\"a\",\"models\":[\"horde_special\"]}"), SPECIAL), 400,
        "SpecialMissingUsername",
        "Special models must always include the username, in the form of 'horde_special::user#id'");
    assertRefused(() -> params(request("{\"prompt\":\"a\",\"models\":[\"horde_special::bob#1\"]}"), SPECIAL), 403,
        "Forbidden", "This model can only be requested by bob#1");
    assertRefused(() -> params(request("{\"prompt\":\"a\",\"models\":[\"horde_special::sam#9\"],"
        + "\"params\":{\"special\":{}}}"), SPECIAL), 400, "SpecialMissingPayload",
        "Special models have to include a special payload");
    params(request("{\"prompt\":\"a\",\"models\":[\"horde_special::sam#9\"],\"params\":{\"special\":{\"x\":1}}}"),
        SPECIAL);
  }

  @Test
  void onlySpecialUsersSendASpecialPayloadAnsweredWithTheGenericRc() {
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"special\":{\"x\":1}}}", 400, "BadRequest",
        "Only special users can send a special field.");
    // An empty payload is no payload.
    params("{\"prompt\":\"a\",\"params\":{\"special\":{}}}");
  }

  @Test
  void unsafeAddressesAreRefusedDuringARaid() {
    GenerationInputStable input = request("{\"prompt\":\"a\"}");
    assertRefused(() -> ImageParamRules.checkParams("a", input, USER, MODELS, "tests:1:ci", true), 403,
        "UntrustedUnsafeIP", "Only Trusted users are allowed to perform this operation");
  }

  @Test
  void aMaskNeedsASourceImage() {
    assertParamsRefused("{\"prompt\":\"a\",\"source_mask\":\"abc\"}", 400, "SourceMaskUnnecessary",
        "Please do not pass a source_mask unless you are sending a source_image as well");
    assertParamsRefused("{\"prompt\":\"a\",\"source_image\":\"\",\"source_mask\":\"abc\"}", 400,
        "SourceMaskUnnecessary", "Please do not pass a source_mask unless you are sending a source_image as well");
    params("{\"prompt\":\"a\",\"source_image\":\"abc\",\"source_mask\":\"abc\"}");
  }

  @Test
  void controlNetRules() {
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"SD 2.1 "
        + "768\"],\"source_image\":\"x\",\"params\":{\"control_type\":"
        + "\"normal\"}}", 400, "ControlNetUnsupported",
            "No current model available for this particular ControlNet for SD2.x");
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"pix2pix\"],\"source_image\":\"x\",\"params\":{\"control_type\":"
        + "\"canny\"}}", 400, "ControlNetUnsupported", "You cannot use ControlNet with these models.");
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"control_type\":\"canny\"}}", 400, "ControlNetSourceMissing",
        "Controlnet Requires a source image.");
    assertParamsRefused("{\"prompt\":\"a\",\"source_image\":\"x\",\"source_processing\":\"inpainting\",\"params\":{"
        + "\"control_type\":\"canny\"}}", 400, "ControlNetInpaintingMismatch",
        "ControlNet cannot be used with inpainting at this time");
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"SDXL "
        + "1.0\"],\"source_image\":\"x\",\"params\":{\"control_type\":"
        + "\"canny\"}}", 400, "ControlNetMismatch", "ControlNet does not work with SDXL currently.");
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"Stable Cascade 1.0\"],\"source_image\":\"x\",\"params\":{"
        + "\"control_type\":\"hed\"}}", 400, "ControlNetMismatch",
            "ControlNet does not work with Stable Cascade currently.");
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"Z-Image-Turbo\"],\"source_image\":\"x\",\"params\":{"
        + "\"control_type\":\"hed\"}}", 400, "ControlNetMismatch", "ControlNet does not work with Z-Image currently.");
    // SD 2 supports the other control types.
    params("{\"prompt\":\"a\",\"models\":[\"SD 2.1 "
        + "768\"],\"source_image\":\"x\",\"params\":{\"control_type\":\"depth\"}}");
  }

  @Test
  void anInitialMapCannotAlsoBeReturned() {
    assertParamsRefused("{\"prompt\":\"a\",\"source_image\":\"x\",\"params\":{\"control_type\":\"canny\","
        + "\"init_as_image\":\"yes\",\"return_control_map\":true}}", 400, "ControlNetInvalidPayload",
        "Invalid ControlNet parameters - cannot send inital map and return the same map");
    // image_is_control is not what the reference's check reads; and init_as_image is truthy as in Python.
    params("{\"prompt\":\"a\",\"source_image\":\"x\",\"params\":{\"control_type\":\"canny\",\"image_is_control\":true,"
        + "\"return_control_map\":true}}");
    params("{\"prompt\":\"a\",\"source_image\":\"x\",\"params\":{\"control_type\":\"canny\",\"init_as_image\":0,"
        + "\"return_control_map\":true}}");
  }

  @Test
  void transparencyIsNotForExtraSourceImagesNorControlNet() {
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"SDXL 1.0\"],\"source_processing\":\"remix\"," + extraImages(1)
        + ",\"params\":{\"transparent\":true}}", 400, "InvalidTransparencyImg2Img",
        "Generating Transparent images is not supported during img2img workflows.");
    assertParamsRefused("{\"prompt\":\"a\",\"source_image\":\"x\",\"params\":{\"transparent\":true,\"control_type\":"
        + "\"canny\"}}", 400, "InvalidTransparencyCN",
        "Generating Transparent images is not supported during controlnet workflows currently.");
  }

  @Test
  void remixIsForStableCascadeAndExtraSourceImagesForRemix() {
    assertParamsRefused("{\"prompt\":\"a\",\"source_image\":\"x\",\"source_processing\":\"remix\"}", 400,
        "InvalidRemix",
        "Image Remix is only available for Stable Cascade models.");
    assertParamsRefused("{\"prompt\":\"a\",\"source_image\":\"x\"," + extraImages(1) + "}", 400,
        "InvalidExtraSourceImages.", "This request type does not accept extra source images.");
    params("{\"prompt\":\"a\",\"models\":[\"Stable Cascade "
        + "1.0\"],\"source_image\":\"x\",\"source_processing\":\"remix\","
        + extraImages(2) + "}");
  }

  @Test
  void someModelsNeedASourceImage() {
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"Stable Diffusion 2 Depth\"]}", 400,
        "SourceImageRequiredForModel", "This model is not supported in this mode the moment");
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"control_canny\"]}", 400, "UnexpectedModelName",
        "This model is not supported in this mode the moment");
    params("{\"prompt\":\"a\",\"models\":[\"control_canny\"],\"source_image\":\"x\"}");
  }

  @Test
  void theSdxlBetaComparesTwoImagesAndNotForAnonymous() {
    assertRefused(() -> params(request("{\"prompt\":\"a\",\"models\":[\"SDXL_beta::stability.ai#6901\"],"
        + "\"params\":{\"n\":2}}"), ANONYMOUS), 403, "BetaAnonForbidden", "Anonymous users cannot use the SDXL_beta.");
    // Without n the reference fails with a 500 (its n is missing); here n is 1.
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"SDXL_beta::stability.ai#6901\"]}", 400, "BetaComparisonFault",
        "You need to request at least 2 images for SDXL to allow for comparison");
    assertThat(params("{\"prompt\":\"a\",\"models\":[\"SDXL_beta::stability.ai#6901\",\"SDXL 1.0\"],"
        + "\"params\":{\"n\":5}}")).isEqualTo(new Checked(Set.of(), List.of("SDXL_beta::stability.ai#6901"), 2, false));
  }

  @Test
  void oneBadlyDesignedClientAgentIsBanned() {
    GenerationInputStable input = request("{\"prompt\":\"a\"}");
    assertRefused(() -> ImageParamRules.checkParams("a", input, USER, MODELS, "My-Project:v0.0.1:My-Contact", false),
        403, "BannedClientAgent", "This Client-Agent appears badly designed and is causing too many warnings. First "
            + "ensure it provides a proper name and contact details. Then contact us on Discord to discuss the issue "
            + "it's creating.");
  }

  @Test
  void theFirstFailingRuleInTheReferencesOrderAnswers() {
    // ParamValidator's order: hires fix, loras, TIs, transparency, QR code, prompt size, models, upscalers, cfg.
    String six = String.join(",", Collections.nCopies(6, "{\"name\":\"x\"}"));
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"Flux.1-Schnell fp8 "
        + "(Compact)\"],\"params\":{\"hires_fix\":true,"
        + "\"loras\":[" + six + "]}}", 400, "HiResMismatch", "HiRes Fix does not work with Flux currently.");
    assertParamsRefused("{\"prompt\":\"a\",\"params\":{\"cfg_scale\":1.234,\"loras\":[" + six + "]}}", 400,
        "TooManyLoras", "You cannot request more than 5 loras per generation.");
    assertParamsRefused("{\"prompt\":\"" + "a ".repeat(7501) + "\",\"models\":[\"GFPGAN\"]}", 400, "InvalidPromptSize",
        "Too large prompt. Please reduce the amount of tokens contained.");
    // ParamValidator before the special checks, before the request's own (mask, ControlNet, remix...).
    assertParamsRefused("{\"prompt\":\"a\",\"source_mask\":\"m\",\"params\":{\"cfg_scale\":1.234}}", 400,
        "BadCFGDecimals", "cfg_scale must be rounded to 2 decimal places");
    assertParamsRefused("{\"prompt\":\"a\",\"source_mask\":\"m\",\"params\":{\"special\":{\"x\":1}}}", 400,
        "BadRequest",
        "Only special users can send a special field.");
    assertParamsRefused("{\"prompt\":\"a\",\"source_mask\":\"m\",\"source_processing\":\"remix\"}", 400,
        "SourceMaskUnnecessary", "Please do not pass a source_mask unless you are sending a source_image as well");
    assertParamsRefused("{\"prompt\":\"a\",\"models\":[\"SDXL 1.0\"],\"params\":{\"control_type\":\"canny\","
        + "\"transparent\":true}}", 400, "ControlNetSourceMissing", "Controlnet Requires a source image.");
    assertParamsRefused("{\"prompt\":\"a\",\"source_image\":\"x\",\"source_processing\":\"remix\"," + extraImages(1)
        + ",\"params\":{\"extra_texts\":[{\"text\":\"t\",\"reference\":\"qr_code\"}]}}", 400, "InvalidRemix",
        "Image Remix is only available for Stable Cascade models.");
    GenerationInputStable banned = request("{\"prompt\":\"a\",\"models\":[\"SDXL_beta::stability.ai#6901\"]}");
    assertRefused(() -> ImageParamRules.checkParams("a", banned, ANONYMOUS, MODELS, "My-Project:v0.0.1:My-Contact",
        false), 403, "BetaAnonForbidden", "Anonymous users cannot use the SDXL_beta.");
  }

  @Test
  void theParamsChecksReadThePromptAndParamsTheRequestNowHas() {
    GenerationInputStable input = request("{\"prompt\":\"a\",\"params\":{\"n\":2}}");
    // A style's prompt may be what is too long.
    assertRefused(() -> ImageParamRules.checkParams("a ".repeat(7501), input, USER, MODELS, "c", false), 400,
        "InvalidPromptSize", "Too large prompt. Please reduce the amount of tokens contained.");
    GenerationInputStable styled = input.withParams(request("{\"prompt\":\"a\",\"params\":{\"hires_fix\":true}}").params());
    assertRefused(() -> ImageParamRules.checkParams("a", styled.withParams(styled.params()),
        USER, ImageModelReference.of(Map.of("stable_diffusion", KnownModel.of(Baselines.FLUX))), "c", false), 400,
        "HiResMismatch", "HiRes Fix does not work with Flux currently.");
  }

  @Test
  void modelRequirementsOnlyWarn() {
    Checked checked = params("{\"prompt\":\"a\",\"models\":[\"Deliberate\"],\"params\":{\"steps\":10,\"cfg_scale\":2,"
        + "\"sampler_name\":\"k_lms\"}}");
    assertThat(checked.warnings()).containsExactly(ImageWarning.ClipSkipMismatch, ImageWarning.StepsTooFew,
        ImageWarning.CfgScaleTooSmall, ImageWarning.SamplerMismatch, ImageWarning.SchedulerMismatch);
    assertThat(params("{\"prompt\":\"a\",\"models\":[\"Deliberate\"],\"params\":{\"clip_skip\":2,\"steps\":60,"
        + "\"cfg_scale\":10,\"sampler_name\":\"k_euler\",\"karras\":false}}").warnings())
        .containsExactly(ImageWarning.StepsTooMany, ImageWarning.CfgScaleTooLarge);
    // Steps and cfg_scale not sent are compared as 30 and 7.5.
    assertThat(params("{\"prompt\":\"a\",\"models\":[\"Deliberate\"],\"params\":{\"clip_skip\":2,"
        + "\"sampler_name\":\"k_euler\",\"karras\":false}}").warnings()).isEmpty();
    assertThat(ImageWarning.StepsTooFew.message()).isEqualTo("The steps specified for this generation are too few for "
        + "this model.");
  }

  // ---- NUL bytes --------------------------------------------------------------------------------------------

  @Test
  void nulBytesAnywhereAreRefused() throws Exception {
    for (String json : List.of("{\"prompt\":\"a\\u0000b\"}", "{\"prompt\":\"a\",\"params\":{\"loras\":[{\"name\":"
        + "\"x\\u0000\"}]}}", "{\"prompt\":\"a\",\"params\":{\"special\":{\"k\\u0000\":1}}}",
        "{\"prompt\":\"a\",\"models\":[\"m\\u0000\"]}")) {
      JsonNode body = Bodies.JSON.readTree(json);
      assertRefused(() -> ImageParamRules.rejectNulBytes(body), 400, "NulByteInPayload",
          "Request payload may not contain NUL (0x00) bytes.");
    }
    ImageParamRules.rejectNulBytes(Bodies.JSON.readTree("{\"prompt\":\"a\\u0001\",\"params\":{\"n\":1}}"));
  }

  // ---- source images ----------------------------------------------------------------------------------------

  static Sources sources(String json) {
    return ImageParamRules.checkSourceImages(request(json), NO_DOWNLOADS);
  }

  static Decoded source(String base64) {
    return sources("{\"prompt\":\"a\",\"source_image\":\"" + base64 + "\"}").source();
  }

  @Test
  void inlineSourceImagesOfEveryCommonFormatAreRead() {
    assertThat(source(PNG_RGB)).isEqualTo(new Decoded("png", 32, 16, false));
    assertThat(source(PNG_RGBA)).isEqualTo(new Decoded("png", 16, 16, true));
    assertThat(source(PNG_GREY_ALPHA)).isEqualTo(new Decoded("png", 16, 16, false));
    assertThat(source(JPEG)).isEqualTo(new Decoded("jpeg", 16, 16, false));
    assertThat(source(GIF)).isEqualTo(new Decoded("gif", 16, 16, false));
    assertThat(source(WEBP_LOSSY)).isEqualTo(new Decoded("webp", 16, 16, false));
    assertThat(source(WEBP_LOSSY_ALPHA)).isEqualTo(new Decoded("webp", 16, 16, true));
    assertThat(source(WEBP_LOSSLESS).fourBands()).isFalse();
    assertThat(source(WEBP_LOSSLESS_ALPHA).fourBands()).isTrue();
    assertThat(sources("{\"prompt\":\"a\"}")).isEqualTo(new Sources(null, null, List.of()));
    // An empty source is no source.
    assertThat(sources("{\"prompt\":\"a\",\"source_image\":\"\"}").source()).isNull();
  }

  @Test
  void base64IsDecodedAsPythonDecodesIt() {
    // Characters outside the alphabet are skipped; a complete padding ends the data.
    assertThat(SourceImages.pythonBase64("Zm F\nr*ZQ==ignored")).isEqualTo("fake".getBytes());
    assertThat(SourceImages.pythonBase64("ZmFrZQ")).isNull();
    assertThat(SourceImages.pythonBase64("ZmFrZ")).isNull();
    assertThat(SourceImages.pythonBase64("")).isEmpty();
    // Line-wrapped base64 of a real image is read.
    String wrapped = PNG_RGB.replaceAll("(.{60})", "$1\\\\n");
    assertThat(source(wrapped).width()).isEqualTo(32);
  }

  static final String DEFAULT_FAILURE = "Image validation failed. Please ensure the source image payload is either a "
      + "URL containing an image or a valid base64 encoded image.";

  @Test
  void whatIsNotAReadableImageFailsValidation() {
    byte[] png = Base64.getDecoder().decode(PNG_RGB);
    byte[] truncated = java.util.Arrays.copyOf(png, png.length - 30);
    for (String bad : List.of("!!!not base64!!!", "ZmFrZQ==", "ZmFrZQ", "data:image/png;base64," + PNG_RGB,
        Base64.getEncoder().encodeToString(truncated), Base64.getEncoder().encodeToString(new byte[1000]),
        Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(png, 20)))) {
      assertRefused(() -> source(bad), 400, "ImageValidationFailed", DEFAULT_FAILURE);
    }
  }

  /** A PNG with a valid header announcing {@code width × height} and no pixel data. */
  static String pngHeader(int width, int height) {
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
        .put(new byte[] {8, 2, 0, 0, 0});
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update("IHDR".getBytes());
    crc.update(ihdr.array());
    java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 25)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13).put("IHDR".getBytes())
        .put(ihdr.array()).putInt((int) crc.getValue());
    return Base64.getEncoder().encodeToString(png.array());
  }

  @Test
  void imagesLargerThan3072SquaredAreRefusedFromTheirHeader() {
    assertRefused(() -> source(WEBP_TOO_LARGE), 400, "SourceImageResolutionExceeded",
        "Image validation failed. Image size cannot exceed 3072*3072 pixels");
    assertRefused(() -> source(pngHeader(4000, 4000)), 400, "SourceImageResolutionExceeded",
        "Image validation failed. Image size cannot exceed 3072*3072 pixels");
    // Pillow refuses to open a decompression bomb at all: the reference's default answer.
    assertRefused(() -> source(pngHeader(14_000, 14_000)), 400, "ImageValidationFailed", DEFAULT_FAILURE);
    // Within the limit, but the pixels are missing.
    assertRefused(() -> source(pngHeader(3072, 3072)), 400, "ImageValidationFailed", DEFAULT_FAILURE);
  }

  @Test
  void inlineImagesOver5MbAreRefused() {
    String large = Base64.getEncoder().encodeToString(new byte[(int) SourceImages.MAX_BYTES + 1]);
    assertRefused(() -> source(large), 400, "SourceImageSizeExceeded",
        "Image validation failed. Provided image cannot be larger than 5Mb");
  }

  @Test
  void inpaintingWithoutAMaskNeedsAnAlphaChannel() {
    for (String opaque : List.of(PNG_RGB, JPEG, GIF, WEBP_LOSSY, PNG_GREY_ALPHA)) {
      assertRefused(() -> sources("{\"prompt\":\"a\",\"source_processing\":\"inpainting\",\"source_image\":\"" + opaque
          + "\"}"), 400, "InpaintingMissingMask",
          "Image validation failed. Inpainting requests must either include a mask, or an alpha channel.");
    }
    for (String alpha : List.of(PNG_RGBA, WEBP_LOSSY_ALPHA, WEBP_LOSSLESS_ALPHA)) {
      sources("{\"prompt\":\"a\",\"source_processing\":\"inpainting\",\"source_image\":\"" + alpha + "\"}");
    }
    Sources masked = sources("{\"prompt\":\"a\",\"source_processing\":\"inpainting\",\"source_image\":\"" + PNG_RGB
        + "\",\"source_mask\":\"" + WEBP_LOSSY + "\"}");
    assertThat(masked.mask().format()).isEqualTo("webp");
    // Outpainting asks for nothing of the kind.
    sources("{\"prompt\":\"a\",\"source_processing\":\"outpainting\",\"source_image\":\"" + PNG_RGB + "\"}");
  }

  @Test
  void theSourceIsReadBeforeItsMaskAndTheExtraImagesLast() {
    assertRefused(() -> sources("{\"prompt\":\"a\",\"source_image\":\"" + pngHeader(4000, 4000)
        + "\",\"source_mask\":\"garbage\"}"), 400, "SourceImageResolutionExceeded",
        "Image validation failed. Image size cannot exceed 3072*3072 pixels");
    assertRefused(() -> sources("{\"prompt\":\"a\",\"source_image\":\"" + PNG_RGB + "\",\"source_mask\":\"garbage\","
        + "\"source_processing\":\"remix\",\"extra_source_images\":[{\"image\":\"" + pngHeader(4000, 4000) + "\"}]}"),
        400, "ImageValidationFailed", DEFAULT_FAILURE);
    assertRefused(() -> sources("{\"prompt\":\"a\",\"source_processing\":\"inpainting\",\"source_image\":\"" + PNG_RGB
        + "\",\"extra_source_images\":[{\"image\":\"garbage\"}]}"), 400, "InpaintingMissingMask",
        "Image validation failed. Inpainting requests must either include a mask, or an alpha channel.");
    Sources remix = sources("{\"prompt\":\"a\",\"source_image\":\"" + PNG_RGB + "\",\"source_processing\":\"remix\","
        + "\"extra_source_images\":[{\"image\":\"" + JPEG + "\",\"strength\":0.5},{\"image\":\"" + WEBP_LOSSY
            + "\"}]}");
    assertThat(remix.extras()).extracting(Decoded::format).containsExactly("jpeg", "webp");
    // Without its image the reference fails with a 500.
    assertRefused(() -> sources("{\"prompt\":\"a\",\"source_processing\":\"remix\",\"extra_source_images\":"
        + "[{\"strength\":0.5}]}"), 400, "ImageValidationFailed", DEFAULT_FAILURE);
  }

  @Test
  void urlSourcesAreDownloadedByTheCaller() {
    List<String> fetched = new ArrayList<>();
    Decoded remote = new Decoded("png", 5000, 5000, true);
    Sources sources = ImageParamRules.checkSourceImages(request("{\"prompt\":\"a\",\"source_image\":"
        + "\"https://example.com/a.png\",\"source_processing\":\"remix\","
        + "\"extra_source_images\":[{\"image\":\"http://example.com/b.png\"}]}"), url -> {
          fetched.add(url);
          return remote;
        });
    assertThat(fetched).containsExactly("https://example.com/a.png", "http://example.com/b.png");
    assertThat(sources.source()).isEqualTo(remote);
    assertRefused(() -> ImageParamRules.checkSourceImages(request("{\"prompt\":\"a\",\"source_image\":\"httpx\"}"),
        url -> {
          throw SourceImages.downloadFailed();
        }), 400, "ImageValidationFailed", "Image validation failed. Something went wrong when retrieving image url.");
  }

  @Test
  void downloadedImagesAreCheckedAsTheReferenceChecksThem() {
    byte[] png = Base64.getDecoder().decode(PNG_RGB);
    assertThat(SourceImages.readDownloaded(png, png.length)).isEqualTo(new Decoded("png", 32, 16, false));
    // No resolution limit for downloads.
    assertThat(SourceImages.readDownloaded(Base64.getDecoder().decode(WEBP_TOO_LARGE), 0).width()).isEqualTo(3136);
    assertRefused(() -> SourceImages.readDownloaded(png, 5_120_001), 400, "SourceImageSizeExceeded",
        "Image validation failed. Provided image cannot be larger than 5Mb");
    assertRefused(() -> SourceImages.readDownloaded(new byte[6 * 1024 * 1024], 0), 400, "SourceImageSizeExceeded",
        "Image validation failed. Provided image cannot be larger than 5Mb");
    assertRefused(() -> SourceImages.readDownloaded("<html>".getBytes(), 6), 400, "SourceImageUrlInvalid",
        "Image validation failed. Url does not contain a valid image.");
    assertRefused(() -> SourceImages.readDownloaded(new byte[0], 0), 400, "ImageValidationFailed",
        "Image validation failed. Something went wrong when retrieving image url.");
    assertRefused(() -> SourceImages.readDownloaded(java.util.Arrays.copyOf(png, png.length - 30), 0), 400,
        "ImageValidationFailed", "Image validation failed. Something went wrong when retrieving image url.");
  }

  @Test
  void corruptedImagesAreAlwaysAClientError() {
    Random random = new Random(42);
    List<byte[]> valid = List.of(Base64.getDecoder().decode(PNG_RGB), Base64.getDecoder().decode(JPEG),
        Base64.getDecoder().decode(GIF), Base64.getDecoder().decode(WEBP_LOSSY_ALPHA),
        Base64.getDecoder().decode(WEBP_LOSSLESS_ALPHA));
    for (int round = 0; round < 200; round++) {
      byte[] image = valid.get(round % valid.size()).clone();
      int flips = 1 + random.nextInt(4);
      for (int i = 0; i < flips; i++) {
        image[random.nextInt(image.length)] = (byte) random.nextInt(256);
      }
      if (random.nextBoolean()) {
        image = java.util.Arrays.copyOf(image, 1 + random.nextInt(image.length));
      }
      String base64 = Base64.getEncoder().encodeToString(image);
      Throwable thrown = catchThrowable(() -> source(base64));
      if (thrown != null) {
        assertThat(thrown).as("round %d", round).isInstanceOf(ApiError.class);
        assertThat(((ApiError) thrown).status()).isEqualTo(400);
      }
    }
  }

  // ---- the whole intake on garbage --------------------------------------------------------------------------

  @Test
  void garbageRequestsAreClientErrorsThroughEveryPhase() {
    for (String json : List.of("{}", "{\"prompt\":\"\",\"models\":[\"stable_diffusion\"]}",
        "{\"prompt\":\"x\",\"params\":{\"width\":\"wide\",\"height\":512}}",
        "{\"prompt\":\"x\",\"params\":{\"steps\":100000}}", "{\"prompt\":\"x\",\"models\":\"stable_diffusion\"}",
        "{\"prompt\":\"x\",\"source_image\":\"!!!not base64!!!\",\"source_processing\":\"img2img\"}",
        "{\"prompt\":\"x\",\"params\":{\"loras\":\"notalist\"}}", "{\"prompt\":\"x\",\"params\":{\"loras\":[null]}}",
        "{\"prompt\":\"x\",\"params\":{\"extra_texts\":[{}],\"workflow\":\"qr_code\"}}",
        "{\"prompt\":\"x\",\"params\":{\"special\":{\"a\":null}},\"models\":[\"horde_special::\"]}",
        "{\"prompt\":\"x\",\"models\":[\"::\",\"\",\"[SDXL]\"],\"params\":{\"control_type\":\"canny\"}}",
        "{\"prompt\":\"x\",\"params\":{\"init_as_image\":{\"a\":[]},\"return_control_map\":true}}",
        "{\"prompt\":\"a\\u0000b\"}", "{\"prompt\":\"x\",\"extra_source_images\":[{}],\"source_processing\":\"remix\"}",
        "{\"prompt\":\"x\",\"source_image\":\"http\",\"source_mask\":\"\"}", "{\"prompt\":\"" + "a ".repeat(50_000)
            + "\"}",
        "{not valid json")) {
      Throwable thrown = catchThrowable(() -> intake(json));
      if (thrown != null) {
        assertThat(thrown).as(json).isInstanceOfAny(ApiError.class, InvalidInput.class);
        if (thrown instanceof ApiError error) {
          assertThat(error.status()).as(json).isBetween(400, 499);
        }
      }
    }
  }

  /** Every phase in order, as an intake would run them (the queue's and ledger's steps left out). */
  static void intake(String json) throws IOException {
    GenerationInputStable input = request(json);
    ImageParamRules.checkRequester(input, TRUSTED, id -> true);
    ImageParamRules.checkParams(input.prompt(), input, TRUSTED, MODELS, "c", false);
    ImageParamRules.rejectNulBytes(Bodies.JSON.readTree(json));
    ImageParamRules.checkSourceImages(input, url -> {
      throw SourceImages.downloadFailed();
    });
  }

  // ---- pop and submit ----------------------------------------------------------------------------------------

  @Test
  void aWorkerServesTheReferencesModelsOnlyUnlessItsOwnerIsACustomizer() {
    WorkerOwner owner = new WorkerOwner("wendy#3", false, false);
    assertThat(ImageParamRules.popModels(List.of("SDXL 1.0", "My merge", "stable_diffusion"), owner, MODELS))
        .containsExactly("SDXL 1.0", "stable_diffusion");
    assertRefused(() -> ImageParamRules.popModels(List.of("My merge"), owner, MODELS), 400, "BadRequest",
        "Unfortunately we cannot accept workers serving unrecognised models at this time");
    assertRefused(() -> ImageParamRules.popModels(List.of(), owner, MODELS), 400, "BadRequest",
        "Unfortunately we cannot accept workers serving unrecognised models at this time");
    assertThat(ImageParamRules.popModels(List.of("My merge", "SDXL 1.0"), new WorkerOwner("c#4", false, true), MODELS))
        .containsExactly("My merge", "SDXL 1.0");
  }

  @Test
  void aSpecialUserHostsItsOwnModels() {
    WorkerOwner special = new WorkerOwner("sam#9", true, false);
    assertThat(ImageParamRules.popModels(List.of("horde_special::sam#9", "x::y::z"), special, MODELS))
        .containsExactly("horde_special::sam#9");
    assertRefused(() -> ImageParamRules.popModels(List.of("horde_special::bob#1"), special, MODELS), 400,
        "BadRequest", "This model can only be hosted by bob#1");
    // For anyone else such a name is just an unknown model.
    assertThat(ImageParamRules.popModels(List.of("horde_special::bob#1", "SDXL 1.0"), new WorkerOwner("w#1", false,
        false), MODELS)).containsExactly("SDXL 1.0");
  }

  @Test
  void onlyTheFirst300OfferedModelsCount() {
    List<String> offered = new ArrayList<>(Collections.nCopies(300, "unknown"));
    offered.add("SDXL 1.0");
    assertRefused(() -> ImageParamRules.popModels(offered, new WorkerOwner("w#1", false, false), MODELS), 400,
        "BadRequest", "Unfortunately we cannot accept workers serving unrecognised models at this time");
  }

  @Test
  void aBlacklistKeeps200WordsOf15Characters() {
    List<String> words = new ArrayList<>(List.of("nudity", "averyveryverylongword"));
    for (int i = 0; i < 250; i++) {
      words.add("w" + i);
    }
    Set<String> kept = ImageParamRules.popBlacklist(words);
    assertThat(kept).hasSize(200).contains("nudity", "averyveryverylo").doesNotContain("w198");
  }

  @Test
  void submitsWithMoreThan50MetadataEntriesAreRefused() {
    String entry = "{\"type\":\"lora\",\"value\":\"download_failed\"}";
    SubmitInputStable many = Bodies.read("{\"id\":\"j\",\"generation\":\"R2\",\"seed\":1,\"gen_metadata\":["
        + String.join(",", Collections.nCopies(51, entry)) + "]}", SubmitInputStable.class);
    assertRefused(() -> ImageParamRules.checkSubmit(many), 400, "BadRequest", "Too many metadata fields. Max is 50.");
    ImageParamRules.checkSubmit(Bodies.read("{\"id\":\"j\",\"generation\":\"R2\",\"seed\":1,\"gen_metadata\":["
        + String.join(",", Collections.nCopies(50, entry)) + "]}", SubmitInputStable.class));
  }

  @Test
  void pythonTruthiness() {
    assertThat(ImageParamRules.truthy(null)).isFalse();
    for (String falsy : List.of("null", "false", "0", "0.0", "\"\"", "[]", "{}")) {
      assertThat(ImageParamRules.truthy(parse(falsy))).as(falsy).isFalse();
    }
    for (String truthy : List.of("true", "1", "-0.5", "\"no\"", "[0]", "{\"a\":0}")) {
      assertThat(ImageParamRules.truthy(parse(truthy))).as(truthy).isTrue();
    }
  }

  static JsonNode parse(String json) {
    try {
      return Bodies.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
