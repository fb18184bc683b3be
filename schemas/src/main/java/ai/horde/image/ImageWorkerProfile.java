package ai.horde.image;

import ai.horde.events.ImageCapabilities;
import java.util.List;

/**
 * What a dreamer offers at a pop: the models it serves right now, what it allows, and the facts about it
 * that requests may filter on.
 *
 * @param speed pixel-steps per second over its recent deliveries ({@link #BASELINE_SPEED} for one with none)
 */
public record ImageWorkerProfile(String workerId, List<String> models, ImageCapabilities capabilities,
    boolean ownerTrusted, boolean nsfw, double speed) {
  /** The reference's speed of a dreamer without deliveries: 1 megapixel-step per second. */
  public static final double BASELINE_SPEED = 1_000_000;

  /** Mean of the speed samples, or the baseline when there are none. */
  public static double speedOf(List<Double> samples) {
    return samples.isEmpty() ? BASELINE_SPEED
        : samples.stream().mapToDouble(Double::doubleValue).average().orElse(BASELINE_SPEED);
  }
}
