package ai.horde.scheduler;

import ai.horde.events.CancelRequested;
import ai.horde.events.HordeModes;
import ai.horde.events.Job;
import ai.horde.events.PopRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Given commands, when a command, then events: runs the decider the way the processor does (decide,
 * apply, follow-ups) over map-backed tables, with a hand-moved clock.
 */
final class SchedulerFixture {
  final MapTable<String, WaitingRequest> requests = new MapTable<>();
  final MapTable<String, String> payloads = new MapTable<>();
  final MapTable<String, Job> jobs = new MapTable<>();
  final MapTable<String, WorkerState> workers = new MapTable<>();
  final MapTable<String, String> workerNames = new MapTable<>();
  final MapTable<String, PopRequested> parkedPops = new MapTable<>();
  final MapTable<String, CancelRequested> earlyCancels = new MapTable<>();
  /** The horde's modes as the registry publishes them: a test puts raid mode here. */
  final MapTable<String, HordeModes> modes = new MapTable<>();
  final SchedulerState state = newState();
  final Scheduler scheduler = new Scheduler(SchedulerSettings.defaults(), Fixtures.kinds());
  long now = Fixtures.T0.toEpochMilli();

  /** A state over this fixture's tables, its indexes built from them. */
  SchedulerState newState() {
    SchedulerState fresh = new SchedulerState(new SchedulerState.Tables(requests, payloads, jobs, workers, workerNames,
        parkedPops, earlyCancels, modes), SchedulerSettings.defaults().requestExpiry());
    fresh.rebuildIndexes();
    return fresh;
  }

  SchedulerFixture given(SchedulerCommand... commands) {
    for (SchedulerCommand command : commands) {
      when(command);
    }
    return this;
  }

  List<SchedulerEvent> when(SchedulerCommand command) {
    List<SchedulerEvent> all = new ArrayList<>();
    Deque<SchedulerCommand> pending = new ArrayDeque<>(List.of(command));
    while (!pending.isEmpty()) {
      for (SchedulerEvent event : scheduler.decide(state, pending.poll(), now)) {
        state.apply(event);
        all.add(event);
        pending.addAll(Scheduler.followUps(event));
      }
    }
    return all;
  }

  /** What the clock would do at the current time. */
  List<SchedulerEvent> tick() {
    return tick(SchedulerSettings.defaults().duePerTick());
  }

  /** What the clock would do at the current time, handling at most {@code perKind} of each kind. */
  List<SchedulerEvent> tick(int perKind) {
    List<SchedulerEvent> all = new ArrayList<>();
    state.dueAt(now, perKind).forEach(command -> all.addAll(when(command)));
    return all;
  }

  SchedulerFixture advance(Duration duration) {
    now += duration.toMillis();
    return this;
  }

  @SuppressWarnings("unchecked")
  static <E extends SchedulerEvent> E only(List<SchedulerEvent> events, Class<E> type) {
    List<SchedulerEvent> matching = events.stream().filter(type::isInstance).toList();
    if (matching.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + " in " + events);
    }
    return (E) matching.get(0);
  }
}
