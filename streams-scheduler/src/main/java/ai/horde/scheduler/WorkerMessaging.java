package ai.horde.scheduler;

import ai.horde.accounts.Accounts;
import ai.horde.events.DeleteWorkerMessage;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.PostWorkerMessage;
import ai.horde.events.WorkerCommand;
import ai.horde.events.WorkerMessage;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerEvent.WorkerCommandRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerMessageDeleted;
import ai.horde.scheduler.SchedulerEvent.WorkerMessagePosted;
import java.time.Duration;
import java.util.List;

/**
 * Decides the worker messages (spec §1.4 W7, W9): the scheduler owns the workers, so it alone can tell whether
 * a message's sender owns its worker. Pure: state + command -> events; a message is kept nowhere here, only
 * published ({@code horde.worker-messages}), where ingress folds it.
 *
 * <p>W7: anonymous → 403 {@code AnonForbidden}; a named worker that does not exist → 404 {@code WorkerNotFound};
 * a non-moderator may only message their own workers (403 {@code MessagesOnlyOwnWorkers}, also for a message to
 * every worker, where the reference crashes) and their origin is their user id; a moderator's origin defaults to
 * "AI Horde Moderators". The expiry is 12 hours unless asked, at most 720 (30 days).
 *
 * <p>W9: only the message's sender or a moderator (403 {@code Forbidden}). Ingress has already answered 404
 * for a message it does not know, and tells the sender it read (a message never changes after it is written).
 *
 * <p>Known gap: messages of a deleted worker stay (the reference's rows go with their worker).
 */
final class WorkerMessaging {
  static final int DEFAULT_EXPIRY_HOURS = 12;
  static final int MAX_EXPIRY_HOURS = 30 * 24;
  static final String MODERATORS_ORIGIN = "AI Horde Moderators";

  private WorkerMessaging() {}

  /** Whether this worker command is about messages (else it is about the worker itself). */
  static boolean handles(WorkerCommand command) {
    return command.getCommand() instanceof PostWorkerMessage || command.getCommand() instanceof DeleteWorkerMessage;
  }

  static List<SchedulerEvent> decide(SchedulerView state, WorkerCommand command) {
    if (command.getCommand() instanceof PostWorkerMessage post) {
      return post(state, command, post);
    }
    DeleteWorkerMessage delete = (DeleteWorkerMessage) command.getCommand();
    if (!command.getRequesterModerator() && command.getRequesterId() != delete.getCreatorId()) {
      return rejected(command, 403, "Forbidden", "You can only delete your own messages.");
    }
    return List.of(new WorkerMessageDeleted(command, delete.getMessageId()));
  }

  private static List<SchedulerEvent> post(SchedulerView state, WorkerCommand command, PostWorkerMessage post) {
    if (command.getRequesterId() == Accounts.ANONYMOUS_ID) {
      return rejected(command, 403, "AnonForbidden", "Anonymous user is forbidden from performing this operation");
    }
    String workerId = command.getWorkerId();
    WorkerState worker = workerId.isEmpty() ? null : state.worker(workerId);
    if (!workerId.isEmpty() && worker == null) {
      return rejected(command, 404, "WorkerNotFound", "Worker with ID '" + workerId + "' not found.");
    }
    String origin = post.getOrigin() == null ? MODERATORS_ORIGIN : post.getOrigin();
    if (!command.getRequesterModerator()) {
      if (worker == null || worker.getOwnerUserId() != command.getRequesterId()) {
        return rejected(command, 403, "MessagesOnlyOwnWorkers", "You can only send messages to your own workers.");
      }
      origin = Long.toString(command.getRequesterId());
    }
    WorkerMessage message = WorkerMessage.newBuilder().setMessageId(post.getMessageId())
        .setWorkerId(worker == null ? null : workerId).setUserId(command.getRequesterId())
        .setMessage(post.getMessage()).setOrigin(origin).setCreated(command.getRequestedAt())
        .setExpiry(command.getRequestedAt().plus(Duration.ofHours(expiryHours(post.getExpiryHours()))))
        .build();
    return List.of(new WorkerMessagePosted(command, message));
  }

  /** Hours asked, 12 when none (the reference's model default), capped at 30 days as the reference caps it. */
  static int expiryHours(int asked) {
    return asked < 1 ? DEFAULT_EXPIRY_HOURS : Math.min(asked, MAX_EXPIRY_HOURS);
  }

  private static List<SchedulerEvent> rejected(WorkerCommand command, int status, String rc, String message) {
    return List.of(new WorkerCommandRejected(command, new ErrorAnswer(status, rc, message)));
  }
}
