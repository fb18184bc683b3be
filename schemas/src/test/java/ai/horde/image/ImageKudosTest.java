package ai.horde.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image kudos rules against the reference.
 *
 * <p>Reference prices: values pinned by the reference's own tests (tests/unit/test_kudos_pricing.py) where noted,
 * otherwise the reference's {@code KudosModel.calculate_kudos} run locally as a black box on the payload the
 * reference builds for the request (its defaults filled in; snapshot of Haidra-Org/AI-Horde fbd5ed4). Decision
 * 0010 has the same table.
 */
class ImageKudosTest {
  private static final ImageModelReference MODELS = ImageModelReference.load(null);

  /**
   * ±15 %: on a sample of 12,000 requests drawn like real traffic, 92.5 % of our prices are within 15 % of the
   * reference's (median 4.8 %, decision 0010); a change that pushes a typical case past it has made the model worse.
   */
  private static final double TOLERANCE = 0.15;

  static Stream<Arguments> priceTable() {
    return Stream.of(
        // Pinned by the reference's test_golden_payload_outputs_match_converted_checkpoint ("basis", "large", "post").
        row("basis: 512x512, 50 steps, k_euler, cfg 7.5", 11.00, 11.00,
            b -> b.steps(50).sampler("k_euler").cfgScale(7.5)),
        row("1024x1024, 50 steps, k_euler, cfg 7.5", 29.03, 31.33,
            b -> b.size(1024, 1024).steps(50).sampler("k_euler").cfgScale(7.5)),
        row("512x512, 35 steps, uni_pc, cfg 7.5, GFPGAN + RealESRGAN_x4plus", 25.46, 24.21,
            b -> b.steps(35).sampler("uni_pc").cfgScale(7.5).postProcessors(List.of("GFPGAN", "RealESRGAN_x4plus"))),
        // Black box.
        row("768x512, 30 steps, k_dpmpp_2m, cfg 8.5, img2img + canny (strength 0.42)", 15.52, 16.34,
            b -> b.size(768, 512).sampler("k_dpmpp_2m").cfgScale(8.5).sourceImage("img2img").denoisingStrength(0.42)
                .controlType("canny")),
        row("512x512, 30 steps, k_euler_a (request defaults)", 7.61, 7.14, b -> b),
        row("512x512, 10 steps, k_euler_a", 4.26, 4.09, b -> b.steps(10)),
        row("512x512, 100 steps, k_euler_a", 19.92, 18.72, b -> b.steps(100)),
        row("768x768, 40 steps, k_dpmpp_2m, cfg 7", 14.44, 14.62,
            b -> b.size(768, 768).steps(40).sampler("k_dpmpp_2m").cfgScale(7)),
        row("1024x1024, 30 steps, k_dpmpp_sde (second order)", 31.00, 30.42,
            b -> b.size(1024, 1024).sampler("k_dpmpp_sde")),
        row("1024x1024, 20 steps, k_heun (second order)", 21.54, 23.00,
            b -> b.size(1024, 1024).steps(20).sampler("k_heun")),
        row("832x1216, 25 steps, k_euler_a, cfg 6", 18.03, 17.30, b -> b.size(832, 1216).steps(25).cfgScale(6)),
        row("1536x1536, 30 steps, k_euler", 65.10, 61.64, b -> b.size(1536, 1536).sampler("k_euler")),
        row("1536x1024, 50 steps, k_dpmpp_2m, cfg 7", 57.13, 52.63,
            b -> b.size(1536, 1024).steps(50).sampler("k_dpmpp_2m").cfgScale(7)),
        row("512x768, 30 steps, img2img, denoise 0.6", 7.90, 8.01,
            b -> b.size(512, 768).sourceImage("img2img").denoisingStrength(0.6)),
        row("512x512, 30 steps, inpainting with a mask", 9.47, 9.71, b -> b.sourceImage("inpainting").sourceMask(true)),
        row("1024x1024, 30 steps, hires fix", 24.61, 23.20, b -> b.size(1024, 1024).hiresFix(true)),
        row("1024x1024, 30 steps, CodeFormers", 20.07, 19.38,
            b -> b.size(1024, 1024).postProcessors(List.of("CodeFormers"))),
        row("1024x1024, 8 steps, k_euler, cfg 1 (Flux-like)", 11.60, 11.61,
            b -> b.size(1024, 1024).steps(8).sampler("k_euler").cfgScale(1)),
        row("512x512, 50 steps, k_dpm_adaptive", 15.64, 14.65, b -> b.steps(50).sampler("k_dpm_adaptive")),
        row("1024x1024, 60 steps, k_dpm_2_a, cfg 7.5", 60.56, 58.65,
            b -> b.size(1024, 1024).steps(60).sampler("k_dpm_2_a").cfgScale(7.5)),
        // Black box 20.99, plus the reference's 3 per LoRA and 1 for textual inversions.
        row("1024x1024, 30 steps, 2 LoRAs and a TI", 27.99, 26.82,
            b -> b.size(1024, 1024).loras(List.of(new ImageJobShape.Lora("12345", false),
                new ImageJobShape.Lora("67890", true))).tis(true)));
  }

  private static Arguments row(String name, double reference, double ours,
      UnaryOperator<ImageJobShape.Builder> shape) {
    return Arguments.of(name, reference, ours, shape.apply(ImageJobShape.builder()).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("priceTable")
  void priceIsCloseToTheReferences(String name, double reference, double ours, ImageJobShape shape) {
    double price = ImageKudos.priceCenti(shape) / 100.0;
    assertThat(price).isCloseTo(reference, within(reference * TOLERANCE));
    // Our own value as decision 0010 lists it (computed by the fitting script with the same coefficients).
    assertThat(price).isCloseTo(ours, within(0.011));
  }

  /** Two cases where the reference's network departs from its own trend; listed as known gaps in decision 0010. */
  @Test
  void knownOutliersStayWithinAThird() {
    // Black box 16.42: a ControlNet on a small image, where the network's ControlNet cost peaks.
    ImageJobShape depth = ImageJobShape.builder().steps(20).sampler("k_euler").sourceImage("img2img")
        .controlType("depth").build();
    assertThat(ImageKudos.priceCenti(depth) / 100.0).isCloseTo(16.42, within(16.42 * 0.35));
    // Black box 10.28: a 4x upscaler on a small image, which the network prices far below its average effect.
    ImageJobShape upscaled = ImageJobShape.builder().postProcessors(List.of("RealESRGAN_x4plus")).build();
    assertThat(ImageKudos.priceCenti(upscaled) / 100.0).isCloseTo(10.28, within(10.28 * 0.35));
  }

  @Test
  void theBasisJobIsWorthElevenExactly() {
    assertThat(ImageKudos.priceCenti(ImageKudos.BASIS_JOB)).isEqualTo(1100);
  }

  /** Over the sizes most requests use; below 512 px and at the far corner of the ranges it dips (decision 0010). */
  @Test
  void pricesGrowWithStepsAndSize() {
    long previous = 0;
    for (int steps = 1; steps <= 150; steps++) {
      long price = ImageKudos.priceCenti(ImageJobShape.builder().size(1024, 1024).steps(steps).build());
      assertThat(price).as("%d steps", steps).isGreaterThanOrEqualTo(previous);
      previous = price;
    }
    previous = 0;
    for (int side = 512; side <= 2048; side += 64) {
      long price = ImageKudos.priceCenti(ImageJobShape.builder().size(side, side).steps(30).build());
      assertThat(price).as("%d px", side).isGreaterThanOrEqualTo(previous);
      previous = price;
    }
  }

  @Test
  void theCoefficientsFileHasATermForEveryOptionTheReferenceKnows() {
    assertThat(ImageCostModel.BUNDLED.optionNames()).contains("sampler.k_heun", "sampler.k_dpmpp_sde",
        "sampler.k_dpm_adaptive", "sampler.uni_pc_bh2", "karras", "hires_fix", "source_image", "inpainting",
        "outpainting", "source_mask", "weak_denoise", "weak_control");
    ImageCostModel.KNOWN_CONTROL_TYPES.forEach(type ->
        assertThat(ImageCostModel.BUNDLED.optionNames()).contains("control." + type));
    ImageCostModel.KNOWN_POST_PROCESSORS.forEach(pp ->
        assertThat(ImageCostModel.BUNDLED.optionNames()).contains("post." + pp));
  }

  @Test
  void postProcessorsTheNetworkDoesNotKnowFallBackToTheLegacyFormula() {
    // The reference's legacy formula, computed by hand in Python from waiting_prompt.calculate_kudos.
    assertThat(ImageKudos.priceCenti(ImageJobShape.builder().postProcessors(List.of("4xNomos8kSC")).build()))
        .isEqualTo(780);
    assertThat(ImageKudos.priceCenti(ImageJobShape.builder().size(1024, 1024)
        .postProcessors(List.of("GFPGANv1.3")).build())).isEqualTo(4325);
    ImageJobShape.Builder controlNet = ImageJobShape.builder().size(768, 768).steps(25).sourceImage("img2img")
        .controlType("canny").postProcessors(List.of("RestoreFormer", "4xNomos8kSC"));
    assertThat(ImageKudos.priceCenti(controlNet.build())).isEqualTo(5559);
    assertThat(ImageKudos.priceCenti(controlNet.returnControlMap(true).build())).isEqualTo(1853);
    assertThat(ImageKudos.priceCenti(ImageJobShape.builder().size(1536, 1024).steps(40)
        .postProcessors(List.of("2xModernSpanimationV1")).build())).isEqualTo(11136);
    // LoRAs and TIs are added after either formula.
    assertThat(ImageKudos.priceCenti(ImageJobShape.builder().postProcessors(List.of("4xNomos8kSC"))
        .loras(List.of(new ImageJobShape.Lora("1", false))).tis(true).build())).isEqualTo(780 + 300 + 100);
  }

  @Test
  void unknownSamplersArePricedAsKEuler() {
    long euler = ImageKudos.priceCenti(ImageJobShape.builder().sampler("k_euler").build());
    assertThat(ImageKudos.priceCenti(ImageJobShape.builder().sampler("lcm").build())).isEqualTo(euler);
    // The API's enum spells it DDIM; the reference's network only knows ddim.
    assertThat(ImageKudos.priceCenti(ImageJobShape.builder().sampler("DDIM").build())).isEqualTo(euler);
    assertThat(ImageKudos.priceCenti(ImageJobShape.builder().sourceImage("remix").build()))
        .isEqualTo(ImageKudos.priceCenti(ImageJobShape.builder().sourceImage("img2img").build()));
  }

  @Test
  void missingParamsTakeTheReferencesDefaults() {
    ImageJobShape bare = new ImageJobShape(512, 512, 30, null, 5, 1, true, false, null, false, true, false, null,
        null, null, false, null, false, 1, null, true, false);
    assertThat(bare.sampler()).isEqualTo("k_euler_a");
    assertThat(bare.sourceProcessing()).isEqualTo("img2img");
    assertThat(ImageKudos.priceCenti(bare))
        .isEqualTo(ImageKudos.priceCenti(ImageJobShape.builder().sourceImage("img2img").build()));
  }

  @Test
  void rewardIsThePriceTimesTheBaselineMultiplier() {
    ImageJobShape plain = ImageJobShape.builder().build();
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "stable_diffusion", plain)).isEqualTo(1133);
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "AlbedoBase XL (SDXL)", plain)).isEqualTo(2266);
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "AlbedoBase XL (SDXL)",
        ImageJobShape.builder().workflow("qr_code").build())).isEqualTo(4532);
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "Stable Cascade 1.0", plain)).isEqualTo(4532);
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "Stable Cascade 1.0",
        ImageJobShape.builder().hiresFix(true).build())).isEqualTo(7931);
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "Flux.1-Schnell fp8 (Compact)", plain)).isEqualTo(9064);
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "Z-Image-Turbo", plain)).isEqualTo(9064);
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "Qwen-Image_fp8", plain)).isEqualTo(13596);
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "Someone's merge [SDXL]", plain)).isEqualTo(2266);
    assertThat(ImageKudos.rewardCenti(1133, MODELS, "mystery", plain)).isEqualTo(1133);
  }

  @Test
  void burnAddsTheJobTaxAndTheRequestsSurcharges() {
    assertThat(ImageKudos.burn(20.0, ImageJobShape.builder().build())).isEqualTo(21.0);
    ImageJobShape everything = ImageJobShape.builder().sourceImage("img2img")
        .postProcessors(List.of("RealESRGAN_x4plus", "GFPGAN")).slowWorkers(false).workerBlacklist(true).build();
    // ((20 x 1.3 x 1.05 x 1) + 1) x 1.2 x 1.1
    assertThat(ImageKudos.burn(20.0, everything)).isCloseTo(37.356, within(1e-9));
    assertThat(ImageKudos.burnCenti(2000, everything)).isEqualTo(3736);
    // A censored job's reward counts as 0: the requester still pays the tax.
    assertThat(ImageKudos.burnCenti(0, ImageJobShape.builder().slowWorkers(false).workerBlacklist(true).build()))
        .isEqualTo(132);
    assertThat(ImageKudos.burnCenti(1428, ImageJobShape.builder().sourceImage("inpainting").build())).isEqualTo(1956);
  }

  @Test
  void activationTaxIsThreePlusFivePerExtraSourceImage() {
    assertThat(ImageKudos.activationTaxCenti(0)).isEqualTo(300);
    assertThat(ImageKudos.activationTaxCenti(2)).isEqualTo(1300);
  }

  @Test
  void dryRunEstimateIsTheBurnOfThePriceTimesNTimesTheFirstModelsMultiplierPlusOne() {
    // Legacy-priced shapes, so the expected values do not depend on our cost model: price 7.80.
    ImageJobShape.Builder base = ImageJobShape.builder().postProcessors(List.of("4xNomos8kSC"));
    double burn = 7.80 * 1.05 + 1;
    // No models: priced for SDXL 1.0 (x2).
    assertThat(ImageKudos.dryRunEstimate(base.n(2).build(), MODELS)).isCloseTo(burn * 2 * 2 + 1, within(1e-9));
    assertThat(ImageKudos.dryRunEstimate(base.n(1).models(List.of("stable_diffusion")).build(), MODELS))
        .isCloseTo(burn + 1, within(1e-9));
    assertThat(ImageKudos.dryRunEstimate(base.models(List.of("Flux.1-Schnell fp8 (Compact)", "stable_diffusion"))
        .build(), MODELS)).isCloseTo(burn * 8 + 1, within(1e-9));
    // Cascade counts x4 in the estimate even with hires fix (x7 only in the reward).
    assertThat(ImageKudos.dryRunEstimate(base.models(List.of("Stable Cascade 1.0")).hiresFix(true).build(), MODELS))
        .isCloseTo(ImageKudos.burn(ImageKudos.priceCenti(base.build()) / 100.0, base.build()) * 4 + 1, within(1e-9));
    ImageJobShape qwen = base.hiresFix(false).models(List.of("Qwen-Image_fp8")).n(3).slowWorkers(false).build();
    assertThat(ImageKudos.dryRunEstimate(qwen, MODELS)).isCloseTo((7.80 * 1.05 + 1) * 1.2 * 3 * 12 + 1, within(1e-9));
    assertThat(ImageKudos.dryRunEstimateCenti(qwen, MODELS)).isEqualTo(Math.round(((7.80 * 1.05 + 1) * 1.2 * 36 + 1) * 100));
  }

  @Test
  void accurateStepsDoubleSecondOrderSamplersAndFixAdaptiveAtForty() {
    assertThat(ImageKudos.accurateSteps(ImageJobShape.builder().steps(25).build())).isEqualTo(25);
    assertThat(ImageKudos.accurateSteps(ImageJobShape.builder().steps(25).sampler("k_heun").build())).isEqualTo(50);
    assertThat(ImageKudos.accurateSteps(ImageJobShape.builder().steps(25).sampler("k_dpmpp_sde").build())).isEqualTo(50);
    assertThat(ImageKudos.accurateSteps(ImageJobShape.builder().steps(7).sampler("k_dpm_adaptive").build())).isEqualTo(40);
    assertThat(ImageJobShape.stepsFor(null, null)).isEqualTo(30);
    assertThat(ImageJobShape.stepsFor(null, "canny")).isEqualTo(20);
    assertThat(ImageJobShape.stepsFor(60, "canny")).isEqualTo(40);
    assertThat(ImageJobShape.stepsFor(60, null)).isEqualTo(60);
  }

  @Test
  void upfrontResolutionIsClampedAndRaisedForLargeModels() {
    ImageJobShape plain = ImageJobShape.builder().build();
    assertThat(ImageKudos.upfront(plain, MODELS, 0, 0, false)).isEqualTo(new ImageKudos.Upfront(false, 1024, false));
    assertThat(ImageKudos.upfront(plain, MODELS, 10, 100, false).maxResolution()).isEqualTo(1024);
    // round(5 x 0.9) = round(4.5) = 4, half to even.
    assertThat(ImageKudos.upfront(plain, MODELS, 0, 5, false).maxResolution()).isEqualTo(1020);
    // 1024 - round(540) = 484, clamped to 576.
    ImageJobShape big = ImageJobShape.builder().size(640, 640).build();
    assertThat(ImageKudos.upfront(big, MODELS, 0, 600, false)).isEqualTo(new ImageKudos.Upfront(true, 576, false));
    assertThat(ImageKudos.upfront(ImageJobShape.builder().size(640, 640).models(List.of("stable_diffusion_2.1"))
        .build(), MODELS, 0, 600, false)).isEqualTo(new ImageKudos.Upfront(false, 768, false));
    assertThat(ImageKudos.upfront(ImageJobShape.builder().size(1024, 1024).models(List.of("AlbedoBase XL (SDXL)"))
        .build(), MODELS, 0, 600, false)).isEqualTo(new ImageKudos.Upfront(false, 1024, false));
    assertThat(ImageKudos.upfront(ImageJobShape.builder().size(1024, 1024).models(List.of("Stable Cascade 1.0"))
        .steps(30).build(), MODELS, 0, 600, false).maxResolution()).isEqualTo(1024);
    // Fast workers only: always required, and the resolution is the unclamped one.
    assertThat(ImageKudos.upfront(ImageJobShape.builder().slowWorkers(false).build(), MODELS, 0, 600, false))
        .isEqualTo(new ImageKudos.Upfront(true, 484, false));
  }

  @Test
  void upfrontIsRequiredForHeavyStepCounts() {
    assertThat(required(ImageJobShape.builder().sampler("lcm").steps(10))).isFalse();
    assertThat(required(ImageJobShape.builder().sampler("lcm").steps(11))).isTrue();
    assertThat(required(ImageJobShape.builder().steps(11)
        .loras(List.of(new ImageJobShape.Lora("246747", true))))).isTrue();
    assertThat(required(ImageJobShape.builder().steps(11)
        .loras(List.of(new ImageJobShape.Lora("246747", false))))).isFalse();
    assertThat(required(ImageJobShape.builder().steps(11).loras(List.of(new ImageJobShape.Lora("195519", false)))))
        .isTrue();
    assertThat(required(ImageJobShape.builder().steps(40))).isFalse();
    assertThat(required(ImageJobShape.builder().steps(41))).isFalse(); // no model named: no max_steps to exceed
    assertThat(required(ImageJobShape.builder().steps(41).models(List.of("stable_diffusion")))).isTrue();
    assertThat(required(ImageJobShape.builder().steps(25).sampler("k_heun").models(List.of("stable_diffusion"))))
        .isTrue();
    assertThat(required(ImageJobShape.builder().steps(100).sampler("k_dpm_adaptive")
        .models(List.of("stable_diffusion")))).isFalse();
    assertThat(required(ImageJobShape.builder().size(1024, 1024).steps(8)
        .models(List.of("Flux.1-Schnell fp8 (Compact)")))).isFalse();
    assertThat(required(ImageJobShape.builder().size(1024, 1024).steps(9)
        .models(List.of("Flux.1-Schnell fp8 (Compact)")))).isTrue();
    assertThat(required(ImageJobShape.builder().steps(20).controlType("canny").sourceImage("img2img"))).isFalse();
    assertThat(required(ImageJobShape.builder().steps(21).controlType("canny").sourceImage("img2img"))).isTrue();
    assertThat(required(ImageJobShape.builder().steps(11).sampler("k_heun").controlType("canny")
        .sourceImage("img2img"))).isTrue();
    assertThat(ImageKudos.upfront(ImageJobShape.builder().build(), MODELS, 0, 0, true))
        .isEqualTo(new ImageKudos.Upfront(true, 1024, true));
  }

  private static boolean required(ImageJobShape.Builder shape) {
    return ImageKudos.upfront(shape.build(), MODELS, 0, 0, false).required();
  }

  @Test
  void jobTtlFollowsPixelsAndStepsWithAFloorOf150() {
    assertThat(ttl(ImageJobShape.builder(), false)).isEqualTo(150);
    assertThat(ttl(ImageJobShape.builder().size(1024, 1024), false)).isEqualTo(270);
    assertThat(ttl(ImageJobShape.builder().size(1024, 1024).steps(50), false)).isEqualTo(430);
    assertThat(ttl(ImageJobShape.builder().size(1536, 768).steps(20).sampler("k_heun"), false)).isEqualTo(390);
    assertThat(ttl(ImageJobShape.builder().size(768, 512).steps(20).controlType("canny"), false)).isEqualTo(180);
    assertThat(ttl(ImageJobShape.builder().size(1024, 1024).steps(8)
        .models(List.of("Flux.1-Schnell fp8 (Compact)")), false)).isEqualTo(282);
    assertThat(ttl(ImageJobShape.builder().size(1024, 1024).steps(9).models(List.of("Z-Image-Turbo")), false))
        .isEqualTo(306);
    assertThat(ttl(ImageJobShape.builder(), true)).isEqualTo(450);
    // 571.875 and 160.5 stored in an integer column: rounded, halves away from zero.
    assertThat(ttl(ImageJobShape.builder().size(1088, 1088).steps(60), false)).isEqualTo(572);
    assertThat(ttl(ImageJobShape.builder().size(576, 512).steps(58), false)).isEqualTo(161);
  }

  private static int ttl(ImageJobShape.Builder shape, boolean extraSlow) {
    return ImageKudos.jobTtlSeconds(shape.build(), MODELS, extraSlow);
  }

  @Test
  void safeAmountScalesWithMaxPixelsAndShrinksForHeavyJobs() {
    ImageJobShape small = ImageJobShape.builder().build();
    assertThat(ImageKudos.safeAmount(20, 2048 * 2048, small, MODELS, 20, false)).isEqualTo(20);
    assertThat(ImageKudos.safeAmount(4, 1024 * 1024, small, MODELS, 20, false)).isEqualTo(4);
    ImageJobShape upscaled = ImageJobShape.builder().size(1024, 1024).postProcessors(List.of("RealESRGAN_x4plus"))
        .build();
    assertThat(ImageKudos.safeAmount(10, 2048 * 2048, upscaled, MODELS, 20, false)).isEqualTo(5);
    ImageJobShape transparent = ImageJobShape.builder().size(1024, 1024).transparent(true).build();
    assertThat(ImageKudos.safeAmount(10, 2048 * 2048, transparent, MODELS, 20, false)).isEqualTo(6);
    ImageJobShape flux = ImageJobShape.builder().size(1024, 1024).models(List.of("Flux.1-Schnell fp8 (Compact)"))
        .build();
    assertThat(ImageKudos.safeAmount(10, 2048 * 2048, flux, MODELS, 20, false)).isEqualTo(2);
    ImageJobShape square = ImageJobShape.builder().size(1024, 1024).build();
    assertThat(ImageKudos.safeAmount(10, 2048 * 2048, square, MODELS, 3, false)).isEqualTo(3);
    assertThat(ImageKudos.safeAmount(10, 512 * 512, square, MODELS, 5, false)).isEqualTo(1);
    assertThat(ImageKudos.safeAmount(10, 2048 * 2048, square, MODELS, 20, true)).isEqualTo(1);
    // 458752 / 3.5 x 5 / 512² = 2.5, which Python rounds to 2.
    assertThat(ImageKudos.safeAmount(5, 458_752, small, MODELS, 20, false)).isEqualTo(2);
  }

  @Test
  void uptimeRewardCountsModelsAndLoras() {
    assertThat(ImageKudos.uptimeRewardCenti(3, false)).isEqualTo(5600);
    assertThat(ImageKudos.uptimeRewardCenti(3, true)).isEqualTo(8600);
    assertThat(ImageKudos.uptimeRewardCenti(0, false)).isEqualTo(5200);
    assertThat(ImageKudos.UPTIME_REWARD_SECONDS).isEqualTo(600);
  }

  @Test
  void slowWorkersAreBelowHalfAMegapixelStepPerSecond() {
    assertThat(ImageKudos.isSlow(499_999)).isTrue();
    assertThat(ImageKudos.isSlow(500_000)).isFalse();
    assertThat(ImageKudos.isSlow(ImageKudos.BASELINE_SPEED)).isFalse();
  }

  @Test
  void centiKudosRoundLikePythonsRound() {
    // round(2.675, 2) == 2.67 in Python: the double is just below 2.675.
    assertThat(ImageKudos.toCenti(2.675)).isEqualTo(267);
    assertThat(ImageKudos.toCenti(0.125)).isEqualTo(12);
    assertThat(ImageKudos.toCenti(0.375)).isEqualTo(38);
    assertThat(ImageKudos.toCenti(37.356)).isEqualTo(3736);
  }
}
