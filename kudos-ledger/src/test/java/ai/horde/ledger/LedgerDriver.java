package ai.horde.ledger;

import ai.horde.accounts.KudosCommands;
import ai.horde.events.AccountBalance;
import ai.horde.events.AccountCommand;
import ai.horde.events.HordeModes;
import ai.horde.events.IpTimeout;
import ai.horde.events.SharedKeyState;
import ai.horde.events.TeamState;
import ai.horde.events.KudosAccount;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosPosting;
import ai.horde.events.KudosTransaction;
import ai.horde.events.PromptFilter;
import ai.horde.events.RegisterUser;
import ai.horde.events.Reply;
import ai.horde.events.SharedKeyState;
import ai.horde.events.TeamState;
import ai.horde.events.UserEvent;
import ai.horde.runtime.HordeEnv;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ledger topology in a {@link TopologyTestDriver}, built and configured as the service builds it
 * (exactly-once, RocksDB stores under a test directory), with its topics typed by the registry's serdes.
 */
final class LedgerDriver implements AutoCloseable {
  static final String REPLY_TO = "ingress-1";
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final TopologyTestDriver driver;
  private final TestInputTopic<String, AccountCommand> accountCommands;
  private final TestInputTopic<String, KudosCommand> commands;
  final TestOutputTopic<String, UserEvent> userEvents;
  final TestOutputTopic<String, Reply> replies;
  final TestOutputTopic<String, KudosPosting> postings;
  final TestOutputTopic<String, AccountBalance> balanceUpdates;
  final TestOutputTopic<String, SharedKeyState> sharedKeys;
  final TestOutputTopic<String, TeamState> teams;
  final TestOutputTopic<String, HordeModes> modes;
  final TestOutputTopic<String, IpTimeout> ipTimeouts;
  final TestOutputTopic<String, KudosCommand> kudosCommands;
  final TestOutputTopic<String, PromptFilter> promptFilters;

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  LedgerDriver(Path stateDir) {
    this(stateDir, null);
  }

  /** @param trustThresholdCenti the ledger's KUDOS_TRUST_THRESHOLD; null: none */
  LedgerDriver(Path stateDir, Long trustThresholdCenti) {
    this(stateDir, trustThresholdCenti, 0);
  }

  /**
   * @param commandPartitions the partitions the ledger is told the commands topic has (the driver's one task is
   *     partition 0 of them); 0: none known, every other user's leg through transit
   */
  LedgerDriver(Path stateDir, Long trustThresholdCenti, int commandPartitions) {
    HordeEnv env = HordeEnv.of(Map.of(HordeEnv.DATA_DIR, stateDir.toString()));
    driver = new TopologyTestDriver(
        LedgerTopology.build(new LedgerMetrics(meters), trustThresholdCenti, commandPartitions), config(env));
    accountCommands = input(Topics.ACCOUNT_COMMANDS);
    commands = input(Topics.KUDOS_COMMANDS);
    userEvents = output(Topics.USER_EVENTS);
    replies = output(Topics.REPLIES);
    postings = output(Topics.KUDOS_POSTINGS);
    balanceUpdates = output(Topics.KUDOS_BALANCES);
    sharedKeys = output(Topics.SHARED_KEYS);
    teams = output(Topics.TEAMS);
    modes = output(Topics.HORDE_MODES);
    ipTimeouts = output(Topics.IP_TIMEOUTS);
    kudosCommands = output(Topics.KUDOS_COMMANDS);
    promptFilters = output(Topics.PROMPT_FILTERS);
  }

  /** The service's settings ({@link LedgerService#streamsConfig}) under a test application id. */
  private static Properties config(HordeEnv env) {
    Properties props = LedgerService.streamsConfig(env);
    props.put("application.id", "horde-ledger-test");
    return props;
  }

  /** A registration as ingress sends it; kudosCenti may be null. */
  void register(String commandId, String username, String oauthId, String apiKeyHash, boolean moderator,
      Long kudosCenti) {
    accountCommands.pipeInput(commandId, AccountCommand.newBuilder()
        .setCommandId(commandId)
        .setReplyTo(REPLY_TO)
        .setRequestedAt(NOW)
        .setCommand(RegisterUser.newBuilder().setUsername(username).setOauthId(oauthId).setApiKeyHash(apiKeyHash)
            .setModerator(moderator).setTrusted(false).setKudosCenti(kudosCenti).build())
        .build());
  }

  /** A registration without OAuth (refused in raid mode). */
  void registerPseudonymous(String commandId, String username) {
    accountCommands.pipeInput(commandId, AccountCommand.newBuilder().setCommandId(commandId).setReplyTo(REPLY_TO)
        .setRequestedAt(NOW).setCommand(RegisterUser.newBuilder().setUsername(username)
            .setOauthId(java.util.UUID.randomUUID().toString()).setApiKeyHash("hash-" + commandId)
            .setRefusedInRaid(true).build())
        .build());
  }

  /** An account command from a user, as ingress sends it. */
  void account(String commandId, long requesterId, boolean admin, Object body) {
    accountCommands.pipeInput(commandId, AccountCommand.newBuilder().setCommandId(commandId).setReplyTo(REPLY_TO)
        .setRequesterId(requesterId).setRequesterAdmin(admin).setRequestedAt(NOW).setCommand(body).build());
  }

  /** The account as its ledger task keeps it, or null. */
  KudosAccount account(String key) {
    KeyValueStore<String, KudosAccount> store = driver.getKeyValueStore(LedgerTopology.ACCOUNTS);
    return store.get(key);
  }

  /** A transaction sent to its home account, as the scheduler and ingress send them. */
  void transact(KudosTransaction transaction) {
    send(KudosCommands.transaction(transaction, NOW));
  }

  void send(KudosCommand command) {
    commands.pipeInput(command.getAccount(), command);
  }

  /** Every account's balance, from the ledger's store. */
  Map<String, Long> balances() {
    Map<String, Long> balances = new HashMap<>();
    KeyValueStore<String, KudosAccount> store = driver.getKeyValueStore(LedgerTopology.ACCOUNTS);
    try (var all = store.all()) {
      all.forEachRemaining(entry -> AccountBook.putBalances(entry.key, entry.value, balances));
    }
    return balances;
  }

  private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer());
  }

  @Override
  public void close() {
    driver.close();
  }
}
