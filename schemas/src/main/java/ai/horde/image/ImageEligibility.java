package ai.horde.image;

import ai.horde.events.ImageCapabilities;
import ai.horde.events.ImageCriteria;
import java.util.List;
import java.util.Locale;

/**
 * Whether a dreamer may serve an image request, and if not, the key it is counted under in a pop's
 * {@code skipped} (spec §2.4, §2.6; the reference's SQL prefilter and {@code ImageWorker.can_generate}). The
 * first failing check wins, in this order: nsfw, untrusted, blacklist, worker_id, models, max_pixels,
 * performance, img2img, painting (or models: no inpainting model), models (only inpainting models),
 * controlnet, lora, post-processing, step_count.
 *
 * <p>Known gaps: the reference also gates on what each bridge version can do ({@code bridge_version}: samplers,
 * post-processors, ControlNet, LoRA versions, ...); here every bridge is taken to be a current one. Requests
 * from unsafe addresses ({@code unsafe_ip}) and the {@code kudos} reason of dreamers that require upfront
 * kudos need facts about the requester that are not kept yet.
 */
public final class ImageEligibility {

  private ImageEligibility() {}

  /**
   * Null when the dreamer may serve the request, else why not.
   *
   * @param prompt the request's prompt, for the dreamer's blacklist (null when it has none to check)
   */
  public static String check(ImageCriteria request, ImageWorkerProfile worker, ImageModelReference models,
      String prompt) {
    ImageCapabilities can = worker.capabilities();
    if (request.getNsfw() && !worker.nsfw()) {
      return "nsfw";
    }
    if (request.getTrustedWorkers() && !worker.ownerTrusted()) {
      return "untrusted";
    }
    if (prompt != null && blacklisted(prompt, can.getBlacklist())) {
      return "blacklist";
    }
    if (!targets(request, worker.workerId())) {
      return "worker_id";
    }
    if (!request.getModels().isEmpty() && request.getModels().stream().noneMatch(worker.models()::contains)) {
      return "models";
    }
    if ((long) request.getWidth() * request.getHeight() > can.getMaxPixels()) {
      return "max_pixels";
    }
    if ((!request.getSlowWorkers() && ImageKudos.isSlow(worker.speed()))
        || (can.getExtraSlowWorker() && !request.getExtraSlowWorkers())) {
      return "performance";
    }
    String processing = request.getSourceProcessing();
    boolean painting = "inpainting".equals(processing) || "outpainting".equals(processing);
    if (processing != null && !painting && !can.getAllowImg2img()) {
      return "img2img";
    }
    if (painting) {
      if (!models.hasInpaintingModels(worker.models())) {
        return "models";
      }
      if (!can.getAllowPainting()) {
        return "painting";
      }
    } else if (models.hasOnlyInpaintingModels(worker.models())) {
      return "models";
    }
    if ((request.getControlType() != null && !can.getAllowControlnet())
        || ("qr_code".equals(request.getWorkflow()) && servesSdxl(worker.models(), models)
            && !can.getAllowSdxlControlnet())) {
      return "controlnet";
    }
    if (!request.getLoras().isEmpty() && !can.getAllowLora()) {
      return "lora";
    }
    if (!request.getPostProcessing().isEmpty() && !can.getAllowPostProcessing()) {
      return "post-processing";
    }
    if (can.getLimitMaxSteps() && tooManySteps(request, worker.models(), models)) {
      return "step_count";
    }
    return null;
  }

  /** Any of the dreamer's words in the prompt, case-insensitively. */
  static boolean blacklisted(String prompt, List<String> words) {
    if (words.isEmpty()) {
      return false;
    }
    String lower = prompt.toLowerCase(Locale.ROOT);
    return words.stream().anyMatch(word -> !word.isEmpty() && lower.contains(word.toLowerCase(Locale.ROOT)));
  }

  private static boolean targets(ImageCriteria request, String workerId) {
    List<String> workers = request.getWorkers();
    return workers.isEmpty() || request.getWorkerBlacklist() != workers.contains(workerId);
  }

  private static boolean servesSdxl(List<String> workerModels, ImageModelReference models) {
    return workerModels.stream().anyMatch(m -> ImageModelReference.STABLE_DIFFUSION_XL.equals(models.baseline(m)));
  }

  /**
   * A dreamer that limits its steps skips requests above the middle of a model's step range (20..40 where
   * the reference does not say): the request's models', or its own when the request names none.
   */
  private static boolean tooManySteps(ImageCriteria request, List<String> workerModels, ImageModelReference models) {
    int steps = ImageKudos.accurateSteps(ImageJobShape.of(request));
    List<String> names = request.getModels().isEmpty() ? workerModels : request.getModels();
    for (String name : names) {
      ImageModelReference.Requirements requirements = models.requirements(name);
      double middle = (requirements.minSteps().orElse(20) + requirements.maxSteps().orElse(40)) / 2.0;
      if (steps > middle) {
        return true;
      }
    }
    return false;
  }
}
