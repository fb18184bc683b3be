package ai.horde.scheduler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** A {@link Table} over a map, for deciding without Kafka. */
final class MapTable<K, V> implements Table<K, V> {
  final Map<K, V> map = new LinkedHashMap<>();

  @Override
  public V get(K key) {
    return map.get(key);
  }

  @Override
  public void put(K key, V value) {
    map.put(key, value);
  }

  @Override
  public void delete(K key) {
    map.remove(key);
  }

  @Override
  public void forEach(BiConsumer<K, V> action) {
    Map.copyOf(map).forEach(action);
  }
}
