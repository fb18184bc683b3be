package ai.horde.text;

import ai.horde.events.TextCriteria;
import java.util.List;

/**
 * Whether a worker may serve a text request, and if not, the reason reported in a pop's {@code skipped}.
 *
 * <p>The reference filters models, lengths, targeting and speed in SQL without counting them, so its text
 * {@code skipped} only ever shows {@code untrusted} (spec R1.19). Here every reason is counted, which is
 * what workers and the skipped-reason names promise; the first failing check wins, in this order:
 * worker_id, models, max_context_length, max_length, untrusted, bridge_version, performance.
 */
public final class TextEligibility {
  private TextEligibility() {}

  /** The keys of a pop's {@code skipped} object. */
  public enum Skip {
    WORKER_ID("worker_id"), MODELS("models"), MAX_CONTEXT_LENGTH("max_context_length"),
    MAX_LENGTH("max_length"), UNTRUSTED("untrusted"), BRIDGE_VERSION("bridge_version"),
    PERFORMANCE("performance");

    private final String key;

    Skip(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** Null when the worker may serve the request, else why not (the pop's speed rule, spec R1.18). */
  public static Skip check(TextCriteria request, TextWorkerProfile worker, ModelReference models) {
    return check(request, worker, slowSpeed(worker.models(), models));
  }

  /**
   * The same, with the speed below which a worker counts as slow given: the "is the request possible" test
   * uses 2 tokens/s (spec R3.8.5) where a pop uses 3–5.
   */
  public static Skip check(TextCriteria request, TextWorkerProfile worker, double slowBelow) {
    if (!targets(request, worker.workerId())) {
      return Skip.WORKER_ID;
    }
    if (!request.getModels().isEmpty() && request.getModels().stream().noneMatch(worker.models()::contains)) {
      return Skip.MODELS;
    }
    if (request.getMaxContextLength() > worker.maxContextLength()) {
      return Skip.MAX_CONTEXT_LENGTH;
    }
    if (request.getMaxLength() > worker.maxLength()) {
      return Skip.MAX_LENGTH;
    }
    if (request.getTrustedWorkers() && !worker.ownerTrusted()) {
      return Skip.UNTRUSTED;
    }
    if (request.getValidatedBackends() && !BridgeAgents.isValidated(worker.bridgeAgent())) {
      return Skip.BRIDGE_VERSION;
    }
    if (!request.getSlowWorkers() && worker.speed() < slowBelow) {
      return Skip.PERFORMANCE;
    }
    return null;
  }

  private static boolean targets(TextCriteria request, String workerId) {
    List<String> workers = request.getWorkers();
    if (workers.isEmpty()) {
      return true;
    }
    return request.getWorkerBlacklist() != workers.contains(workerId);
  }

  /** Tokens/s below which a worker is slow, from the size of the first model it serves (spec R1.18). */
  static double slowSpeed(List<String> workerModels, ModelReference models) {
    if (workerModels.isEmpty()) {
      return 3;
    }
    double billions = models.billions(workerModels.get(0));
    return billions >= 20 ? 3 : billions >= 13 ? 4 : 5;
  }
}
