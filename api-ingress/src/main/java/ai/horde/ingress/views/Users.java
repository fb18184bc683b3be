package ai.horde.ingress.views;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.events.UserEvent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every user, folded from {@code horde.user-events}, found by id, by the hash of its API key or by its oauth id. */
public final class Users {
  private final Map<Long, UserAccount> byId = new ConcurrentHashMap<>();
  private final Map<String, Long> byKeyHash = new ConcurrentHashMap<>();
  private final Map<String, Long> byOauthId = new ConcurrentHashMap<>();

  synchronized void apply(UserEvent event) {
    UserAccount before = byId.get(event.getUserId());
    UserAccount after = Accounts.evolve(before, event);
    if (before != null && !before.getApiKeyHash().equals(after.getApiKeyHash())) {
      byKeyHash.remove(before.getApiKeyHash());
    }
    if (before != null && !before.getOauthId().equals(after.getOauthId())) {
      byOauthId.remove(before.getOauthId());
    }
    byId.put(after.getUserId(), after);
    byKeyHash.put(after.getApiKeyHash(), after.getUserId());
    byOauthId.put(after.getOauthId(), after.getUserId());
  }

  public Optional<UserAccount> byId(long userId) {
    return userId == Accounts.ANONYMOUS_ID ? Optional.of(Accounts.ANONYMOUS) : Optional.ofNullable(byId.get(userId));
  }

  public Optional<UserAccount> byKeyHash(String hash) {
    return Optional.ofNullable(byKeyHash.get(hash)).map(byId::get);
  }

  public Optional<UserAccount> byOauthId(String oauthId) {
    return Optional.ofNullable(byOauthId.get(oauthId)).map(byId::get);
  }

  /** Every registered user (not the built-in anonymous one). */
  public Collection<UserAccount> all() {
    return byId.values();
  }
}
