package ai.horde.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Ids ordered by the time something is due for them, so that the clock finds what is due in O(due). */
final class Deadlines {
  private record Due(long at, String id) implements Comparable<Due> {
    @Override
    public int compareTo(Due other) {
      int byTime = Long.compare(at, other.at);
      return byTime != 0 ? byTime : id.compareTo(other.id);
    }
  }

  private final TreeSet<Due> byTime = new TreeSet<>();
  /** The same entries by id (one object for both: a request's deadline costs no boxed time besides). */
  private final Map<String, Due> byId = new HashMap<>();

  void set(String id, long at) {
    remove(id);
    Due due = new Due(at, id);
    byTime.add(due);
    byId.put(id, due);
  }

  void remove(String id) {
    Due due = byId.remove(id);
    if (due != null) {
      byTime.remove(due);
    }
  }

  /** The ids due at {@code now}, earliest first, at most {@code limit} of them. */
  List<String> dueAt(long now, int limit) {
    List<String> due = new ArrayList<>();
    for (Due d : byTime) {
      if (d.at > now || due.size() == limit) {
        break;
      }
      due.add(d.id);
    }
    return due;
  }

  /** Whether anything is due at {@code now}. */
  boolean anyDueAt(long now) {
    return !byTime.isEmpty() && byTime.first().at <= now;
  }

  int size() {
    return byId.size();
  }

  void clear() {
    byTime.clear();
    byId.clear();
  }
}
