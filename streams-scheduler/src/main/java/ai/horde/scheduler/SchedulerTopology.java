package ai.horde.scheduler;

import ai.horde.events.AccountBalance;
import ai.horde.events.TextCancelRequested;
import ai.horde.events.TextJob;
import ai.horde.events.TextPopRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.text.ModelReference;
import ai.horde.topics.Topic;
import ai.horde.topics.TopicSpec;
import ai.horde.topics.Topics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The text scheduler topology: the five command topics (requests, pops, submits, cancels and worker commands)
 * feed one processor that owns the queue, the jobs and the workers. All inputs have one partition, so one task
 * sees every command in one order. The ledger's balance changelog is read into a global store, where the
 * processor looks up the requester's kudos that a new request's priority starts from; it sends the ledger its
 * kudos as commands.
 */
public final class SchedulerTopology {
  static final String REQUESTS = "text-requests";
  static final String PAYLOADS = "text-payloads";
  static final String EARLY_CANCELS = "early-cancels";
  static final String JOBS = "text-jobs";
  static final String WORKERS = "workers";
  static final String WORKER_NAMES = "worker-names";
  static final String PARKED_POPS = "parked-pops";
  /** Every account's balance as the ledger last published it (all its partitions): a read-only copy. */
  static final String BALANCES = "kudos-balances";
  private static final String PROCESSOR = "text-scheduler";
  private static final String BALANCES_UPDATER = "kudos-balances-updater";

  /**
   * The payloads store holds prompts and the requests store generated texts: their changelogs must forget a
   * request soon after the store deletes it (tombstones compacted away within about half an hour), like the
   * topics that carry them.
   */
  private static final Map<String, String> FORGETFUL_CHANGELOG = Map.of(
      "segment.ms", "600000", "delete.retention.ms", "600000", "max.compaction.lag.ms", "900000",
      "min.cleanable.dirty.ratio", "0.1", "max.message.bytes", Integer.toString(TopicSpec.LARGE_RECORD_BYTES));

  private SchedulerTopology() {}

  static Topology build(SchedulerSettings settings, ModelReference models, SchedulerMetrics metrics) {
    Topology topology = new Topology();
    source(topology, Topics.TEXT_REQUESTS);
    source(topology, Topics.TEXT_POPS);
    source(topology, Topics.TEXT_SUBMITS);
    source(topology, Topics.TEXT_CANCELS);
    // Workers have one writer: their modification and deletion are decided by the processor that pops them.
    source(topology, Topics.WORKER_COMMANDS);
    topology.addProcessor(PROCESSOR, () -> new TextSchedulerProcessor(settings, models, metrics),
        Topics.TEXT_REQUESTS.name(), Topics.TEXT_POPS.name(), Topics.TEXT_SUBMITS.name(), Topics.TEXT_CANCELS.name(),
        Topics.WORKER_COMMANDS.name());

    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REQUESTS),
        Topics.keySerde(), Topics.serde(WaitingRequest.class)).withLoggingEnabled(FORGETFUL_CHANGELOG), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PAYLOADS),
        Topics.keySerde(), Serdes.String()).withLoggingEnabled(FORGETFUL_CHANGELOG), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EARLY_CANCELS),
        Topics.keySerde(), Topics.serde(TextCancelRequested.class)), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS),
        Topics.keySerde(), Topics.serde(TextJob.class)), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WORKERS),
        Topics.keySerde(), Topics.serde(WorkerState.class)), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WORKER_NAMES),
        Topics.keySerde(), Serdes.String()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARKED_POPS),
        Topics.keySerde(), Topics.serde(TextPopRequested.class)), PROCESSOR);

    // A global store is restored from its topic, so it keeps no changelog of its own.
    Topic<String, AccountBalance> balances = Topics.KUDOS_BALANCES;
    topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BALANCES),
            Topics.keySerde(), balances.valueSerde()).withLoggingDisabled(),
        balances.name(), balances.keySerde().deserializer(), balances.valueSerde().deserializer(), balances.name(),
        BALANCES_UPDATER, BalancesUpdater::new);

    for (Topic<String, ? extends SpecificRecord> topic : Outputs.TOPICS) {
      sink(topology, topic);
    }
    return topology;
  }

  /** Copies the balance changelog into the global store as it comes; a tombstone removes the account. */
  private static final class BalancesUpdater implements Processor<String, AccountBalance, Void, Void> {
    private KeyValueStore<String, AccountBalance> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(BALANCES);
    }

    @Override
    public void process(Record<String, AccountBalance> record) {
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
    }
  }

  private static void source(Topology topology, Topic<String, ?> topic) {
    topology.addSource(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> void sink(Topology topology, Topic<String, V> topic) {
    Serde<V> values = topic.valueSerde();
    topology.addSink(Outputs.sinkName(topic), topic.name(), topic.keySerde().serializer(),
        (Serializer<SpecificRecord>) (Serializer<?>) values.serializer(), PROCESSOR);
  }
}
