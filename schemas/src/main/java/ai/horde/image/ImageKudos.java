package ai.horde.image;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference's image kudos and job rules (spec kudos-and-scheduling §1.4, §2.2, §2.5, §2.7, §2.8): the price
 * of a job, what its worker earns, what its requester pays, the activation tax, the dry-run estimate, when a
 * request must hold its kudos up front, the job TTL, the uptime reward, how many jobs one pop takes, and the
 * slow-worker threshold. Amounts that are stored are in centi-kudos, rounded as Python's {@code round(x, 2)}
 * rounds a float.
 *
 * <p>The price comes from our own cost model ({@link ImageCostModel}, decision 0010), not from the reference's
 * neural network, so it is close to the reference's price but not equal (5 % off for a typical request). Where the
 * reference falls back to its legacy formula (a post-processor its network does not know), the price is the
 * reference's exactly. Everything else here is the reference's arithmetic.
 *
 * <p>Where we differ on purpose: the SD2 floor of the upfront rule applies to models whose baseline is
 * {@code stable diffusion 2} (the reference compares with {@code stable_diffusion_2}, which no model has, so its
 * floor never applies), and the batching divisor of {@link #safeAmount} is looked up by the models' baselines
 * (the reference looks the model names up in a table keyed by baseline, so it is always 1).
 */
public final class ImageKudos {
  private ImageKudos() {}

  /** "The general idea is for a 50 step 512x512 image to cost 10 Kudos", plus the reference's default adjustment. */
  static final double KUDOS_BASIS = 10;
  static final double BASIS_ADJUSTMENT = 1;
  /** The job worth {@code KUDOS_BASIS + BASIS_ADJUSTMENT} = 11 kudos. */
  static final ImageJobShape BASIS_JOB = ImageJobShape.builder().size(512, 512).steps(50).sampler("k_euler")
      .cfgScale(7.5).karras(true).build();

  /** The price of every job when the horde runs with {@code HORDE_REQUIRE_MATCHED_TARGETING=1} and workers are named. */
  public static final long MATCHED_TARGETING_PRICE_CENTI = 10;
  /** Added to the price per requested LoRA (download time) and once for any textual inversions. */
  public static final long LORA_PRICE_CENTI = 300;
  public static final long TI_PRICE_CENTI = 100;

  /**
   * The horde tax an image request pays when it is accepted, without extra source images: 1, plus 2 for a style,
   * which the reference always adds to image requests (its test pins 3).
   */
  public static final long ACTIVATION_TAX_CENTI = 300;
  /** Each extra source image (remix) adds this to the activation tax. */
  public static final long EXTRA_SOURCE_IMAGE_TAX_CENTI = 500;
  /** A worker earns one uptime reward per this many seconds online (spec §1.4). */
  public static final long UPTIME_REWARD_SECONDS = 600;
  /** Below this speed (pixel-steps per second) a worker gets no requests that opted out of slow workers. */
  public static final double SLOW_WORKER_SPEED = 500_000;
  /** The speed of a worker without samples yet. */
  public static final double BASELINE_SPEED = 1_000_000;

  /** Samplers that take two model evaluations per step. */
  public static final Set<String> SECOND_ORDER_SAMPLERS = Set.of("k_heun", "k_dpm_2", "k_dpm_2_a", "k_dpmpp_2s_a",
      "k_dpmpp_sde");
  /** The requester's burn multiplier per post-processor (1 for one not listed). */
  public static final Map<String, Double> POST_PROCESSOR_BURN = Map.ofEntries(
      Map.entry("GFPGAN", 1.0), Map.entry("RealESRGAN_x4plus", 1.05), Map.entry("RealESRGAN_x2plus", 1.05),
      Map.entry("RealESRGAN_x4plus_anime_6B", 1.05), Map.entry("NMKD_Siax", 1.05), Map.entry("4x_AnimeSharp", 1.05),
      Map.entry("CodeFormers", 1.0), Map.entry("strip_background", 1.0), Map.entry("4xNomos8kSC", 1.05),
      Map.entry("4xLSDIRplus", 1.05), Map.entry("4xNomosWebPhoto_RealPLKSR", 1.05),
      Map.entry("4xNomos2_realplksr_dysample", 1.05), Map.entry("4xNomos2_hq_dat2", 1.05),
      Map.entry("2xModernSpanimationV1", 1.05), Map.entry("GFPGANv1.3", 1.0), Map.entry("RestoreFormer", 1.0));
  /** Post-processors heavy enough to shrink a worker's batch. */
  public static final Set<String> HEAVY_POST_PROCESSORS = Set.of("RealESRGAN_x4plus", "RealESRGAN_x4plus_anime_6B",
      "NMKD_Siax", "4x_AnimeSharp", "CodeFormers", "4xNomos8kSC", "4xLSDIRplus", "4xNomos2_hq_dat2", "RestoreFormer");
  /** CivitAI ids of LCM LoRAs: version ids, and model ids. */
  public static final Set<String> LCM_LORA_VERSIONS = Set.of("246747", "247778", "268475", "243643", "225222",
      "219782", "363353");
  public static final Set<String> LCM_LORA_IDS = Set.of("195519", "216190", "324115");
  /** Batch divisors of the models too large to batch freely. */
  public static final Map<String, Integer> BASELINE_BATCHING_DIVISORS = Map.of(
      ImageModelReference.FLUX_1, 5, ImageModelReference.QWEN_IMAGE, 10, ImageModelReference.Z_IMAGE_TURBO, 8);
  /** The model a dry run without models is priced for. */
  static final String DEFAULT_ESTIMATE_MODEL = "SDXL 1.0";

  /**
   * The price of one job ({@code wp.kudos}): the cost model's estimate relative to the basis job worth 11, rounded
   * to hundredths, or the reference's legacy formula where its network cannot price the job; then 3 per LoRA and 1
   * for any textual inversions. A horde that requires matched targeting prices named-worker requests at
   * {@link #MATCHED_TARGETING_PRICE_CENTI} instead (the caller decides).
   */
  public static long priceCenti(ImageJobShape shape) {
    long price = ImageCostModel.covers(shape) ? toCenti(ImageCostModel.BUNDLED.kudos(shape)) : legacyPriceCenti(shape);
    price += LORA_PRICE_CENTI * shape.loras().size();
    if (shape.tis()) {
      price += TI_PRICE_CENTI;
    }
    return price;
  }

  /**
   * The reference's legacy price: {@code 0.1232·steps + r·0.1232·steps·8.75} with
   * {@code r = (w·h − 64²)^1.75 / (1024² − 64²)^1.75}, rounded; then ×1.2 per post-processor and ×3 for a ControlNet
   * that does not return its control map, rounding after each step.
   */
  static long legacyPriceCenti(ImageJobShape shape) {
    double pixels = (double) shape.width() * shape.height();
    double result = Math.pow(pixels - 64 * 64, 1.75) / Math.pow(1024 * 1024 - 64 * 64, 1.75);
    int steps = shape.steps();
    double cost = round2((0.1232 * steps) + result * (0.1232 * steps * 8.75));
    for (int i = 0; i < shape.postProcessors().size(); i++) {
      cost = round2(cost * 1.2);
    }
    if (shape.hasControlNet() && !shape.returnControlMap()) {
      cost = round2(cost * 3);
    }
    return toCenti(cost);
  }

  /**
   * What one job earns its worker for a model of this baseline, as a multiple of the price: SDXL ×2 (×4 for the
   * {@code qr_code} workflow), Stable Cascade ×4 (×7 with hires fix, its two passes), Flux and Z-Image-Turbo ×8,
   * Qwen-Image ×12, else ×1.
   */
  public static int baselineMultiplier(String baseline, ImageJobShape shape) {
    if (baseline == null) {
      return 1;
    }
    return switch (baseline) {
      case ImageModelReference.STABLE_DIFFUSION_XL -> "qr_code".equals(shape.workflow()) ? 4 : 2;
      case ImageModelReference.STABLE_CASCADE -> shape.hiresFix() ? 7 : 4;
      case ImageModelReference.FLUX_1, ImageModelReference.Z_IMAGE_TURBO -> 8;
      case ImageModelReference.QWEN_IMAGE -> 12;
      default -> 1;
    };
  }

  /**
   * The reward of one delivered (or cancelled in flight) job generated with {@code model}: the price times the
   * model's baseline multiplier. The worker's owner is credited this times the bridge's multiplier (1, 0.9 for an
   * outdated official worker, 0.75 for an unofficial one); the requester pays {@link #burnCenti} of it.
   */
  public static long rewardCenti(long priceCenti, ImageModelReference models, String model, ImageJobShape shape) {
    return priceCenti * baselineMultiplier(models.baseline(model), shape);
  }

  /**
   * What the requester pays for a job whose reward is {@code kudos}:
   * {@code ((kudos × 1.3 with a source image) × Π post-processor multipliers + 1) × (1.2 without slow workers)
   * × (1.1 with a worker deny list)}. The +1 is the reference's job tax (its sharing discount is disabled). A
   * censored job's reward counts as 0 here, so it still pays the tax.
   */
  public static double burn(double kudos, ImageJobShape shape) {
    if (shape.sourceImage()) {
      kudos = kudos * 1.3;
    }
    for (String postProcessor : shape.postProcessors()) {
      kudos = kudos * POST_PROCESSOR_BURN.getOrDefault(postProcessor, 1.0);
    }
    kudos += 1;
    if (!shape.slowWorkers()) {
      kudos = kudos * 1.2;
    }
    if (shape.workerBlacklist()) {
      kudos = kudos * 1.1;
    }
    return kudos;
  }

  /** {@link #burn} of a reward, rounded to hundredths. */
  public static long burnCenti(long rewardCenti, ImageJobShape shape) {
    return toCenti(burn(rewardCenti / 100.0, shape));
  }

  /** The activation tax: {@link #ACTIVATION_TAX_CENTI} + 5 per extra source image. */
  public static long activationTaxCenti(int extraSourceImages) {
    return ACTIVATION_TAX_CENTI + EXTRA_SOURCE_IMAGE_TAX_CENTI * extraSourceImages;
  }

  /**
   * The dry-run estimate, which is also what a request must hold when it needs upfront kudos:
   * {@code burn(price) × n × multiplier + 1}, the multiplier of the first requested model's baseline ({@code SDXL 1.0}
   * when none is named). Unrounded, as the reference returns it in the 202's {@code kudos}.
   *
   * <p>The reference computes the upfront hold before the source image is attached, so for the hold it prices the
   * request as txt2img (no source image, mask or ×1.3); pass such a shape to reproduce that.
   */
  public static double dryRunEstimate(ImageJobShape shape, ImageModelReference models) {
    String model = shape.models().isEmpty() ? DEFAULT_ESTIMATE_MODEL : shape.models().get(0);
    int multiplier = switch (models.baseline(model)) {
      case ImageModelReference.STABLE_DIFFUSION_XL -> 2;
      case ImageModelReference.STABLE_CASCADE -> 4;
      case ImageModelReference.FLUX_1, ImageModelReference.Z_IMAGE_TURBO -> 8;
      case ImageModelReference.QWEN_IMAGE -> 12;
      default -> 1;
    };
    return burn(priceCenti(shape) / 100.0, shape) * shape.n() * multiplier + 1;
  }

  /** The dry-run estimate as hundredths, quantised from its decimal form as the reference's holds are. */
  public static long dryRunEstimateCenti(ImageJobShape shape, ImageModelReference models) {
    return BigDecimal.valueOf(dryRunEstimate(shape, models)).setScale(2, RoundingMode.HALF_EVEN).movePointRight(2)
        .longValueExact();
  }

  /**
   * Steps as the cost of a job counts them: 40 for {@code k_dpm_adaptive} (it picks its own), double for a
   * second-order sampler.
   */
  public static int accurateSteps(ImageJobShape shape) {
    if ("k_dpm_adaptive".equals(shape.sampler())) {
      return 40;
    }
    return SECOND_ORDER_SAMPLERS.contains(shape.sampler()) ? shape.steps() * 2 : shape.steps();
  }

  /** Whether the request uses LCM: the {@code lcm} sampler or a known LCM LoRA. */
  public static boolean usesLcm(ImageJobShape shape) {
    if ("lcm".equals(shape.sampler())) {
      return true;
    }
    return shape.loras().stream().anyMatch(lora -> lora.isVersion()
        ? LCM_LORA_VERSIONS.contains(lora.name()) : LCM_LORA_IDS.contains(lora.name()));
  }

  /**
   * The upfront-kudos verdict of spec §2.2.
   *
   * @param maxResolution the side of the largest square that needs no upfront kudos (not clamped when the request
   *     opted out of slow workers, as in the reference; a downgrade uses it)
   * @param downgradeForbidden whether a downgrade may not replace the hold (the worker-list rule)
   */
  public record Upfront(boolean required, int maxResolution, boolean downgradeForbidden) {}

  /**
   * Whether a request must hold its estimate up front. {@code maxRes = 1024 + 10·threads − round(0.9·queued)},
   * clamped to 576..1024 with a floor of 768 for SD2 models and 1024 for SDXL, Stable Cascade and Flux ones; then
   * required for fast-workers-only requests, LCM over 10 steps, more steps than a model's {@code max_steps}
   * (default 40), more pixels than {@code maxRes²}, ControlNet over 20 steps, and, when the horde sets
   * {@code HORDE_UPFRONT_KUDOS_ON_WORKERLIST}, a request naming workers (which may not downgrade instead).
   *
   * @param totalThreads the threads of the image workers online
   * @param queuedRequests the image requests waiting
   * @param upfrontForWorkerList whether the horde sets that flag and the request names workers
   */
  public static Upfront upfront(ImageJobShape shape, ImageModelReference models, int totalThreads,
      int queuedRequests, boolean upfrontForWorkerList) {
    // Python's round(): half to even, as Math.rint on the same double.
    int maxRes = 1024 + totalThreads * 10 - (int) Math.rint(queuedRequests * 0.9);
    if (!shape.slowWorkers()) {
      return new Upfront(true, maxRes, false);
    }
    maxRes = Math.max(maxRes, 576);
    List<String> names = shape.models();
    if (maxRes < 768 && names.stream().anyMatch(
        name -> ImageModelReference.STABLE_DIFFUSION_2.equals(models.baseline(name)))) {
      maxRes = 768;
    }
    if (maxRes < 1024 && names.stream().map(models::baseline).anyMatch(baseline ->
        ImageModelReference.STABLE_DIFFUSION_XL.equals(baseline) || ImageModelReference.STABLE_CASCADE.equals(baseline)
            || ImageModelReference.FLUX_1.equals(baseline))) {
      maxRes = 1024;
    }
    maxRes = Math.min(maxRes, 1024);
    int steps = accurateSteps(shape);
    if (usesLcm(shape) && steps > 10) {
      return new Upfront(true, maxRes, false);
    }
    if (names.stream().anyMatch(name -> models.requirements(name).maxSteps().orElse(40) < steps)) {
      return new Upfront(true, maxRes, false);
    }
    if ((long) shape.width() * shape.height() > (long) maxRes * maxRes) {
      return new Upfront(true, maxRes, false);
    }
    if (shape.hasControlNet() && steps > 20) {
      return new Upfront(true, maxRes, false);
    }
    if (upfrontForWorkerList) {
      return new Upfront(true, maxRes, true);
    }
    return new Upfront(false, maxRes, false);
  }

  /**
   * How long a worker has for one job: {@code 30 + accurateSteps × 2 × (w·h / 512²)} seconds, ×2 with a
   * ControlNet, ×3 when any requested model is Flux, Qwen-Image or Z-Image-Turbo, at least 150, then ×3 for an
   * extra-slow worker. The reference stores it in an integer column, which rounds half away from zero.
   */
  public static int jobTtlSeconds(ImageJobShape shape, ImageModelReference models, boolean extraSlowWorker) {
    double multiplier = ((double) shape.width() * shape.height()) / (512 * 512);
    double ttl = 30 + (accurateSteps(shape) * 2 * multiplier);
    if (shape.hasControlNet()) {
      ttl = ttl * 2;
    }
    if (shape.models().stream().map(models::baseline).anyMatch(baseline ->
        ImageModelReference.FLUX_1.equals(baseline) || ImageModelReference.QWEN_IMAGE.equals(baseline)
            || ImageModelReference.Z_IMAGE_TURBO.equals(baseline))) {
      ttl = ttl * 3;
    }
    if (ttl < 150) {
      ttl = 150;
    }
    if (extraSlowWorker) {
      ttl = ttl * 3;
    }
    return (int) Math.round(ttl);
  }

  /**
   * One uptime reward of an image worker: {@code 50 + 2 × models}, +30 when it serves LoRAs. A worker that
   * declares no models serves {@code stable_diffusion}, so it counts one.
   */
  public static long uptimeRewardCenti(int modelCount, boolean allowLora) {
    return (50 + 2L * Math.max(modelCount, 1) + (allowLora ? 30 : 0)) * 100;
  }

  /**
   * How many of a request's remaining jobs one pop takes:
   * {@code round(maxPixels / 3.5 × amount / (w·h × (1 + 0.4·#pp) × (1.8 if heavy) × divisor))} between 1 and
   * {@code amount}, then at most {@code remaining}, and 1 when the request disables batching. Heavy means a heavy
   * post-processor or a transparent image; the divisor is the largest of the requested models' baselines'
   * {@link #BASELINE_BATCHING_DIVISORS}.
   */
  public static int safeAmount(int amount, long maxPixels, ImageJobShape shape, ImageModelReference models,
      int remaining, boolean disableBatching) {
    double safeGenerations = (maxPixels / 3.5) * amount;
    double pixels = (double) shape.width() * shape.height();
    double ppMultiplier = 1 + (shape.postProcessors().size() * 0.4);
    if (shape.transparent() || shape.postProcessors().stream().anyMatch(HEAVY_POST_PROCESSORS::contains)) {
      ppMultiplier *= 1.8;
    }
    pixels *= ppMultiplier;
    int divisor = shape.models().stream().map(models::baseline)
        .mapToInt(baseline -> BASELINE_BATCHING_DIVISORS.getOrDefault(baseline, 1)).max().orElse(1);
    pixels *= divisor;
    long safe = (long) Math.rint(safeGenerations / pixels);
    safe = Math.max(Math.min(safe, amount), 1);
    safe = Math.min(safe, remaining);
    return disableBatching ? 1 : (int) safe;
  }

  /** Whether a worker of this speed (pixel-steps per second) is too slow for fast-workers-only requests. */
  public static boolean isSlow(double speed) {
    return speed < SLOW_WORKER_SPEED;
  }

  /** Kudos with two decimals as Python's round(x, 2) gives them (the exact binary value, ties to even), as hundredths. */
  public static long toCenti(double kudos) {
    return new BigDecimal(kudos).setScale(2, RoundingMode.HALF_EVEN).movePointRight(2).longValueExact();
  }

  private static double round2(double value) {
    return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
  }
}
