package ai.horde.ingress.views;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.topics.Topics;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Who an API key belongs to: the anonymous key is user 0; any other key is looked up by its hash. A key the
 * views do not know yet may have just been issued through another instance, so before it is declared unknown
 * they read on ({@link Visibility#find}).
 *
 * <p>A shared key (a UUID, spec §3.15) is found only through {@link #sharedKey}: the endpoints that accept one
 * ask for it; everywhere else it is an unknown key (401), as the reference answers (R3.15.1).
 */
@Singleton
public final class Identities {
  private final HordeViews views;
  private final Visibility visibility;
  private final ApiKeys keys;
  private final Admins admins;

  Identities(HordeViews views, Visibility visibility, ApiKeys keys, Admins admins) {
    this.views = views;
    this.visibility = visibility;
    this.keys = keys;
    this.admins = admins;
  }

  /** The user of a key, or empty when no user has it. */
  public CompletableFuture<Optional<UserAccount>> find(String apiKey) {
    if (Accounts.ANONYMOUS_KEY.equals(apiKey)) {
      return CompletableFuture.completedFuture(Optional.of(Accounts.ANONYMOUS));
    }
    String hash = keys.hash(apiKey);
    return visibility.find(() -> views.users().byKeyHash(hash), List.of(Topics.USER_EVENTS));
  }

  /** The user of a key that must be valid: 401 InvalidAPIKey otherwise. */
  public CompletableFuture<UserAccount> require(String apiKey) {
    return find(apiKey).thenApply(user -> user.orElseThrow(ApiError::invalidApiKey));
  }

  /** Whether an optional key is a moderator's: no key, or a key nobody has, is not (the reference ignores it). */
  public CompletableFuture<Boolean> isModerator(@Nullable String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    return find(apiKey).thenApply(user -> user.map(UserAccount::getModerator).orElse(false));
  }

  /**
   * The user of a moderator's key, an admin's counting as one (as the registry counts them): 401 for an unknown
   * key, 403 NotModerator for anyone else's. For the moderators' reads, and for checks the reference makes
   * before the registry would see the command.
   */
  public CompletableFuture<UserAccount> requireModerator(String apiKey) {
    return require(apiKey).thenApply(user -> {
      if (!user.getModerator() && !admins.isAdmin(user)) {
        throw ApiError.notModerator();
      }
      return user;
    });
  }

  /** An optional key that, if given, must be a moderator's: 401 for an unknown one, 403 for anyone else's. */
  public CompletableFuture<Void> requireModeratorIfGiven(@Nullable String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return requireModerator(apiKey).thenAccept(user -> {});
  }

  /** The shared key a client sent, with its owner; empty when the value is not one this horde issued. */
  public CompletableFuture<Optional<SharedKey>> sharedKey(@Nullable String apiKey) {
    Optional<String> id = SharedKey.idOf(apiKey);
    if (id.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    String hash = keys.hash(id.get());
    return visibility.find(() -> sharedKeyOf(id.get(), hash), List.of(Topics.SHARED_KEYS, Topics.USER_EVENTS));
  }

  private Optional<SharedKey> sharedKeyOf(String id, String hash) {
    return views.sharedKeys().get(hash).flatMap(state -> views.users().byId(state.getOwnerId())
        .map(owner -> new SharedKey(id, hash, state, owner, views.balance(Accounts.user(owner.getUserId()))
            .map(balance -> balance.getSharedKeys().get(hash)).orElse(null))));
  }
}
