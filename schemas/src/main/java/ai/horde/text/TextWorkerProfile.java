package ai.horde.text;

import java.util.List;

/**
 * What a text worker offers at a pop: the models it serves right now and its limits, plus the facts about
 * it that requests may filter on.
 *
 * @param speed tokens per second over its recent deliveries (1 for a worker with none, spec R3.11.9)
 */
public record TextWorkerProfile(String workerId, List<String> models, int maxLength, int maxContextLength,
    boolean ownerTrusted, String bridgeAgent, double speed) {

  /** Mean of the speed samples, or the reference's baseline of 1 token/s when there are none. */
  public static double speedOf(List<Double> samples) {
    return samples.isEmpty() ? 1.0 : samples.stream().mapToDouble(Double::doubleValue).average().orElse(1.0);
  }
}
