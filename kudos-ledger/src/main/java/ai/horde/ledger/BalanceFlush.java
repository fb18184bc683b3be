package ai.horde.ledger;

import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Forwards what a cached key-value store writes through: when Kafka Streams' record cache flushes a changed
 * key (at every commit, in its exactly-once transaction, or when the cache is full), the key's latest value,
 * mapped, goes to a child of the processor that owns the store. Several changes to one key within a commit
 * interval are forwarded once. This is how the DSL's cached KTables forward their changes.
 *
 * <p>Known gap: there is no public API for it; it uses Kafka Streams' internal one
 * ({@link WrappedStateStore#setFlushListener}, {@link InternalProcessorContext#setCurrentNode}), as the DSL's
 * {@code TimestampedCacheFlushListener} does. A Kafka upgrade must keep LedgerTopologyTest's balance checks
 * passing.
 */
final class BalanceFlush {
  private BalanceFlush() {}

  /**
   * Called from the processor's {@code init}, so that the flushed records come from its node.
   *
   * @throws IllegalStateException if the store is not cached (its changes would never be forwarded)
   */
  @SuppressWarnings("unchecked")
  static <V> void forward(ProcessorContext<String, Object> context, KeyValueStore<String, V> store,
      Function<V, ?> output, String child) {
    InternalProcessorContext<String, Object> internal = (InternalProcessorContext<String, Object>) context;
    ProcessorNode<?, ?, ?, ?> owner = internal.currentNode();
    CacheFlushListener<String, V> listener = record -> {
      V value = record.value().newValue;
      if (value == null) {
        return;
      }
      ProcessorNode<?, ?, ?, ?> current = internal.currentNode();
      internal.setCurrentNode(owner);
      try {
        internal.forward(record.withValue(output.apply(value)), child);
      } finally {
        internal.setCurrentNode(current);
      }
    };
    if (!(store instanceof WrappedStateStore<?, ?, ?> wrapped)
        || !((WrappedStateStore<?, String, V>) wrapped).setFlushListener(listener, false)) {
      throw new IllegalStateException("store " + store.name() + " is not cached: its changes would not be forwarded");
    }
  }
}
