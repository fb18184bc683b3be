package ai.horde.scheduler;

import java.util.function.BiConsumer;

/**
 * The few key-value operations the scheduler's state needs. In the service each table is a persistent
 * Kafka Streams store (restored from its changelog after a crash); decider tests use plain maps.
 */
interface Table<K, V> {
  V get(K key);

  void put(K key, V value);

  void delete(K key);

  void forEach(BiConsumer<K, V> action);
}
