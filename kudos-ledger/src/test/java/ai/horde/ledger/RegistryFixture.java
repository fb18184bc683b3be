package ai.horde.ledger;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountAnswer;
import ai.horde.events.AccountCommand;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.HordeModes;
import ai.horde.events.IpTimeout;
import ai.horde.events.IpSuspicion;
import ai.horde.events.PromptFilter;
import ai.horde.events.SharedKeyState;
import ai.horde.events.TeamState;
import ai.horde.events.UserAccount;
import ai.horde.events.UserEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The registry's state in maps, for given / when / then tests of {@link AccountRegistry}: {@code given...}
 * sets the state, {@link #when} decides a command against it and applies what the decision wrote (as
 * {@link RegistryProcessor} does), so that the next command sees it.
 */
final class RegistryFixture implements RegistryState {
  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  final Map<Long, UserAccount> users = new HashMap<>();
  final Map<String, SharedKeyState> keys = new LinkedHashMap<>();
  final Map<String, TeamState> teams = new LinkedHashMap<>();
  HordeModes modes = HordeModesRules.initial();
  final Map<String, IpTimeout> ipTimeouts = new LinkedHashMap<>();
  final Map<Long, PromptFilter> promptFilters = new LinkedHashMap<>();
  long lastPromptFilterId;
  final Map<String, IpSuspicion> ipSuspicions = new HashMap<>();
  private int commands;

  /** A user created at {@link #NOW} minus a year, then shaped by {@code roles}. */
  UserAccount givenUser(long id, UnaryOperator<UserAccount.Builder> roles) {
    Instant created = NOW.minusSeconds(365L * 86_400);
    UserAccount user = roles.apply(UserAccount.newBuilder().setUserId(id).setUsername("user" + id)
        .setOauthId("oauth-" + id).setApiKeyHash("hash-" + id).setCreatedAt(created).setUpdatedAt(created))
        .build();
    users.put(id, user);
    return user;
  }

  UserAccount givenUser(long id) {
    return givenUser(id, user -> user);
  }

  SharedKeyState givenKey(String keyHash, long ownerId) {
    SharedKeyState key = SharedKeyState.newBuilder().setKeyHash(keyHash).setOwnerId(ownerId).setName("key")
        .setCreatedAt(NOW).setUpdatedAt(NOW).build();
    keys.put(keyHash, key);
    return key;
  }

  TeamState givenTeam(String teamId, String name, long ownerId) {
    TeamState team = TeamState.newBuilder().setTeamId(teamId).setName(name).setOwnerId(ownerId)
        .setCreatedAt(NOW).setUpdatedAt(NOW).build();
    teams.put(teamId, team);
    return team;
  }

  RegistryDecision when(Long requesterId, Object body) {
    return when(requesterId, false, NOW, body);
  }

  RegistryDecision whenAdmin(Long requesterId, Object body) {
    return when(requesterId, true, NOW, body);
  }

  RegistryDecision when(Long requesterId, boolean admin, Instant at, Object body) {
    commands++;
    AccountCommand command = AccountCommand.newBuilder().setCommandId("cmd-" + commands).setReplyTo("ingress-1")
        .setRequesterId(requesterId).setRequesterAdmin(admin).setRequestedAt(at).setCommand(body).build();
    RegistryDecision decision = AccountRegistry.decide(this, command);
    for (UserEvent event : decision.userEvents()) {
      users.put(event.getUserId(), Accounts.evolve(user(event.getUserId()), event));
    }
    decision.sharedKeys().forEach((hash, key) -> {
      if (key == null) {
        keys.remove(hash);
      } else {
        keys.put(hash, key);
      }
    });
    decision.teams().forEach((id, team) -> {
      if (team == null) {
        teams.remove(id);
      } else {
        teams.put(id, team);
      }
    });
    if (decision.modes() != null) {
      modes = decision.modes();
    }
    decision.ipTimeouts().forEach((ipaddr, timeout) -> {
      if (timeout == null) {
        ipTimeouts.remove(ipaddr);
      } else {
        ipTimeouts.put(ipaddr, timeout);
      }
    });
    decision.promptFilters().forEach((id, filter) -> {
      if (filter == null) {
        promptFilters.remove(Long.parseLong(id));
      } else {
        promptFilters.put(filter.getId(), filter);
        lastPromptFilterId = Math.max(lastPromptFilterId, filter.getId());
      }
    });
    ipSuspicions.putAll(decision.ipSuspicions());
    return decision;
  }

  static ErrorAnswer error(RegistryDecision decision) {
    return (ErrorAnswer) decision.reply().getBody();
  }

  static AccountAnswer answer(RegistryDecision decision) {
    return (AccountAnswer) decision.reply().getBody();
  }

  /** The refusal's http status and rc, for one-line assertions. */
  static String refusal(RegistryDecision decision) {
    ErrorAnswer error = error(decision);
    return error.getHttpStatus() + " " + error.getRc();
  }

  @Override
  public UserAccount user(long userId) {
    UserAccount user = users.get(userId);
    return user == null && userId == Accounts.ANONYMOUS_ID ? Accounts.ANONYMOUS : user;
  }

  @Override
  public UserAccount userByOauth(String oauthId) {
    return users.values().stream().filter(user -> user.getOauthId().equals(oauthId)).findFirst().orElse(null);
  }

  @Override
  public long lastUserId() {
    return users.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  @Override
  public SharedKeyState sharedKey(String keyHash) {
    return keys.get(keyHash);
  }

  @Override
  public List<SharedKeyState> sharedKeysOf(long ownerId) {
    List<SharedKeyState> owned = new ArrayList<>();
    keys.values().stream().filter(key -> key.getOwnerId() == ownerId).forEach(owned::add);
    return owned;
  }

  @Override
  public TeamState team(String teamId) {
    return teams.get(teamId);
  }

  @Override
  public TeamState teamNamed(String name) {
    return teams.values().stream()
        .filter(team -> team.getName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .findFirst().orElse(null);
  }

  @Override
  public HordeModes modes() {
    return modes;
  }

  @Override
  public IpTimeout ipTimeout(String ipaddr) {
    return ipTimeouts.get(ipaddr);
  }

  @Override
  public PromptFilter promptFilter(long filterId) {
    return promptFilters.get(filterId);
  }

  @Override
  public List<PromptFilter> promptFilters() {
    return List.copyOf(promptFilters.values());
  }

  @Override
  public long lastPromptFilterId() {
    return lastPromptFilterId;
  }

  @Override
  public IpSuspicion ipSuspicion(String ipaddr) {
    return ipSuspicions.get(ipaddr);
  }
}
