package ai.horde.scheduler;

import static java.nio.charset.StandardCharsets.UTF_8;

import ai.horde.events.PopRequested;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerEvent.CheckInDeferred;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.WorkerCheckedIn;
import ai.horde.text.TextKudos;
import ai.horde.work.WorkKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A pop is a check-in (spec R3.11.2): it records what the worker serves now, when it was last seen, and its
 * uptime and uptime reward (spec §4.5). Pure.
 *
 * <p>Check-ins are coalesced, never dropped. A pop that changes what the worker serves (models, limits,
 * threads, nsfw, bridge, softprompts, trust, address) is published at once, so listings and "can any worker
 * serve this" answers never lag behind the pops. A pop that only says "still here" is published at once when
 * the previous check-in is older than the debounce window (30 s, as the reference); inside the window it is
 * deferred, the latest one replacing an earlier one, and published as of when it was seen once the window
 * ends. A worker in its first 30 s checks in with every pop, as in the reference.
 *
 * <p>Known gap: a deferred check-in lives in memory only; after a restart or rebalance the worker's next pop
 * records it again, so at worst its last check-in time is one window older than it was.
 */
final class WorkerCheckIns {
  /** A worker not seen for longer than this is stale (spec R3.11.3). */
  static final long STALE_AFTER_MS = 300_000;

  private final SchedulerSettings settings;
  private final Function<WorkKind, KindRules> rules;

  WorkerCheckIns(SchedulerSettings settings, Function<WorkKind, KindRules> rules) {
    this.settings = settings;
    this.rules = rules;
  }

  /** The worker a worker name's first pop creates; its id derives from that pop. */
  WorkerState register(PopRequested pop, long now) {
    String workerId = UUID.nameUUIDFromBytes(("worker:" + pop.getPopId()).getBytes(UTF_8)).toString();
    String kind = WorkKind.ofCapabilities(pop.getCapabilities()).workerType();
    return record(WorkerState.newBuilder().setWorkerId(workerId).setName(pop.getWorkerName()).setKind(kind)
        .setOwnerUserId(pop.getUserId()).setCreatedAt(Instant.ofEpochMilli(now)), pop, now).build();
  }

  /** A known worker's pop: its check-in now (with an uptime reward when one is due), or deferred. */
  List<SchedulerEvent> checkIn(WorkerState before, PopRequested pop, long now) {
    WorkerState unchangedTime = record(WorkerState.newBuilder(before), pop,
        before.getLastCheckInAt().toEpochMilli()).build();
    if (unchangedTime.equals(before) && !due(before, now)) {
      return List.of(new CheckInDeferred(before.getWorkerId(), pop, now,
          before.getLastCheckInAt().toEpochMilli() + settings.checkInDebounce().toMillis()));
    }
    return checkedIn(before, pop, now);
  }

  /** A deferred check-in whose window ended, published as of when its pop was seen. */
  List<SchedulerEvent> flush(SchedulerView state, String workerId) {
    CheckInDeferred deferred = state.deferredCheckIn(workerId);
    WorkerState worker = state.worker(workerId);
    if (deferred == null || worker == null) {
      return List.of();
    }
    return checkedIn(worker, deferred.pop(), deferred.seenAt());
  }

  private List<SchedulerEvent> checkedIn(WorkerState before, PopRequested pop, long at) {
    WorkerState after = accrueUptime(before, record(WorkerState.newBuilder(before), pop, at), at).build();
    List<SchedulerEvent> events = new ArrayList<>(List.of(new WorkerCheckedIn(after)));
    long reward = after.getKudosUptimeCenti() - before.getKudosUptimeCenti();
    if (reward > 0) {
      events.add(new KudosIssued(SchedulerKudos.uptimeReward(after, reward, at)));
    }
    return events;
  }

  private WorkerState.Builder record(WorkerState.Builder worker, PopRequested pop, long at) {
    worker.setLastCheckInAt(Instant.ofEpochMilli(at)).setModels(pop.getModels()).setThreads(pop.getThreads())
        .setNsfw(pop.getNsfw()).setBridgeAgent(pop.getBridgeAgent()).setOwnerTrusted(pop.getUserTrusted())
        .setIp(pop.getWorkerIp());
    rules.apply(WorkKind.ofCapabilities(pop.getCapabilities())).recordCheckIn(worker, pop);
    return worker;
  }

  /**
   * A worker that was online, not paused and not in maintenance adds the time since its previous check-in,
   * and once that passes 10 minutes since its last reward it earns one more (at most one per check-in).
   * Otherwise its interval starts again from here.
   */
  private WorkerState.Builder accrueUptime(WorkerState before, WorkerState.Builder after, long now) {
    long last = before.getLastCheckInAt().toEpochMilli();
    if (now - last > STALE_AFTER_MS || before.getPaused() || before.getMaintenance()) {
      return after.setUptimeRewardedSeconds(before.getUptimeSeconds());
    }
    // Whole seconds of the clock, so that the rounding of one check-in is made up at the next.
    long uptime = before.getUptimeSeconds() + Math.floorDiv(now, 1000) - Math.floorDiv(last, 1000);
    after.setUptimeSeconds(uptime);
    if (uptime - before.getUptimeRewardedSeconds() > TextKudos.UPTIME_REWARD_SECONDS) {
      long reward = rules.apply(WorkKind.ofWorkerType(before.getKind())).uptimeRewardCenti(after.build());
      after.setUptimeRewardedSeconds(uptime).setKudosUptimeCenti(before.getKudosUptimeCenti() + reward);
    }
    return after;
  }

  private boolean due(WorkerState worker, long now) {
    long debounce = settings.checkInDebounce().toMillis();
    return now - worker.getLastCheckInAt().toEpochMilli() >= debounce
        || now - worker.getCreatedAt().toEpochMilli() <= debounce;
  }
}
