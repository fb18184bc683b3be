package ai.horde.work;

import java.util.HashMap;
import java.util.Map;

/**
 * One copy of each distinct value among many holders: most waiting requests ask the same of their worker (the same
 * model and lengths), so an in-memory index of 100,000 of them keeps their criteria once (Avro records are equal
 * by value) instead of once per request. Counts the holders of each copy and drops it with the last. The values
 * must not be changed while shared. Not thread-safe: its owner's lock or thread guards it.
 *
 * @param <T> the values' type, with equals and hashCode by value
 */
public final class SharedCopies<T> {
  private final Map<T, Shared<T>> copies = new HashMap<>();

  private static final class Shared<T> {
    private final T value;
    private int holders;

    private Shared(T value) {
      this.value = value;
    }
  }

  /** The copy equal to this value (the value itself if none is held yet), for one more holder. */
  public T share(T value) {
    Shared<T> shared = copies.computeIfAbsent(value, Shared::new);
    shared.holders++;
    return shared.value;
  }

  /** One holder fewer of the copy equal to this value. */
  public void release(T value) {
    Shared<T> shared = copies.get(value);
    if (shared != null && --shared.holders == 0) {
      copies.remove(value);
    }
  }

  public void clear() {
    copies.clear();
  }

  /** How many distinct values are held. */
  public int size() {
    return copies.size();
  }
}
