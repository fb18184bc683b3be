package ai.horde.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Our estimate of how many seconds an image job takes, which sets its price relative to the basis job
 * (decision 0010). The reference prices with a small neural network; this is a fitted formula of our own:
 *
 * <pre>
 * ln(seconds) = Σ c_ijk · x^i · y^j · s^k                      (i + j + k ≤ 5)
 *             + Σ over the options present  v · (a + b·L + c·L² + d·t + e·t·L + f·t²)
 *             + g1·q + g2·q²
 * seconds     = max(e^(that), min_seconds)
 * </pre>
 *
 * with {@code x = width/1024}, {@code y = height/1024} (each clamped to 256..3072 px), {@code s = steps/100}
 * (steps clamped to 1..500), {@code L = ln(x·y)} clamped to {@code ln(1/16)..ln(4)}, {@code t = min(s, 1.5)},
 * {@code q = min(cfg, 30)/30}. The options are: each sampler other than {@code k_euler} (unknown samplers count
 * as {@code k_euler}, as in the reference), karras, hires fix, a source image, inpainting, outpainting, a mask,
 * a weak denoise or control strength ({@code v = 1 − strength}), each ControlNet type and each post-processor
 * (v = how often it is requested). The coefficients are in {@code image-kudos-model.json}.
 *
 * <p>Known gaps: about 5 % off the reference's price for a typical request and 13 % at the 90th percentile
 * (decision 0010 has the measurements); a few combinations are further off (a 4× upscaler on a small image
 * costs a third more, a ControlNet on a small image a third less); at the far corner of the API's ranges
 * (3072×3072, hundreds of steps) it is less than half the reference's price. The price grows with steps and size
 * over 512..2048 px, but dips by up to 14 % in places below 512 px and at the far corner.
 */
final class ImageCostModel {
  /** The post-processors the model has a term for; the reference prices any other one with its legacy formula. */
  static final Set<String> KNOWN_POST_PROCESSORS = Set.of("4x_AnimeSharp", "CodeFormers", "GFPGAN", "NMKD_Siax",
      "RealESRGAN_x2plus", "RealESRGAN_x4plus", "RealESRGAN_x4plus_anime_6B", "strip_background");
  static final Set<String> KNOWN_CONTROL_TYPES = Set.of("canny", "depth", "fakescribbles", "hed", "hough", "normal",
      "openpose", "scribble", "seg");
  private static final Set<String> KNOWN_SOURCE_PROCESSING = Set.of("img2img", "inpainting", "outpainting", "remix");

  /** Declared after the sets above: loading it prices the basis job. */
  static final ImageCostModel BUNDLED = load("/image-kudos-model.json");

  private final double minSeconds;
  private final int[][] exponents;
  private final double[] coefficients;
  private final Map<String, double[]> options;
  private final double[] cfg;
  private final double basisSeconds;

  private ImageCostModel(double minSeconds, int[][] exponents, double[] coefficients, Map<String, double[]> options,
      double[] cfg) {
    this.minSeconds = minSeconds;
    this.exponents = exponents;
    this.coefficients = coefficients;
    this.options = Map.copyOf(options);
    this.cfg = cfg;
    this.basisSeconds = seconds(ImageKudos.BASIS_JOB);
  }

  static ImageCostModel load(String resource) {
    try (InputStream in = ImageCostModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      JsonNode base = root.get("base");
      int[][] exponents = new int[base.size()][];
      double[] coefficients = new double[base.size()];
      for (int i = 0; i < base.size(); i++) {
        JsonNode term = base.get(i);
        exponents[i] = new int[] {term.get(0).asInt(), term.get(1).asInt(), term.get(2).asInt()};
        coefficients[i] = term.get(3).asDouble();
      }
      Map<String, double[]> options = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.get("options").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> option = it.next();
        double[] values = new double[6];
        for (int i = 0; i < 6; i++) {
          values[i] = option.getValue().get(i).asDouble();
        }
        options.put(option.getKey(), values);
      }
      JsonNode cfg = root.get("cfg");
      return new ImageCostModel(root.get("min_seconds").asDouble(), exponents, coefficients, options,
          new double[] {cfg.get(0).asDouble(), cfg.get(1).asDouble()});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the reference's network can price this job at all: it fails on a post-processor, ControlNet type or
   * source processing it was not trained with, and the reference then uses its legacy formula.
   */
  static boolean covers(ImageJobShape shape) {
    if (!KNOWN_POST_PROCESSORS.containsAll(shape.postProcessors())) {
      return false;
    }
    if (shape.hasControlNet() && !KNOWN_CONTROL_TYPES.contains(shape.controlType())) {
      return false;
    }
    return !shape.sourceImage() || KNOWN_SOURCE_PROCESSING.contains(shape.sourceProcessing());
  }

  /** The job's price in kudos before rounding: {@code seconds / basis seconds × (10 + 1)}. */
  double kudos(ImageJobShape shape) {
    return Math.max(seconds(shape), minSeconds) / basisSeconds * (ImageKudos.KUDOS_BASIS + ImageKudos.BASIS_ADJUSTMENT);
  }

  double seconds(ImageJobShape shape) {
    double x = clamp(shape.width(), 256, 3072) / 1024.0;
    double y = clamp(shape.height(), 256, 3072) / 1024.0;
    double s = clamp(shape.steps(), 1, 500) / 100.0;
    double log = 0;
    for (int i = 0; i < coefficients.length; i++) {
      int[] e = exponents[i];
      log += coefficients[i] * Math.pow(x, e[0]) * Math.pow(y, e[1]) * Math.pow(s, e[2]);
    }
    double area = clamp(Math.log(x * y), Math.log(1.0 / 16), Math.log(4));
    double t = Math.min(s, 1.5);
    for (Map.Entry<String, Double> option : options(shape).entrySet()) {
      double[] c = options.get(option.getKey());
      if (c != null) {
        log += option.getValue() * (c[0] + c[1] * area + c[2] * area * area + c[3] * t + c[4] * t * area
            + c[5] * t * t);
      }
    }
    double q = clamp(shape.cfgScale(), 0, 30) / 30;
    log += cfg[0] * q + cfg[1] * q * q;
    return Math.exp(log);
  }

  /** The options present and their weights, named as in the coefficients file. */
  private static Map<String, Double> options(ImageJobShape shape) {
    Map<String, Double> present = new HashMap<>();
    present.put("sampler." + shape.sampler(), 1.0);
    if (shape.karras()) {
      present.put("karras", 1.0);
    }
    if (shape.hiresFix()) {
      present.put("hires_fix", 1.0);
    }
    if (shape.sourceImage()) {
      present.put("source_image", 1.0);
      if ("inpainting".equals(shape.sourceProcessing()) || "outpainting".equals(shape.sourceProcessing())) {
        present.put(shape.sourceProcessing(), 1.0);
      }
      // With a ControlNet the reference reads the denoising strength as the control strength.
      present.put(shape.hasControlNet() ? "weak_control" : "weak_denoise", 1 - shape.denoisingStrength());
    }
    if (shape.sourceMask()) {
      present.put("source_mask", 1.0);
    }
    if (shape.hasControlNet()) {
      present.put("control." + shape.controlType(), 1.0);
    }
    for (String postProcessor : shape.postProcessors()) {
      present.merge("post." + postProcessor, 1.0, Double::sum);
    }
    return present;
  }

  private static double clamp(double value, double min, double max) {
    return Math.min(Math.max(value, min), max);
  }

  /** The option names the coefficients file has terms for. */
  Set<String> optionNames() {
    return options.keySet();
  }
}
