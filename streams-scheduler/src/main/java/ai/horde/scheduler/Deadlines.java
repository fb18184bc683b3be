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
  private final Map<String, Long> byId = new HashMap<>();

  void set(String id, long at) {
    remove(id);
    byTime.add(new Due(at, id));
    byId.put(id, at);
  }

  void remove(String id) {
    Long at = byId.remove(id);
    if (at != null) {
      byTime.remove(new Due(at, id));
    }
  }

  List<String> dueAt(long now) {
    List<String> due = new ArrayList<>();
    for (Due d : byTime) {
      if (d.at > now) {
        break;
      }
      due.add(d.id);
    }
    return due;
  }

  int size() {
    return byId.size();
  }

  void clear() {
    byTime.clear();
    byId.clear();
  }
}
