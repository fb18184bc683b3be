package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.SharedKeyState;
import ai.horde.events.SharedKeyUsage;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Who an API key belongs to: the anonymous key is user 0; any other key is looked up by its hash. A key
 * this instance has not seen yet may have just been issued elsewhere, so before it is declared unknown the
 * users view catches up with everything committed.
 *
 * <p>A shared key (a UUID, spec §3.15) is found only through {@link #sharedKey}: the endpoints that accept
 * one ask for it; everywhere else it is an unknown key (401), as the reference answers (R3.15.1).
 */
@Singleton
final class Identities {
  static final String API_KEY_HELP = "The API Key corresponding to a registered user.";

  private final HordeViews views;

  Identities(HordeViews views) {
    this.views = views;
  }

  /** The user of a key, or empty when no user has it. */
  CompletableFuture<Optional<UserAccount>> find(String apiKey) {
    if (Accounts.ANONYMOUS_KEY.equals(apiKey)) {
      return CompletableFuture.completedFuture(Optional.of(Accounts.ANONYMOUS));
    }
    String hash = ApiKeys.hash(apiKey);
    return views.find(() -> views.users.byKeyHash(hash), List.of(Topics.USER_EVENTS));
  }

  /** A shared key with its owner. */
  record SharedKey(String id, String hash, SharedKeyState state, UserAccount owner) {}

  /** The shared key a client sent, with its owner; empty when the value is not one this horde issued. */
  CompletableFuture<Optional<SharedKey>> sharedKey(String apiKey) {
    Optional<String> id = SharedKeyIntake.keyId(apiKey);
    if (id.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    String hash = ApiKeys.hash(id.get());
    return views.find(() -> sharedKeyOf(id.get(), hash), List.of(Topics.SHARED_KEYS, Topics.USER_EVENTS));
  }

  private Optional<SharedKey> sharedKeyOf(String id, String hash) {
    return views.sharedKeys.byHash(hash).flatMap(state -> views.users.byId(state.getOwnerId())
        .map(owner -> new SharedKey(id, hash, state, owner)));
  }

  /** What the key has spent and may still spend, as the owner's ledger account last published it. */
  SharedKeyUsage usage(SharedKey key) {
    return views.balance(Accounts.user(key.owner().getUserId()))
        .map(balance -> balance.getSharedKeys().get(key.hash())).orElse(null);
  }

  /** The user of a key that must be valid: 401 InvalidAPIKey otherwise. */
  CompletableFuture<UserAccount> require(String apiKey) {
    return find(apiKey).thenApply(user -> user.orElseThrow(HordeError::invalidApiKey));
  }
}
