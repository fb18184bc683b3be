package ai.horde.ledger;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountCommand;
import ai.horde.events.HordeModes;
import ai.horde.events.IpSuspicion;
import ai.horde.events.IpTimeout;
import ai.horde.events.KudosCommand;
import ai.horde.events.PromptFilter;
import ai.horde.events.SharedKeyState;
import ai.horde.events.TeamState;
import ai.horde.events.UserAccount;
import ai.horde.events.UserCreated;
import ai.horde.events.UserEvent;
import ai.horde.events.UserWiped;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adapter from the registry's stores to {@link AccountRegistry#decide}: reads the state the decision needs,
 * then stores and forwards what it wrote (user events folded into the users store, shared keys, teams, modes,
 * ledger commands, prompt filters, IP timeouts and the reply), with the indexes that go with them. The
 * account-commands topic has one partition, so this one task sees every command in order: the single writer of
 * users, shared keys, teams, modes, prompt filters and IP timeouts.
 *
 * <p>Known gap: expired IP suspicions stay in their store (read as none); nothing prunes them yet.
 */
final class RegistryProcessor extends ContextualProcessor<String, AccountCommand, String, SpecificRecord>
    implements RegistryState {
  private KeyValueStore<String, UserAccount> users;
  private KeyValueStore<String, String> usersByOauth;
  private KeyValueStore<String, Long> sequence;
  private KeyValueStore<String, SharedKeyState> sharedKeys;
  private KeyValueStore<String, String> sharedKeysByOwner;
  private KeyValueStore<String, TeamState> teams;
  private KeyValueStore<String, String> teamNames;
  private KeyValueStore<String, HordeModes> modes;
  private KeyValueStore<String, IpTimeout> ipTimeouts;
  private KeyValueStore<String, PromptFilter> promptFilters;
  private KeyValueStore<String, IpSuspicion> ipSuspicions;

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    super.init(context);
    users = context.getStateStore(LedgerTopology.USERS);
    usersByOauth = context.getStateStore(LedgerTopology.USERS_BY_OAUTH);
    sequence = context.getStateStore(LedgerTopology.REGISTRY_SEQUENCE);
    sharedKeys = context.getStateStore(LedgerTopology.SHARED_KEYS);
    sharedKeysByOwner = context.getStateStore(LedgerTopology.SHARED_KEYS_BY_OWNER);
    teams = context.getStateStore(LedgerTopology.TEAMS);
    teamNames = context.getStateStore(LedgerTopology.TEAM_NAMES);
    modes = context.getStateStore(LedgerTopology.HORDE_MODES);
    ipTimeouts = context.getStateStore(LedgerTopology.IP_TIMEOUTS);
    promptFilters = context.getStateStore(LedgerTopology.PROMPT_FILTERS);
    ipSuspicions = context.getStateStore(LedgerTopology.IP_SUSPICIONS);
  }

  @Override
  public void process(Record<String, AccountCommand> record) {
    RegistryDecision decision = AccountRegistry.decide(this, record.value());
    for (UserEvent event : decision.userEvents()) {
      fold(event);
      forward(record, Long.toString(event.getUserId()), event, Topics.USER_EVENTS);
    }
    for (Map.Entry<String, SharedKeyState> key : decision.sharedKeys().entrySet()) {
      storeSharedKey(key.getKey(), key.getValue());
      forward(record, key.getKey(), key.getValue(), Topics.SHARED_KEYS);
    }
    for (Map.Entry<String, TeamState> team : decision.teams().entrySet()) {
      storeTeam(team.getKey(), team.getValue());
      forward(record, team.getKey(), team.getValue(), Topics.TEAMS);
    }
    if (decision.modes() != null) {
      modes.put(Topics.MODES_KEY, decision.modes());
      forward(record, Topics.MODES_KEY, decision.modes(), Topics.HORDE_MODES);
    }
    for (Map.Entry<String, PromptFilter> filter : decision.promptFilters().entrySet()) {
      storePromptFilter(filter.getKey(), filter.getValue());
      forward(record, filter.getKey(), filter.getValue(), Topics.PROMPT_FILTERS);
    }
    for (Map.Entry<String, IpTimeout> timeout : decision.ipTimeouts().entrySet()) {
      if (timeout.getValue() == null) {
        ipTimeouts.delete(timeout.getKey());
      } else {
        ipTimeouts.put(timeout.getKey(), timeout.getValue());
      }
      forward(record, timeout.getKey(), timeout.getValue(), Topics.IP_TIMEOUTS);
    }
    decision.ipSuspicions().forEach(ipSuspicions::put);
    for (KudosCommand command : decision.kudosCommands()) {
      forward(record, command.getAccount(), command, Topics.KUDOS_COMMANDS);
    }
    if (decision.reply() != null) {
      forward(record, decision.reply().getReplyTo(), decision.reply(), Topics.REPLIES);
    }
  }

  /** The user after the event, with the oauth index and the id sequence that go with it. */
  private void fold(UserEvent event) {
    String key = Long.toString(event.getUserId());
    UserAccount before = user(event.getUserId());
    UserAccount after = Accounts.evolve(before, event);
    users.put(key, after);
    if (event.getEvent() instanceof UserCreated created) {
      usersByOauth.put(created.getOauthId(), key);
      if (event.getUserId() > lastUserId()) {
        sequence.put(LedgerTopology.LAST_USER_ID, event.getUserId());
      }
    } else if (event.getEvent() instanceof UserWiped && before != null) {
      // A wiped user's oauth id is gone: signing in with it again registers a new user.
      usersByOauth.delete(before.getOauthId());
    }
  }

  private void storeSharedKey(String keyHash, SharedKeyState key) {
    SharedKeyState before = sharedKeys.get(keyHash);
    if (before != null) {
      sharedKeysByOwner.delete(ownerKey(before.getOwnerId(), keyHash));
    }
    if (key == null) {
      sharedKeys.delete(keyHash);
    } else {
      sharedKeys.put(keyHash, key);
      sharedKeysByOwner.put(ownerKey(key.getOwnerId(), keyHash), keyHash);
    }
  }

  private void storeTeam(String teamId, TeamState team) {
    TeamState before = teams.get(teamId);
    if (before != null) {
      teamNames.delete(nameKey(before.getName()));
    }
    if (team == null) {
      teams.delete(teamId);
    } else {
      teams.put(teamId, team);
      teamNames.put(nameKey(team.getName()), teamId);
    }
  }

  private void storePromptFilter(String id, PromptFilter filter) {
    if (filter == null) {
      promptFilters.delete(id);
      return;
    }
    promptFilters.put(id, filter);
    if (filter.getId() > lastPromptFilterId()) {
      sequence.put(LedgerTopology.LAST_PROMPT_FILTER_ID, filter.getId());
    }
  }

  @Override
  public UserAccount user(long userId) {
    UserAccount user = users.get(Long.toString(userId));
    return user == null && userId == Accounts.ANONYMOUS_ID ? Accounts.ANONYMOUS : user;
  }

  @Override
  public UserAccount userByOauth(String oauthId) {
    String id = usersByOauth.get(oauthId);
    return id == null ? null : users.get(id);
  }

  @Override
  public long lastUserId() {
    return last(LedgerTopology.LAST_USER_ID);
  }

  /** The last number the sequence handed out under this key (0 before the first). */
  private long last(String key) {
    Long last = sequence.get(key);
    return last == null ? 0 : last;
  }

  @Override
  public SharedKeyState sharedKey(String keyHash) {
    return sharedKeys.get(keyHash);
  }

  @Override
  public List<SharedKeyState> sharedKeysOf(long ownerId) {
    List<SharedKeyState> keys = new ArrayList<>();
    try (var owned = sharedKeysByOwner.prefixScan(ownerId + "/", Serdes.String().serializer())) {
      owned.forEachRemaining(entry -> keys.add(sharedKeys.get(entry.value)));
    }
    return keys;
  }

  @Override
  public TeamState team(String teamId) {
    return teams.get(teamId);
  }

  @Override
  public TeamState teamNamed(String name) {
    String id = teamNames.get(nameKey(name));
    return id == null ? null : teams.get(id);
  }

  @Override
  public HordeModes modes() {
    HordeModes current = modes.get(Topics.MODES_KEY);
    return current != null ? current : HordeModesRules.initial();
  }

  @Override
  public IpTimeout ipTimeout(String ipaddr) {
    return ipTimeouts.get(ipaddr);
  }

  @Override
  public PromptFilter promptFilter(long filterId) {
    return promptFilters.get(Long.toString(filterId));
  }

  @Override
  public List<PromptFilter> promptFilters() {
    List<PromptFilter> all = new ArrayList<>();
    try (var filters = promptFilters.all()) {
      filters.forEachRemaining(entry -> all.add(entry.value));
    }
    return all;
  }

  @Override
  public long lastPromptFilterId() {
    return last(LedgerTopology.LAST_PROMPT_FILTER_ID);
  }

  @Override
  public IpSuspicion ipSuspicion(String ipaddr) {
    return ipSuspicions.get(ipaddr);
  }

  /** {@code <owner id>/<key hash>}: the owner's keys are one prefix scan ("1/" is no prefix of "12/..."). */
  static String ownerKey(long ownerId, String keyHash) {
    return ownerId + "/" + keyHash;
  }

  /** Team names are unique ignoring case. */
  static String nameKey(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private void forward(Record<String, ?> input, String key, SpecificRecord value, Topic<String, ?> topic) {
    context().forward(input.withKey(key).withValue(value), LedgerTopology.sinkName(LedgerTopology.REGISTRY, topic));
  }
}
