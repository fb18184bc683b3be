package ai.horde.scheduler;

import ai.horde.runtime.HordeEnv;
import java.time.Duration;

/**
 * The scheduler's time rules and limits. Defaults are the reference's (spec §3.9, R3.11.2).
 *
 * @param jobTtl a job not submitted within this is faulted and its slot handed out again
 * @param requestExpiry a request is dropped this long after it was accepted or last popped
 * @param checkInDebounce an unchanged worker's check-in is published at most this often (changes at once)
 * @param tick how often the clock rules (TTLs, expiry, pop holds) are checked
 * @param duePerTick at most this many of each clock rule's commands per tick (job timeouts, request expiries, ...):
 *     a backlog of them (the whole queue expired while the horde was stopped) is worked off over several ticks,
 *     pops answered in between
 * @param assignMargin no job goes to a pop whose ingress stops waiting within this
 * @param faultsToFaultRequest faulted jobs after which the whole request is faulted
 * @param commitIntervalMs Kafka Streams commit interval, also its poll timeout: a reply waits at most this long
 *     for the transaction that makes it visible (at once when the previous commit is older). Not 0: Kafka Streams
 *     then commits after every record under load (it halves its batch after each commit), a transaction each.
 */
record SchedulerSettings(Duration jobTtl, Duration requestExpiry, Duration checkInDebounce, Duration tick,
    int duePerTick, Duration assignMargin, int faultsToFaultRequest, long commitIntervalMs) {

  static SchedulerSettings defaults() {
    return new SchedulerSettings(Duration.ofSeconds(150), Duration.ofMinutes(20), Duration.ofSeconds(30),
        Duration.ofSeconds(1), 500, Duration.ofSeconds(2), 3, 5);
  }

  static SchedulerSettings from(HordeEnv env) {
    SchedulerSettings d = defaults();
    return new SchedulerSettings(d.jobTtl(), d.requestExpiry(),
        Duration.ofMillis(env.getLong("HORDE_CHECKIN_WINDOW_MS", d.checkInDebounce().toMillis())),
        Duration.ofMillis(env.getLong("HORDE_SCHEDULER_TICK_MS", d.tick().toMillis())), d.duePerTick(),
        d.assignMargin(), d.faultsToFaultRequest(),
        env.getLong("HORDE_SCHEDULER_COMMIT_INTERVAL_MS", d.commitIntervalMs()));
  }
}
