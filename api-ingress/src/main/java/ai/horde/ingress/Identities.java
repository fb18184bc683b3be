package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Who an API key belongs to: the anonymous key is user 0; any other key is looked up by its hash. A key
 * this instance has not seen yet may have just been issued elsewhere, so before it is declared unknown the
 * users view catches up with everything committed.
 */
@Singleton
final class Identities {
  static final String API_KEY_HELP = "The API Key corresponding to a registered user.";
  private static final Duration CATCH_UP = Duration.ofSeconds(2);

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
    Optional<UserAccount> known = views.users.byKeyHash(hash);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known);
    }
    return views.caughtUp(List.of(Topics.USER_EVENTS), CATCH_UP)
        .handle((ok, error) -> views.users.byKeyHash(hash));
  }

  /** The user of a key that must be valid: 401 InvalidAPIKey otherwise. */
  CompletableFuture<UserAccount> require(String apiKey) {
    return find(apiKey).thenApply(user -> user.orElseThrow(HordeError::invalidApiKey));
  }
}
