package ai.horde.image;

import ai.horde.events.ImageCriteria;
import java.util.List;
import java.util.Objects;

/**
 * What an image request asks of each of its jobs, as the kudos and scheduling rules read it: the params after
 * the reference's defaults are filled in, the request's flags that change the price, and its models.
 *
 * <p>The reference fills missing params before pricing (its {@code extract_params}): 512×512, sampler
 * {@code k_euler_a}, cfg 5, karras on, and steps 30, or 20 with ControlNet, where more than 40 steps are cut to
 * 40 ({@link #stepsFor}). {@link #builder()} starts from those defaults.
 *
 * @param sampler the sampler name as sent ({@code k_euler_a}, {@code lcm}, ...)
 * @param denoisingStrength as sent, 1 when not sent; only read with a source image
 * @param controlType null or empty for none
 * @param sourceImage whether the request carries a source image (img2img, inpainting, outpainting, remix)
 * @param sourceProcessing {@code img2img}, {@code inpainting}, {@code outpainting} or {@code remix}; only read with
 *     a source image
 * @param postProcessors the requested post-processors, in order
 * @param loras the requested LoRAs (each adds to the price; some are LCM LoRAs)
 * @param tis whether any textual inversion is requested
 * @param workflow null or {@code qr_code}
 * @param n the number of images requested
 * @param models the requested models, empty for any
 * @param slowWorkers false when the request asks for fast workers only
 * @param workerBlacklist whether the request's worker list is a deny list (with workers in it)
 */
public record ImageJobShape(int width, int height, int steps, String sampler, double cfgScale,
    double denoisingStrength, boolean karras, boolean hiresFix, String controlType, boolean returnControlMap,
    boolean sourceImage, boolean sourceMask, String sourceProcessing, List<String> postProcessors,
    List<Lora> loras, boolean tis, String workflow, boolean transparent, int n, List<String> models,
    boolean slowWorkers, boolean workerBlacklist) {

  /** A requested LoRA: its name (a CivitAI model id, or a version id when {@code isVersion}). */
  public record Lora(String name, boolean isVersion) {
    public Lora {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A missing sampler or source processing takes the reference's default; missing lists are empty. */
  public ImageJobShape {
    sampler = sampler == null ? "k_euler_a" : sampler;
    sourceProcessing = sourceProcessing == null ? "img2img" : sourceProcessing;
    postProcessors = postProcessors == null ? List.of() : List.copyOf(postProcessors);
    loras = loras == null ? List.of() : List.copyOf(loras);
    models = models == null ? List.of() : List.copyOf(models);
  }

  /** The shape a queued request's criteria describe (one job of it: {@code n} 1). */
  public static ImageJobShape of(ImageCriteria c) {
    return new ImageJobShape(c.getWidth(), c.getHeight(), c.getSteps(), c.getSampler(), c.getCfgScale(),
        c.getDenoisingStrength(), c.getKarras(), c.getHiresFix(), c.getControlType(), c.getReturnControlMap(),
        c.getSourceProcessing() != null, c.getSourceMask(),
        c.getSourceProcessing() == null ? "img2img" : c.getSourceProcessing(), c.getPostProcessing(),
        c.getLoras().stream().map(l -> new Lora(l.getName(), l.getIsVersion())).toList(), c.getTis() > 0,
        c.getWorkflow(), c.getTransparent(), 1, c.getModels(), c.getSlowWorkers(),
        c.getWorkerBlacklist() && !c.getWorkers().isEmpty());
  }

  public boolean hasControlNet() {
    return controlType != null && !controlType.isEmpty();
  }

  /**
   * The steps the reference uses for a request: 30 when none are sent (20 with ControlNet); with ControlNet
   * more than 40 are silently cut to 40.
   */
  public static int stepsFor(Integer requested, String controlType) {
    boolean controlNet = controlType != null && !controlType.isEmpty();
    if (requested == null) {
      return controlNet ? 20 : 30;
    }
    return controlNet ? Math.min(requested, 40) : requested;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reference defaults: 512×512, 30 steps, {@code k_euler_a}, cfg 5, karras, txt2img, n 1, slow workers allowed. */
  public static final class Builder {
    private int width = 512;
    private int height = 512;
    private int steps = 30;
    private String sampler = "k_euler_a";
    private double cfgScale = 5.0;
    private double denoisingStrength = 1.0;
    private boolean karras = true;
    private boolean hiresFix;
    private String controlType;
    private boolean returnControlMap;
    private boolean sourceImage;
    private boolean sourceMask;
    private String sourceProcessing = "img2img";
    private List<String> postProcessors = List.of();
    private List<Lora> loras = List.of();
    private boolean tis;
    private String workflow;
    private boolean transparent;
    private int n = 1;
    private List<String> models = List.of();
    private boolean slowWorkers = true;
    private boolean workerBlacklist;

    private Builder() {}

    public Builder size(int width, int height) {
      this.width = width;
      this.height = height;
      return this;
    }

    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    public Builder sampler(String sampler) {
      this.sampler = sampler;
      return this;
    }

    public Builder cfgScale(double cfgScale) {
      this.cfgScale = cfgScale;
      return this;
    }

    public Builder denoisingStrength(double denoisingStrength) {
      this.denoisingStrength = denoisingStrength;
      return this;
    }

    public Builder karras(boolean karras) {
      this.karras = karras;
      return this;
    }

    public Builder hiresFix(boolean hiresFix) {
      this.hiresFix = hiresFix;
      return this;
    }

    public Builder controlType(String controlType) {
      this.controlType = controlType;
      return this;
    }

    public Builder returnControlMap(boolean returnControlMap) {
      this.returnControlMap = returnControlMap;
      return this;
    }

    /** A source image with its processing ({@code img2img}, {@code inpainting}, ...). */
    public Builder sourceImage(String sourceProcessing) {
      this.sourceImage = true;
      this.sourceProcessing = sourceProcessing;
      return this;
    }

    public Builder sourceMask(boolean sourceMask) {
      this.sourceMask = sourceMask;
      return this;
    }

    public Builder postProcessors(List<String> postProcessors) {
      this.postProcessors = postProcessors;
      return this;
    }

    public Builder loras(List<Lora> loras) {
      this.loras = loras;
      return this;
    }

    public Builder tis(boolean tis) {
      this.tis = tis;
      return this;
    }

    public Builder workflow(String workflow) {
      this.workflow = workflow;
      return this;
    }

    public Builder transparent(boolean transparent) {
      this.transparent = transparent;
      return this;
    }

    public Builder n(int n) {
      this.n = n;
      return this;
    }

    public Builder models(List<String> models) {
      this.models = models;
      return this;
    }

    public Builder slowWorkers(boolean slowWorkers) {
      this.slowWorkers = slowWorkers;
      return this;
    }

    public Builder workerBlacklist(boolean workerBlacklist) {
      this.workerBlacklist = workerBlacklist;
      return this;
    }

    public ImageJobShape build() {
      return new ImageJobShape(width, height, steps, sampler, cfgScale, denoisingStrength, karras, hiresFix,
          controlType, returnControlMap, sourceImage, sourceMask, sourceProcessing, postProcessors, loras, tis,
          workflow, transparent, n, models, slowWorkers, workerBlacklist);
    }
  }
}
