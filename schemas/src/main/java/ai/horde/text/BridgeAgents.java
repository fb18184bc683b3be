package ai.horde.text;

import java.util.Set;

/** Which worker backends the reference counts as validated (spec R1.24). */
public final class BridgeAgents {
  private static final Set<String> VALIDATED = Set.of("AI Horde Worker", "AI Horde Worker~aphrodite~oai",
      "AI Horde Worker~aphrodite~kai", "KoboldCppEmbedWorker", "TabbyAPI");

  private BridgeAgents() {}

  /** The bridge name is what comes before the first ':' of {@code name:version:url}. */
  public static boolean isValidated(String bridgeAgent) {
    if (bridgeAgent == null) {
      return false;
    }
    int colon = bridgeAgent.indexOf(':');
    return colon > 0 && VALIDATED.contains(bridgeAgent.substring(0, colon));
  }
}
