package ai.horde.ledger;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The baseline {@link LedgerBenchmark} compares the ledger with: the least an exactly-once Kafka Streams
 * application can do per record. It reads a long amount keyed by account, adds it to that account's sum in a
 * persistent (RocksDB, changelogged, uncached) key-value store, and writes the new sum out: one store read,
 * one store write and one output per record, the same kind of store the ledger's tasks use.
 *
 * <p>Its two topics are the benchmark's own and are not in {@code Topics}: nothing else reads them.
 */
final class LedgerBenchmarkRawFold {
  private LedgerBenchmarkRawFold() {}

  static final String APPLICATION_ID = "ledger-bench-raw-fold";
  static final String INPUT = "bench.raw-fold-amounts";
  static final String OUTPUT = "bench.raw-fold-sums";
  static final String SUMS = "sums";

  static Topology build() {
    Topology topology = new Topology();
    topology.addSource("amounts", new StringDeserializer(), new LongDeserializer(), INPUT);
    topology.addProcessor("fold", Fold::new, "amounts");
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SUMS), Serdes.String(),
        Serdes.Long()), "fold");
    topology.addSink("sums", OUTPUT, new StringSerializer(), new LongSerializer(), "fold");
    return topology;
  }

  /** Sum per key; forwards every new sum. */
  private static final class Fold extends ContextualProcessor<String, Long, String, Long> {
    private KeyValueStore<String, Long> sums;

    @Override
    public void init(ProcessorContext<String, Long> context) {
      super.init(context);
      sums = context.getStateStore(SUMS);
    }

    @Override
    public void process(Record<String, Long> record) {
      Long before = sums.get(record.key());
      long sum = (before == null ? 0 : before) + record.value();
      sums.put(record.key(), sum);
      context().forward(record.withValue(sum));
    }
  }
}
