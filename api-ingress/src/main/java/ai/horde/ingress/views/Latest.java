package ai.horde.ingress.views;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest value of every key of a compacted topic (a tombstone removes the key): shared keys by the hash
 * of the key, teams by id, account balances by account.
 */
public final class Latest<V> {
  private final Map<String, V> byKey = new ConcurrentHashMap<>();
  private volatile long version;

  void put(String key, V value) {
    if (value == null) {
      byKey.remove(key);
    } else {
      byKey.put(key, value);
    }
    version++;
  }

  /** Changes with every put: what is derived from {@link #all} (compiled prompt filters) is stale when it moved. */
  public long version() {
    return version;
  }

  public Optional<V> get(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  public Collection<V> all() {
    return byKey.values();
  }
}
