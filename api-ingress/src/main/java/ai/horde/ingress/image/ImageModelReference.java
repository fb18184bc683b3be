package ai.horde.ingress.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image model reference as far as the request checks look into it: a known model's baseline, whether it is
 * a ControlNet model, and what it requires of the params (which only ever warns). The reference loads it from
 * the AI-Horde-image-model-reference ({@code stable_diffusion.json} and {@code diffusers.json}); whoever wires
 * the checks supplies it ({@link #of} for a fixed table, {@link #NONE} when none is loaded).
 */
interface ImageModelReference {
  /** The reference's entry for {@code model}, empty when the model is not known. */
  Optional<KnownModel> find(String model);

  /** A reference that knows no model: every model is then a Stable Diffusion 1 model, as in the reference. */
  ImageModelReference NONE = model -> Optional.empty();

  /** The horde's image model reference, as these checks look into it. */
  static ImageModelReference of(ai.horde.image.ImageModelReference reference) {
    return model -> reference.model(model).map(m -> new KnownModel(m.baseline(), "controlnet".equals(m.type()),
        requirementsOf(m.requirements())));
  }

  private static Requirements requirementsOf(ai.horde.image.ImageModelReference.Requirements r) {
    return new Requirements(r.clipSkip().isPresent() ? r.clipSkip().getAsInt() : null,
        r.minSteps().isPresent() ? r.minSteps().getAsInt() : null,
        r.maxSteps().isPresent() ? r.maxSteps().getAsInt() : null,
        r.cfgScale().isPresent() ? r.cfgScale().getAsDouble() : null,
        r.minCfgScale().isPresent() ? r.minCfgScale().getAsDouble() : null,
        r.maxCfgScale().isPresent() ? r.maxCfgScale().getAsDouble() : null,
        r.samplers().isEmpty() ? null : r.samplers(), r.schedulers().isEmpty() ? null : r.schedulers());
  }

  static ImageModelReference of(Map<String, KnownModel> models) {
    Map<String, KnownModel> copy = Map.copyOf(models);
    return model -> Optional.ofNullable(copy.get(model));
  }

  /**
   * A model's baseline as the reference decides it: its entry's, else one read from a tag in an unknown
   * model's name ({@code [SDXL]}, {@code [Flux]}, {@code [Qwen]}, {@code [ZModel]}/{@code [ZImage]}), else
   * {@code stable diffusion 1}.
   */
  default String baseline(String model) {
    Optional<KnownModel> known = find(model);
    if (known.isPresent()) {
      return known.get().baseline();
    }
    if (model.contains("[SDXL]")) {
      return Baselines.SDXL;
    }
    if (model.contains("[Flux]")) {
      return Baselines.FLUX;
    }
    if (model.contains("[Qwen]")) {
      return Baselines.QWEN;
    }
    if (model.contains("[ZModel]") || model.contains("[ZImage]")) {
      return Baselines.Z_IMAGE;
    }
    return Baselines.SD1;
  }

  default boolean isControlnet(String model) {
    return find(model).map(KnownModel::controlnet).orElse(false);
  }

  default Requirements requirements(String model) {
    return find(model).map(KnownModel::requirements).orElse(Requirements.NONE);
  }

  /** The baselines the reference's checks name. */
  final class Baselines {
    static final String SD1 = "stable diffusion 1";
    static final String SD2_PREFIX = "stable diffusion 2";
    static final String SDXL = "stable_diffusion_xl";
    static final String CASCADE = "stable_cascade";
    static final String FLUX = "flux_1";
    static final String QWEN = "qwen_image";
    static final String Z_IMAGE = "z_image_turbo";

    private Baselines() {}
  }

  /**
   * A model of the reference.
   *
   * @param baseline its {@code baseline} ({@code stable diffusion 1}, {@code stable_diffusion_xl}, ...); the
   *     reference keeps only models of its known baselines as image models
   * @param controlnet whether its {@code type} is {@code controlnet}
   * @param requirements its {@code requirements}
   */
  record KnownModel(String baseline, boolean controlnet, Requirements requirements) {
    public KnownModel {
      // An entry without a baseline is a Stable Diffusion 1 model, as the reference reads it.
      baseline = baseline == null ? Baselines.SD1 : baseline;
      requirements = requirements == null ? Requirements.NONE : requirements;
    }

    static KnownModel of(String baseline) {
      return new KnownModel(baseline, false, Requirements.NONE);
    }
  }

  /**
   * What a model requires of the params; each is null when the model does not say. A request that does not
   * meet them is accepted with a warning.
   */
  record Requirements(Integer clipSkip, Integer minSteps, Integer maxSteps, Double cfgScale, Double minCfgScale,
      Double maxCfgScale, List<String> samplers, List<String> schedulers) {
    static final Requirements NONE = new Requirements(null, null, null, null, null, null, null, null);
  }
}
