package ai.horde.scheduler;

import ai.horde.events.CancelRequested;
import ai.horde.events.Job;
import ai.horde.events.PopRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.topics.Topic;
import ai.horde.topics.TopicSpec;
import ai.horde.topics.Topics;
import ai.horde.topics.Topics.WorkTopics;
import ai.horde.work.WorkKind;
import java.util.ArrayList;
import java.util.List;
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
 * The scheduler topology: each kind's four command topics (requests, pops, submits, cancels) and the worker
 * commands and the account history (owners' trust and suspicion resets) feed one processor that owns the queues,
 * the jobs and the workers of every kind (a worker name is one kind's). All inputs have one partition, so one task sees every command in one order. The ledger's balance changelog is read into a global store, where the
 * processor looks up the requester's kudos that a new request's priority starts from, and so are the horde's
 * modes (raid mode); it sends the ledger its kudos as commands and the registry its workers' suspicions.
 */
public final class SchedulerTopology {
  // The stores kept the names they had when there was only text work, so that their changelogs carry over.
  static final String REQUESTS = "text-requests";
  static final String PAYLOADS = "text-payloads";
  static final String EARLY_CANCELS = "early-cancels";
  static final String JOBS = "text-jobs";
  static final String WORKERS = "workers";
  static final String WORKER_NAMES = "worker-names";
  static final String PARKED_POPS = "parked-pops";
  /** Every account's balance as the ledger last published it (all its partitions): a read-only copy. */
  static final String BALANCES = "kudos-balances";
  /** The horde's modes as the registry last published them (raid mode changes thresholds): a read-only copy. */
  static final String MODES = "horde-modes";
  private static final String PROCESSOR = "scheduler";

  /**
   * The payloads store holds prompts and the requests store generated texts: their changelogs must forget a
   * request soon after the store deletes it (tombstones compacted away within about half an hour), like the
   * topics that carry them.
   */
  private static final Map<String, String> FORGETFUL_CHANGELOG = Map.of(
      "segment.ms", "600000", "delete.retention.ms", "600000", "max.compaction.lag.ms", "900000",
      "min.cleanable.dirty.ratio", "0.1", "max.message.bytes", Integer.toString(TopicSpec.LARGE_RECORD_BYTES));

  private SchedulerTopology() {}

  /** The scheduler of the kinds of work these rules are for. */
  static Topology build(SchedulerSettings settings, List<KindRules> kinds, SchedulerMetrics metrics) {
    Topology topology = new Topology();
    List<String> sources = new ArrayList<>();
    for (KindRules kind : kinds) {
      WorkTopics topics = Topics.of(kind.kind());
      for (Topic<String, ?> topic : List.of(topics.requests(), topics.pops(), topics.submits(), topics.cancels())) {
        source(topology, topic);
        sources.add(topic.name());
      }
    }
    if (kinds.stream().anyMatch(kind -> kind.kind() == WorkKind.IMAGE)) {
      source(topology, Topics.IMAGE_RATINGS);
      sources.add(Topics.IMAGE_RATINGS.name());
    }
    // Workers have one writer: their modification and deletion are decided by the processor that pops them, and
    // so is what their owners' trust and suspicion resets do to them.
    for (Topic<String, ?> topic : List.of(Topics.WORKER_COMMANDS, Topics.USER_EVENTS)) {
      source(topology, topic);
      sources.add(topic.name());
    }
    topology.addProcessor(PROCESSOR, () -> new SchedulerProcessor(settings, kinds, metrics),
        sources.toArray(String[]::new));

    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REQUESTS),
        Topics.keySerde(), Topics.serde(WaitingRequest.class)).withLoggingEnabled(FORGETFUL_CHANGELOG), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PAYLOADS),
        Topics.keySerde(), Serdes.String()).withLoggingEnabled(FORGETFUL_CHANGELOG), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EARLY_CANCELS),
        Topics.keySerde(), Topics.serde(CancelRequested.class)), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS),
        Topics.keySerde(), Topics.serde(Job.class)), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WORKERS),
        Topics.keySerde(), Topics.serde(WorkerState.class)), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WORKER_NAMES),
        Topics.keySerde(), Serdes.String()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARKED_POPS),
        Topics.keySerde(), Topics.serde(PopRequested.class)), PROCESSOR);

    globalCopy(topology, Topics.KUDOS_BALANCES, BALANCES);
    globalCopy(topology, Topics.HORDE_MODES, MODES);

    for (Topic<String, ? extends SpecificRecord> topic : Outputs.TOPICS) {
      sink(topology, topic);
    }
    return topology;
  }

  /** A read-only copy of a compacted topic in a global store (restored from its topic: no changelog of its own). */
  private static <V extends SpecificRecord> void globalCopy(Topology topology, Topic<String, V> topic, String store) {
    topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
            Topics.keySerde(), topic.valueSerde()).withLoggingDisabled(),
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name(),
        store + "-updater", () -> new GlobalCopy<V>(store));
  }

  /** Copies a compacted topic into its global store as it comes; a tombstone removes the key. */
  private static final class GlobalCopy<V> implements Processor<String, V, Void, Void> {
    private final String storeName;
    private KeyValueStore<String, V> store;

    GlobalCopy(String storeName) {
      this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
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
