package ai.horde.scheduler;

import ai.horde.text.QueueKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The waiting requests of one kind of work in queue order, indexed so that a pop reads only requests it could
 * serve: by each model a request names (a request naming none is under {@link #ANY}), and by requester and model,
 * so that a pop's owner's and priority users' requests are found without reading anyone else's. A request naming
 * several models is under each of them; reading several models merges them in queue order, each request once.
 *
 * <p>Known gap: only the model narrows the search; the other criteria (lengths, trust, targeted workers, speed)
 * are checked request by request in queue order, so a pop that serves a model but fails the criteria of every
 * request naming it still reads them all.
 */
final class QueueIndex {
  /** Where requests that name no model are: every pop may serve them as far as models go. */
  static final String ANY = "";

  private final Map<String, TreeMap<QueueKey, QueueEntry>> byModel = new HashMap<>();
  private final Map<Long, Map<String, TreeMap<QueueKey, QueueEntry>>> byUser = new HashMap<>();

  void add(QueueEntry entry) {
    Map<String, TreeMap<QueueKey, QueueEntry>> ofUser = byUser.computeIfAbsent(entry.userId(), u -> new HashMap<>());
    for (String model : modelsOf(entry)) {
      byModel.computeIfAbsent(model, m -> new TreeMap<>()).put(entry.key(), entry);
      ofUser.computeIfAbsent(model, m -> new TreeMap<>()).put(entry.key(), entry);
    }
  }

  void remove(QueueEntry entry) {
    Map<String, TreeMap<QueueKey, QueueEntry>> ofUser = byUser.get(entry.userId());
    for (String model : modelsOf(entry)) {
      removeFrom(byModel, model, entry.key());
      if (ofUser != null) {
        removeFrom(ofUser, model, entry.key());
      }
    }
    if (ofUser != null && ofUser.isEmpty()) {
      byUser.remove(entry.userId());
    }
  }

  void clear() {
    byModel.clear();
    byUser.clear();
  }

  /** Every waiting request, in queue order (merged from the model indexes: only a pop answered empty reads it). */
  List<QueueEntry> all() {
    List<Iterator<QueueEntry>> sources = new ArrayList<>();
    byModel.values().forEach(entries -> sources.add(entries.values().iterator()));
    List<QueueEntry> all = new ArrayList<>();
    Merged.of(sources).forEachRemaining(all::add);
    return all;
  }

  /** The waiting requests that name one of these models or none, in queue order, each once. */
  Iterator<QueueEntry> naming(Collection<String> models) {
    List<Iterator<QueueEntry>> sources = new ArrayList<>();
    addSources(byModel, models, sources);
    return Merged.of(sources);
  }

  /** The same, of these requesters only. */
  Iterator<QueueEntry> naming(Collection<String> models, Collection<Long> userIds) {
    List<Iterator<QueueEntry>> sources = new ArrayList<>();
    for (long userId : userIds) {
      Map<String, TreeMap<QueueKey, QueueEntry>> ofUser = byUser.get(userId);
      if (ofUser != null) {
        addSources(ofUser, models, sources);
      }
    }
    return Merged.of(sources);
  }

  /** Waiting requests per model they name ({@link #ANY}: none); a request naming several counts under each. */
  Map<String, Integer> countsByModel() {
    Map<String, Integer> counts = new HashMap<>();
    byModel.forEach((model, entries) -> counts.put(model, entries.size()));
    return counts;
  }

  private static void addSources(Map<String, TreeMap<QueueKey, QueueEntry>> index, Collection<String> models,
      List<Iterator<QueueEntry>> sources) {
    for (String model : models) {
      TreeMap<QueueKey, QueueEntry> entries = index.get(model);
      if (entries != null && !model.equals(ANY)) {
        sources.add(entries.values().iterator());
      }
    }
    TreeMap<QueueKey, QueueEntry> any = index.get(ANY);
    if (any != null) {
      sources.add(any.values().iterator());
    }
  }

  private static List<String> modelsOf(QueueEntry entry) {
    List<String> models = QueueEntry.models(entry.criteria());
    return models.isEmpty() ? List.of(ANY) : models;
  }

  private static void removeFrom(Map<String, TreeMap<QueueKey, QueueEntry>> index, String model, QueueKey key) {
    TreeMap<QueueKey, QueueEntry> entries = index.get(model);
    if (entries != null) {
      entries.remove(key);
      if (entries.isEmpty()) {
        index.remove(model);
      }
    }
  }

  /**
   * Queue-ordered iterators merged into one in queue order; a request under several of them comes out once (its
   * copies meet, having the same key).
   */
  private static final class Merged implements Iterator<QueueEntry> {
    private record Head(QueueEntry entry, Iterator<QueueEntry> rest) {}

    private final PriorityQueue<Head> heads =
        new PriorityQueue<>(Comparator.comparing((Head head) -> head.entry().key()));
    private QueueKey last;

    static Iterator<QueueEntry> of(List<Iterator<QueueEntry>> sources) {
      return sources.size() == 1 ? sources.get(0) : new Merged(sources);
    }

    private Merged(List<Iterator<QueueEntry>> sources) {
      sources.forEach(this::advance);
      skipCopies();
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public QueueEntry next() {
      Head head = heads.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      last = head.entry().key();
      advance(head.rest());
      skipCopies();
      return head.entry();
    }

    private void advance(Iterator<QueueEntry> source) {
      if (source.hasNext()) {
        heads.add(new Head(source.next(), source));
      }
    }

    private void skipCopies() {
      while (!heads.isEmpty() && heads.peek().entry().key().equals(last)) {
        advance(heads.poll().rest());
      }
    }
  }
}
