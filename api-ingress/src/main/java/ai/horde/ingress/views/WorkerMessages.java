package ai.horde.ingress.views;

import ai.horde.events.WorkerMessage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every worker message as the scheduler last wrote it ({@code horde.worker-messages}; a tombstone removes one),
 * expired ones included: W6 lists them. Messages are few (moderators' notices and owners' notes), so a scan
 * per read is enough.
 */
public final class WorkerMessages {
  /** Oldest first (the reference leaves the order to its database), then by id for a stable page order. */
  private static final Comparator<WorkerMessage> CREATED =
      Comparator.comparing(WorkerMessage::getCreated).thenComparing(WorkerMessage::getMessageId);

  private final Latest<WorkerMessage> byId = new Latest<>();

  void put(String messageId, WorkerMessage message) {
    byId.put(messageId, message);
  }

  public Optional<WorkerMessage> byId(String messageId) {
    return byId.get(messageId);
  }

  /** The messages that pass {@code filter}, oldest first. */
  public List<WorkerMessage> matching(Predicate<WorkerMessage> filter) {
    return byId.all().stream().filter(filter).sorted(CREATED).toList();
  }

  /** A worker's messages that have not expired at {@code now} (the reference's {@code get_active_messages}). */
  public List<WorkerMessage> activeFor(String workerId, long now) {
    return matching(m -> workerId.equals(m.getWorkerId()) && active(m, now));
  }

  /**
   * What a worker's pop shows it: its messages and those to every worker, not expired (the reference's
   * {@code get_all_active_worker_messages}).
   */
  public List<WorkerMessage> activeForPop(String workerId, long now) {
    return matching(m -> (m.getWorkerId() == null || workerId.equals(m.getWorkerId())) && active(m, now));
  }

  public static boolean active(WorkerMessage message, long now) {
    return message.getExpiry().toEpochMilli() > now;
  }
}
