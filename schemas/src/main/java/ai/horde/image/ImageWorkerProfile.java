package ai.horde.image;

import ai.horde.events.ImageCapabilities;
import java.util.List;

/**
 * What a dreamer offers at a pop: the models it serves right now, what it allows, and the facts about it
 * that requests may filter on.
 *
 * @param speed pixel-steps per second over its recent deliveries ({@link ImageKudos#BASELINE_SPEED} for one with none)
 */
public record ImageWorkerProfile(String workerId, List<String> models, ImageCapabilities capabilities,
    boolean ownerTrusted, boolean nsfw, double speed) {
  /** Mean of the speed samples, or the baseline when there are none. */
  public static double speedOf(List<Double> samples) {
    return samples.isEmpty() ? ImageKudos.BASELINE_SPEED
        : samples.stream().mapToDouble(Double::doubleValue).average().orElse(ImageKudos.BASELINE_SPEED);
  }
}
