package ai.horde.scheduler;

import ai.horde.accounts.Accounts;
import ai.horde.events.DeleteWorker;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.ModifyWorker;
import ai.horde.events.PopRequested;
import ai.horde.events.WorkerCommand;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.WorkerCommandRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerDeleted;
import ai.horde.scheduler.SchedulerEvent.WorkerModified;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides PUT and DELETE /workers/{id} (spec §1.4 W3/W4, §3.11): who may change what of a worker, and what
 * a deletion frees. Pure: state + command -> events, applied and published like the scheduler's others.
 *
 * <p>Checks run in the reference's order: unknown worker (404, before anything about the requester), then
 * the anonymous requester, then one permission per asked field in the order maintenance, paused, info,
 * name, team; the first failing one answers. Unlike the reference, a refused command changes nothing at
 * all (the reference may have applied earlier fields of the same body before raising).
 *
 * <p>A worker whose name changes or that is deleted has its parked pop answered with no job: that pop was
 * made under the old identity. Jobs already in flight stay as they are; a deleted worker's job cannot be
 * submitted any more (its owner is unknown, so credentials cannot be checked) and times out as usual.
 *
 * <p>Known gaps: a {@code maintenance_msg} without {@code maintenance} is ignored (as in the reference), so
 * alone it is "nothing selected"; the reference's 423 Locked for a worker still referenced by jobs is not
 * modelled; profanity and length checks are left to ingress, and so is whether the team exists.
 */
final class WorkerManagement {
  static final String NOT_OWNER_MESSAGE = "You're not an admin. Sod off!";
  static final String NOT_MODERATOR_MESSAGE = "You're not a mod. BTFO!";

  private WorkerManagement() {}

  static List<SchedulerEvent> decide(SchedulerView state, WorkerCommand command) {
    WorkerState worker = isUuid(command.getWorkerId()) ? state.worker(command.getWorkerId()) : null;
    if (worker == null) {
      return rejected(command, 404, "WorkerNotFound", "Worker with ID '" + command.getWorkerId() + "' not found.");
    }
    if (command.getRequesterId() == Accounts.ANONYMOUS_ID) {
      return rejected(command, 403, "AnonForbiddenWorker",
          "Anonymous user is forbidden from performing this operation");
    }
    Object asked = command.getCommand();
    if (asked instanceof ModifyWorker m) {
      return modify(state, command, worker, m);
    } else if (asked instanceof DeleteWorker) {
      return delete(state, command, worker);
    }
    throw new IllegalArgumentException("unknown worker command " + asked);
  }

  private static List<SchedulerEvent> modify(SchedulerView state, WorkerCommand command, WorkerState worker,
      ModifyWorker m) {
    if (m.getMaintenance() == null && m.getPaused() == null && m.getInfo() == null && m.getName() == null
        && m.getTeamId() == null) {
      return rejected(command, 400, "NoWorkerModSelected", "No worker modification selected!");
    }
    boolean moderator = command.getRequesterModerator();
    boolean ownerOrMod = moderator || command.getRequesterId() == worker.getOwnerUserId();
    if (m.getMaintenance() != null && !ownerOrMod) {
      return notOwner(command);
    }
    if (m.getPaused() != null && !moderator) {
      return notModerator(command);
    }
    if (m.getInfo() != null && !ownerOrMod) {
      return notOwner(command);
    }
    if (m.getName() != null) {
      if (!ownerOrMod) {
        return notModerator(command);
      }
      WorkerState holder = state.workerNamed(m.getName());
      if (holder != null && !holder.getWorkerId().equals(worker.getWorkerId())) {
        return rejected(command, 400, "WorkerNameAlreadyExists",
            "The specified worker name '" + m.getName() + "' is already taken!");
      }
    }
    if (m.getTeamId() != null && !ownerOrMod) {
      return notModerator(command);
    }

    WorkerState.Builder after = WorkerState.newBuilder(worker);
    if (m.getMaintenance() != null) {
      String message = m.getMaintenanceMsg() != null ? m.getMaintenanceMsg()
          : Matching.DEFAULT_MAINTENANCE_MESSAGE;
      after.setMaintenance(m.getMaintenance()).setMaintenanceMsg(m.getMaintenance() ? message : null);
    }
    if (m.getPaused() != null) {
      after.setPaused(m.getPaused());
    }
    if (m.getInfo() != null) {
      after.setInfo(m.getInfo());
    }
    if (m.getName() != null) {
      after.setName(m.getName());
    }
    if (m.getTeamId() != null) {
      after.setTeamId(m.getTeamId().isEmpty() ? null : m.getTeamId());
    }
    List<SchedulerEvent> events = new ArrayList<>();
    if (!after.getName().equals(worker.getName())) {
      events.addAll(answerParkedPop(state, worker));
    }
    events.add(new WorkerModified(command, worker, after.build()));
    return events;
  }

  private static List<SchedulerEvent> delete(SchedulerView state, WorkerCommand command, WorkerState worker) {
    if (!command.getRequesterModerator() && command.getRequesterId() != worker.getOwnerUserId()) {
      return notOwner(command);
    }
    List<SchedulerEvent> events = new ArrayList<>(answerParkedPop(state, worker));
    events.add(new WorkerDeleted(command, worker));
    return events;
  }

  private static List<SchedulerEvent> answerParkedPop(SchedulerView state, WorkerState worker) {
    PopRequested parked = state.parkedPopOfWorker(worker.getName());
    return parked == null ? List.of() : List.of(new PopAnswered(parked, worker.getWorkerId(), Map.of()));
  }

  private static boolean isUuid(String id) {
    try {
      UUID.fromString(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<SchedulerEvent> notOwner(WorkerCommand command) {
    return rejected(command, 403, "NotOwner", NOT_OWNER_MESSAGE);
  }

  private static List<SchedulerEvent> notModerator(WorkerCommand command) {
    return rejected(command, 403, "NotModerator", NOT_MODERATOR_MESSAGE);
  }

  private static List<SchedulerEvent> rejected(WorkerCommand command, int status, String rc, String message) {
    return List.of(new WorkerCommandRejected(command, new ErrorAnswer(status, rc, message)));
  }
}
