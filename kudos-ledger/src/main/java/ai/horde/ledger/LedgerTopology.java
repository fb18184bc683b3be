package ai.horde.ledger;

import ai.horde.events.HordeModes;
import ai.horde.events.IpTimeout;
import ai.horde.events.IpSuspicion;
import ai.horde.events.KudosAccount;
import ai.horde.events.PromptFilter;
import ai.horde.events.SharedKeyState;
import ai.horde.events.TeamState;
import ai.horde.events.TransferKudos;
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
 * The kudos ledger's Kafka Streams topology, in two sub-topologies:
 *
 * <ol>
 *   <li>the account registry ({@link RegistryProcessor}): account commands in; user events, shared keys,
 *       teams, the horde's modes, prompt filters, IP timeouts, replies and the ledger commands they cause ({@code OpenAccount}, admin
 *       kudos, shared key kudos) out. The single writer of users, shared keys, teams, modes, prompt filters
 *       and IP timeouts.
 *   <li>the account tasks ({@link AccountProcessor}): {@code horde.kudos-commands}, keyed by account, in;
 *       the journal ({@code horde.kudos-postings}), balances, replies and the legs of other accounts (back into
 *       {@code horde.kudos-commands}) out, and the requests to trust a user whose escrow passed the threshold
 *       ({@code ConsiderTrust}, into {@code horde.account-commands}). One task per partition owns the accounts that hash to it.
 * </ol>
 *
 * <p>Known gap: the {@value #APPLIED} store keeps every command id forever; it needs pruning (its values are
 * the record timestamps, for that) once ids older than the commands topic's retention cannot come back.
 */
final class LedgerTopology {
  private LedgerTopology() {}

  static final String APPLICATION_ID = "horde-ledger";

  /** User id (decimal) → the user, folded from its events. */
  static final String USERS = "users";
  /** oauth_id → user id (decimal). */
  static final String USERS_BY_OAUTH = "users-by-oauth";
  /** {@link #LAST_USER_ID} → the last user id handed out. */
  static final String REGISTRY_SEQUENCE = "registry-sequence";
  static final String LAST_USER_ID = "user-id";
  static final String LAST_PROMPT_FILTER_ID = "prompt-filter-id";
  /** Shared key hash → the key. */
  static final String SHARED_KEYS = "shared-keys";
  /** {@code <owner id>/<key hash>} → the key hash: a user's keys, by prefix. */
  static final String SHARED_KEYS_BY_OWNER = "shared-keys-by-owner";
  /** Team id → the team. */
  static final String TEAMS = "teams";
  /** Team name, lower-cased → the team id. */
  static final String TEAM_NAMES = "team-names";
  /** {@link Topics#MODES_KEY} → the horde's modes. */
  static final String HORDE_MODES = "horde-modes";
  /** Address or CIDR block → its timeout (what {@code horde.ip-timeouts} holds). */
  static final String IP_TIMEOUTS = "ip-timeouts";
  /** Filter id (decimal) → the prompt filter. */
  static final String PROMPT_FILTERS = "prompt-filters";
  /** IP address → the corrupt prompts counted against it. */
  static final String IP_SUSPICIONS = "ip-suspicions";
  /** Account (system accounts per partition: {@code system:mint@0}) → its state. */
  static final String ACCOUNTS = "accounts";
  /** {@code <account>|<command id>} → the timestamp of the record that applied it. */
  static final String APPLIED = "applied";
  /** Transfer id → the transfer, for Idempotency-Key replays. */
  static final String TRANSFERS = "transfers";

  static final String REGISTRY = "registry";
  static final String ACCOUNT_TASK = "accounts";

  /** The changelog of the accounts store: the live state the replay command compares with. */
  static String accountsChangelog(String applicationId) {
    return applicationId + "-" + ACCOUNTS + "-changelog";
  }

  /** The ledger without automatic trust promotion, every other user's leg through transit. */
  static Topology build(LedgerMetrics metrics) {
    return build(metrics, null, 0);
  }

  /**
   * @param trustThresholdCenti escrow above which the ledger asks the registry to trust a user
   *     ({@code KUDOS_TRUST_THRESHOLD}); null: never (docs/decisions/0016)
   * @param commandPartitions how many partitions {@code horde.kudos-commands} has, so that a task applies the legs
   *     of the accounts it owns at once (docs/decisions/0006); 0: not known, every other user's leg goes through
   *     transit and a remote leg
   */
  static Topology build(LedgerMetrics metrics, Long trustThresholdCenti, int commandPartitions) {
    Topology topology = new Topology();

    topology.addProcessor(REGISTRY, RegistryProcessor::new, source(topology, Topics.ACCOUNT_COMMANDS));
    topology.addStateStore(store(USERS, Topics.serde(UserAccount.class)), REGISTRY);
    topology.addStateStore(store(USERS_BY_OAUTH, Serdes.String()), REGISTRY);
    topology.addStateStore(store(REGISTRY_SEQUENCE, Serdes.Long()), REGISTRY);
    topology.addStateStore(store(SHARED_KEYS, Topics.serde(SharedKeyState.class)), REGISTRY);
    topology.addStateStore(store(SHARED_KEYS_BY_OWNER, Serdes.String()), REGISTRY);
    topology.addStateStore(store(TEAMS, Topics.serde(TeamState.class)), REGISTRY);
    topology.addStateStore(store(TEAM_NAMES, Serdes.String()), REGISTRY);
    topology.addStateStore(store(HORDE_MODES, Topics.serde(HordeModes.class)), REGISTRY);
    topology.addStateStore(store(IP_TIMEOUTS, Topics.serde(IpTimeout.class)), REGISTRY);
    topology.addStateStore(store(PROMPT_FILTERS, Topics.serde(PromptFilter.class)), REGISTRY);
    topology.addStateStore(store(IP_SUSPICIONS, Topics.serde(IpSuspicion.class)), REGISTRY);
    sink(topology, Topics.USER_EVENTS, REGISTRY);
    sink(topology, Topics.SHARED_KEYS, REGISTRY);
    sink(topology, Topics.TEAMS, REGISTRY);
    sink(topology, Topics.HORDE_MODES, REGISTRY);
    sink(topology, Topics.PROMPT_FILTERS, REGISTRY);
    sink(topology, Topics.IP_TIMEOUTS, REGISTRY);
    sink(topology, Topics.REPLIES, REGISTRY);
    sink(topology, Topics.KUDOS_COMMANDS, REGISTRY);

    topology.addProcessor(ACCOUNT_TASK, () -> new AccountProcessor(metrics, trustThresholdCenti, commandPartitions),
        source(topology, Topics.KUDOS_COMMANDS));
    // Cached: an account's changes within a commit reach its changelog and its balance record once (BalanceFlush).
    topology.addStateStore(store(ACCOUNTS, Topics.serde(KudosAccount.class)).withCachingEnabled(), ACCOUNT_TASK);
    topology.addStateStore(store(APPLIED, Serdes.Long()), ACCOUNT_TASK);
    topology.addStateStore(store(TRANSFERS, Topics.serde(TransferKudos.class)), ACCOUNT_TASK);
    sink(topology, Topics.KUDOS_POSTINGS, ACCOUNT_TASK);
    sink(topology, Topics.KUDOS_BALANCES, ACCOUNT_TASK);
    sink(topology, Topics.KUDOS_COMMANDS, ACCOUNT_TASK);
    sink(topology, Topics.REPLIES, ACCOUNT_TASK);
    sink(topology, Topics.ACCOUNT_COMMANDS, ACCOUNT_TASK);
    return topology;
  }

  /** The sink node through which {@code parent} writes to the topic (one per parent: the sub-topologies stay apart). */
  static String sinkName(String parent, Topic<String, ?> topic) {
    return parent + "-to-" + topic.name();
  }

  private static String source(Topology topology, Topic<String, ?> topic) {
    String name = "from-" + topic.name();
    topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    return name;
  }

  private static void sink(Topology topology, Topic<String, ?> topic, String parent) {
    topology.addSink(sinkName(parent, topic), topic.name(), topic.keySerde().serializer(),
        topic.valueSerde().serializer(), parent);
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Topics.keySerde(), valueSerde);
  }
}
