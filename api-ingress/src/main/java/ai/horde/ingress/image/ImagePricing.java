package ai.horde.ingress.image;

import ai.horde.image.ImageJobShape;
import ai.horde.image.ImageKudos;
import ai.horde.image.ImageModelReference;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.image.ImageBodies.GenerationInputStable;
import ai.horde.ingress.image.ImageBodies.ModelGenerationInputStable;
import ai.horde.ingress.image.ImageParamRules.Checked;
import ai.horde.ingress.views.HordeViews;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * What an image request costs and whether it must hold kudos up front ({@link ImageKudos}; spec §2.2, §4.8): the
 * price of one job (the 202's {@code kudos}), the estimate a dry run answers and an upfront hold or a shared key
 * must cover, and what a request that cannot hold it becomes: refused ({@code KudosUpfront}), or, with
 * {@code allow_downgrade}, shrunk to the largest resolution and steps that need no upfront kudos.
 *
 * <p>Known gap: the reference's {@code HORDE_UPFRONT_KUDOS_ON_WORKERLIST} switch is not offered.
 */
@Singleton
final class ImagePricing {
  private final ImageModelReference models;
  private final HordeViews views;
  private final Clock clock;

  ImagePricing(ImageModelReference models, HordeViews views, Clock clock) {
    this.models = models;
    this.views = views;
    this.clock = clock;
  }

  /**
   * A request as it will be queued, before or after its upfront hold.
   *
   * @param params its params (a downgraded request's are smaller)
   * @param steps the steps it is generated with
   * @param estimateCenti what all its jobs are expected to cost (a limited shared key must cover it)
   * @param requiredCenti the estimate it must hold up front (0: none)
   * @param maxResolution the side a downgrade shrinks it to
   * @param held whether the hold is placed
   */
  record Admission(ModelGenerationInputStable params, int steps, boolean slowWorkers, long priceCenti,
      long estimateCenti, long requiredCenti, int maxResolution, boolean held) {}

  /** The request's shape as priced: its params, models and flags. */
  ImageJobShape shape(GenerationInputStable input, ModelGenerationInputStable params, Checked checked, int steps,
      boolean slowWorkers) {
    ImageJobShape.Builder shape = ImageJobShape.builder().size(params.width(), params.height()).steps(steps)
        .sampler(params.samplerName()).cfgScale(params.payloadCfgScale()).karras(params.payloadKarras())
        .hiresFix(Boolean.TRUE.equals(params.hiresFix())).controlType(params.controlType())
        .returnControlMap(Boolean.TRUE.equals(params.returnControlMap()))
        .sourceMask(input.sourceMask() != null)
        .postProcessors(params.postProcessing() == null ? List.of() : params.postProcessing())
        .loras(params.loras() == null ? List.of() : params.loras().stream()
            .map(l -> new ImageJobShape.Lora(l.name(), Boolean.TRUE.equals(l.isVersion()))).toList())
        .tis(params.tis() != null && !params.tis().isEmpty()).workflow(params.workflow())
        .transparent(Boolean.TRUE.equals(params.transparent())).n(checked.n()).models(checked.models())
        .slowWorkers(slowWorkers).workerBlacklist(input.workerBlacklist() && !input.workers().isEmpty());
    if (input.sourceImage() != null) {
      shape.sourceImage(input.sourceProcessing());
    }
    if (params.denoisingStrength() != null) {
      shape.denoisingStrength(params.denoisingStrength());
    }
    return shape.build();
  }

  /** The request as asked: its price, and the estimate it must hold when it needs upfront kudos. */
  Admission admit(GenerationInputStable input, Checked checked) {
    ModelGenerationInputStable params = input.params();
    int steps = params.effectiveSteps();
    ImageJobShape shape = shape(input, params, checked, steps, input.slowWorkers());
    ImageKudos.Upfront upfront = ImageKudos.upfront(shape, models,
        views.onlineThreads(WorkKind.IMAGE, clock.millis()), views.statuses(WorkKind.IMAGE).queued().size(), false);
    long estimate = ImageKudos.dryRunEstimateCenti(shape, models);
    return new Admission(params, steps, input.slowWorkers(), ImageKudos.priceCenti(shape), estimate,
        upfront.required() ? estimate : 0, upfront.maxResolution(), false);
  }

  /** What a dry run answers: the whole estimate, whole kudos (Python's round). */
  double dryRunKudos(GenerationInputStable input, Checked checked, Admission admission) {
    ImageJobShape shape = shape(input, admission.params(), checked, admission.steps(), admission.slowWorkers());
    return Math.rint(ImageKudos.dryRunEstimate(shape, models));
  }

  /**
   * The request once the ledger answered its hold: as asked when held (or when none was needed); else shrunk
   * when it allows a downgrade; else refused with nothing charged.
   */
  Admission afterHold(boolean held, Admission asked, GenerationInputStable input, Checked checked) {
    if (asked.requiredCenti() == 0) {
      return asked;
    }
    if (held) {
      return new Admission(asked.params(), asked.steps(), asked.slowWorkers(), asked.priceCenti(),
          asked.estimateCenti(), asked.requiredCenti(), asked.maxResolution(), true);
    }
    if (!input.allowDowngrade()) {
      int resolution = asked.maxResolution();
      throw new ApiError(403, "KudosUpfront", "Due to heavy demand, for requests over " + resolution + "x" + resolution
          + " or over 50 steps (10 steps for LCM work, 30 steps for Stable Cascade, and half those steps for k_heun, "
          + "dpmpp_sde, and dpm_2*) the client needs to already have the required kudos. This request requires "
          + Math.rint(asked.requiredCenti() / 100.0) + " kudos to fulfil.");
    }
    return downgraded(asked, input, checked);
  }

  /**
   * The reference's {@code downgrade}: open to slow workers, scaled into the largest square that needs no upfront
   * kudos (on multiples of 64, at least 512 × 512), and its steps cut to the models' {@code max_steps} (20 with
   * ControlNet, 10 with LCM), but not below 5.
   */
  private Admission downgraded(Admission asked, GenerationInputStable input, Checked checked) {
    ModelGenerationInputStable p = asked.params();
    long limit = (long) asked.maxResolution() * asked.maxResolution();
    int width = p.width();
    int height = p.height();
    if ((long) width * height > limit) {
      double scale = Math.sqrt((double) limit / ((long) width * height));
      width = (int) (width * scale) / 64 * 64;
      height = (int) (height * scale) / 64 * 64;
      while ((long) width * height > limit) {
        if (width >= height) {
          width -= 64;
        } else {
          height -= 64;
        }
      }
      if ((long) width * height < 512 * 512) {
        width = 512;
        height = 512;
      }
    }
    ModelGenerationInputStable smaller = p.withSize(width, height);
    ImageJobShape shape = shape(input, smaller, checked, asked.steps(), true);
    int maxSteps = checked.models().stream().mapToInt(m -> models.requirements(m).maxSteps().orElse(30)).min()
        .orElse(30);
    if (p.controlType() != null) {
      maxSteps = 20;
    }
    if (ImageKudos.usesLcm(shape)) {
      maxSteps = 10;
    }
    int steps = asked.steps();
    while (steps >= 5 && ImageKudos.accurateSteps(shape(input, smaller, checked, steps, true)) > maxSteps) {
      steps--;
    }
    long price = ImageKudos.priceCenti(shape(input, smaller, checked, steps, true));
    return new Admission(smaller, steps, true, price, asked.estimateCenti(), 0, asked.maxResolution(), false);
  }
}
