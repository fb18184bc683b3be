package ai.horde.scheduler;

import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** A {@link Table} backed by a Kafka Streams key-value store. */
final class StoreTable<K, V> implements Table<K, V> {
  private final KeyValueStore<K, V> store;

  StoreTable(KeyValueStore<K, V> store) {
    this.store = store;
  }

  @Override
  public V get(K key) {
    return store.get(key);
  }

  @Override
  public void put(K key, V value) {
    store.put(key, value);
  }

  @Override
  public void delete(K key) {
    store.delete(key);
  }

  @Override
  public void forEach(BiConsumer<K, V> action) {
    try (KeyValueIterator<K, V> all = store.all()) {
      all.forEachRemaining(kv -> action.accept(kv.key, kv.value));
    }
  }
}
