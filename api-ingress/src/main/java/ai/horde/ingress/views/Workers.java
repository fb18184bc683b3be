package ai.horde.ingress.views;

import ai.horde.events.WorkerState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Every worker as the scheduler last published it ({@code horde.workers}). */
public final class Workers {
  /** A worker that has not checked in for this long is offline (spec R3.11.3). */
  public static final long ONLINE_MS = 300_000;

  private final Map<String, WorkerState> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByName = new ConcurrentHashMap<>();

  synchronized void put(String workerId, WorkerState worker) {
    WorkerState before = worker == null ? byId.remove(workerId) : byId.put(workerId, worker);
    if (before != null) {
      idByName.remove(before.getName(), workerId);
    }
    if (worker != null) {
      idByName.put(worker.getName(), workerId);
    }
  }

  public Optional<WorkerState> byId(String workerId) {
    return Optional.ofNullable(byId.get(workerId));
  }

  public boolean nameTaken(String name) {
    return idByName.containsKey(name);
  }

  public Collection<WorkerState> all() {
    return byId.values();
  }

  public List<WorkerState> ownedBy(long userId) {
    return byId.values().stream().filter(w -> w.getOwnerUserId() == userId).toList();
  }

  private static final Pattern TAGS = Pattern.compile("<[^>]*>");

  /** A worker name as stored: HTML tags taken out and trimmed, as the reference sanitises it. */
  public static String cleanName(String name) {
    return TAGS.matcher(name).replaceAll("").strip();
  }

  public static boolean online(WorkerState worker, long now) {
    return now - worker.getLastCheckInAt().toEpochMilli() <= ONLINE_MS;
  }
}
