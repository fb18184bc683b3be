package ai.horde.scheduler;

import ai.horde.events.UserChanged;
import ai.horde.events.UserEvent;
import ai.horde.events.UserRolesChanged;
import ai.horde.events.UserSuspicionReset;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerEvent.WorkerUpdated;
import java.util.ArrayList;
import java.util.List;

/**
 * What a change of a worker owner's account does to their workers, as the registry's account history tells it
 * (spec §3.12, R3.11.5, R3.11.6). Pure.
 *
 * <p>A moderator trusting a user un-pauses all the user's workers and marks them as a trusted owner's (so they
 * are never paused for suspicion); taking trust away marks them untrusted. A moderator's {@code reset_suspicion}
 * clears the suspicions of the user's workers too (they stay paused until a moderator un-pauses them, as in the
 * reference). The registry is the one source of an owner's trust: each pop carries it as ingress's copy of the
 * registry has it, and this keeps the workers right between pops.
 *
 * <p>Known gap: the scheduler reads the account history from where its consumer group left off; the first start
 * of a scheduler with this input reads the whole history, so a user trusted long ago has their workers
 * un-paused once, even those a moderator paused since.
 */
final class OwnerChanges {
  private OwnerChanges() {}

  static List<SchedulerEvent> decide(SchedulerView state, UserEvent event) {
    Object change = event.getEvent();
    Boolean trusted = null;
    if (change instanceof UserChanged c) {
      trusted = c.getTrusted();
    } else if (change instanceof UserRolesChanged c) {
      trusted = c.getTrusted();
    }
    boolean resetSuspicion = change instanceof UserSuspicionReset;
    if (trusted == null && !resetSuspicion) {
      return List.of();
    }
    List<SchedulerEvent> events = new ArrayList<>();
    for (WorkerState worker : state.workersOf(event.getUserId())) {
      WorkerState.Builder after = WorkerState.newBuilder(worker);
      if (trusted != null) {
        after.setOwnerTrusted(trusted);
        if (trusted) {
          after.setPaused(false);
        }
      }
      if (resetSuspicion) {
        after.setSuspicions(List.of());
      }
      WorkerState changed = after.build();
      if (!changed.equals(worker)) {
        events.add(new WorkerUpdated(changed));
      }
    }
    return events;
  }
}
