package ai.horde.scheduler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Map;

/**
 * The scheduler's own gauges: requests waiting per model ({@code horde.scheduler.waiting.requests}, a request
 * naming no model counted under {@code model="any"}), pops held open ({@code horde.scheduler.held.pops}) and
 * jobs in flight ({@code horde.scheduler.jobs.in.flight}). The stream thread counts them from its in-memory
 * indexes at every tick ({@link SchedulerState#counts()}); a scrape reads the last count, never the state.
 */
final class SchedulerMetrics {
  /** What the scheduler holds at one tick. */
  record Counts(Map<String, Integer> waitingByModel, int heldPops, int jobsInFlight) {
    static final Counts NONE = new Counts(Map.of(), 0, 0);
  }

  private final MultiGauge waiting;
  private volatile Counts last = Counts.NONE;

  SchedulerMetrics(MeterRegistry registry) {
    Gauge.builder("horde.scheduler.held.pops", this, m -> m.last.heldPops())
        .description("pops held open until a job comes or their hold ends").register(registry);
    Gauge.builder("horde.scheduler.jobs.in.flight", this, m -> m.last.jobsInFlight())
        .description("jobs handed to a worker and not yet submitted or timed out").register(registry);
    waiting = MultiGauge.builder("horde.scheduler.waiting.requests")
        .description("requests with jobs waiting for a worker, per model they name").register(registry);
  }

  void observe(Counts counts) {
    boolean sameModels = counts.waitingByModel().keySet().equals(last.waitingByModel().keySet());
    last = counts;
    if (!sameModels) {
      // Rows read the latest counts; only the set of models needs registering again.
      waiting.register(counts.waitingByModel().keySet().stream().map(model -> MultiGauge.Row.of(Tags.of("model", model),
          this, m -> m.last.waitingByModel().getOrDefault(model, 0))).toList(), true);
    }
  }
}
