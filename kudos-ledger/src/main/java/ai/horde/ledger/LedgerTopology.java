package ai.horde.ledger;

import ai.horde.events.AccountBalance;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The kudos ledger's Kafka Streams topology, in three sub-topologies:
 *
 * <ol>
 *   <li>the account registry ({@link RegistryProcessor}): user commands in; user events, replies and balance
 *       adjustments out. The single writer of user ids.
 *   <li>the transaction splitter ({@link TransactionSplitter}): each valid transaction becomes one posting per
 *       leg, keyed by account (the postings topic is the repartition by account).
 *   <li>the accounts ({@link PostingProcessor}, {@link AdjustmentProcessor}): postings and adjustments, both
 *       keyed by account with the same partition count, so one task owns an account's balance. Postings fold
 *       into balances exactly once; an adjustment becomes a transaction that comes back as postings.
 * </ol>
 *
 * <p>Known gap: the {@value #APPLIED} store keeps every posting and adjustment id forever; it needs pruning
 * (its values are the record timestamps, for that) once ids older than the input retention cannot come back.
 */
final class LedgerTopology {
  private LedgerTopology() {}

  /** User id (decimal) → the user, folded from its events. */
  static final String USERS = "users";
  /** oauth_id → user id (decimal). */
  static final String USERS_BY_OAUTH = "users-by-oauth";
  /** {@link #LAST_USER_ID} → the last user id handed out. */
  static final String REGISTRY_SEQUENCE = "registry-sequence";
  static final String LAST_USER_ID = "user-id";
  /** Account → its balance. */
  static final String BALANCES = "balances";
  /** Posting id, or {@code adjustment:<adjustment id>} → the timestamp of the record that applied it. */
  static final String APPLIED = "applied";

  private static final String REGISTRY = "registry";
  private static final String SPLITTER = "split-transactions";
  private static final String POSTINGS = "apply-postings";
  private static final String ADJUSTMENTS = "plan-adjustments";

  static Topology build() {
    Topology topology = new Topology();

    topology.addProcessor(REGISTRY, RegistryProcessor::new, source(topology, Topics.USER_COMMANDS));
    topology.addStateStore(store(USERS, Topics.serde(UserAccount.class)), REGISTRY);
    topology.addStateStore(store(USERS_BY_OAUTH, Serdes.String()), REGISTRY);
    topology.addStateStore(store(REGISTRY_SEQUENCE, Serdes.Long()), REGISTRY);
    sink(topology, Topics.USER_EVENTS, REGISTRY);
    sink(topology, Topics.REPLIES, REGISTRY);
    sink(topology, Topics.KUDOS_ADJUSTMENTS, REGISTRY);

    topology.addProcessor(SPLITTER, TransactionSplitter::new, source(topology, Topics.KUDOS_TRANSACTIONS));
    sink(topology, Topics.KUDOS_POSTINGS, SPLITTER);

    topology.addProcessor(POSTINGS, PostingProcessor::new, source(topology, Topics.KUDOS_POSTINGS));
    topology.addProcessor(ADJUSTMENTS, AdjustmentProcessor::new, source(topology, Topics.KUDOS_ADJUSTMENTS));
    // Shared by both processors, which puts them in one task per partition.
    topology.addStateStore(store(BALANCES, Topics.serde(AccountBalance.class)), POSTINGS, ADJUSTMENTS);
    topology.addStateStore(store(APPLIED, Serdes.Long()), POSTINGS, ADJUSTMENTS);
    sink(topology, Topics.KUDOS_BALANCES, POSTINGS);
    sink(topology, Topics.KUDOS_TRANSACTIONS, ADJUSTMENTS);
    return topology;
  }

  /** The name of the sink node that writes to the topic, for processors that forward to several. */
  static String sinkName(Topic<String, ?> topic) {
    return "to-" + topic.name();
  }

  private static String source(Topology topology, Topic<String, ?> topic) {
    String name = "from-" + topic.name();
    topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    return name;
  }

  private static void sink(Topology topology, Topic<String, ?> topic, String parent) {
    topology.addSink(sinkName(topic), topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(),
        parent);
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Topics.keySerde(), valueSerde);
  }
}
