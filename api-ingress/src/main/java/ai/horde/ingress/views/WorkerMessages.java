package ai.horde.ingress.views;

import ai.horde.events.WorkerMessage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every worker message as the scheduler last wrote it ({@code horde.worker-messages}; a tombstone removes one),
 * expired ones included: W6 lists them. Messages are few (moderators' notices and owners' notes), so a scan
 * per read is enough.
 */
public final class WorkerMessages {
  /** Oldest first, as the reference's table returns rows (by creation, then id for a stable page order). */
  private static final Comparator<WorkerMessage> CREATED =
      Comparator.comparing(WorkerMessage::getCreated).thenComparing(WorkerMessage::getMessageId);

  private final Map<String, WorkerMessage> byId = new ConcurrentHashMap<>();

  void put(String messageId, WorkerMessage message) {
    if (message == null) {
      byId.remove(messageId);
    } else {
      byId.put(messageId, message);
    }
  }

  public Optional<WorkerMessage> byId(String messageId) {
    return Optional.ofNullable(byId.get(messageId));
  }

  /** The messages that pass {@code filter}, oldest first. */
  public List<WorkerMessage> matching(Predicate<WorkerMessage> filter) {
    return byId.values().stream().filter(filter).sorted(CREATED).toList();
  }

  /** A worker's messages that have not expired at {@code now} (the reference's {@code get_active_messages}). */
  public List<WorkerMessage> activeFor(String workerId, long now) {
    return matching(m -> workerId.equals(m.getWorkerId()) && active(m, now));
  }

  public static boolean active(WorkerMessage message, long now) {
    return message.getExpiry().toEpochMilli() > now;
  }
}
