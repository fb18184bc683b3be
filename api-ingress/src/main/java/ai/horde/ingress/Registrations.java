package ai.horde.ingress;

import ai.horde.events.ChangeUser;
import ai.horde.events.RegisterUser;
import ai.horde.events.UserAccount;
import ai.horde.events.UserChanged;
import ai.horde.topics.Topics;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What /register asks of the account registry (RegisterUser, and ChangeUser through {@link AccountCommands}),
 * each answered once this instance's views show the result, so that a key shown on the page works at once.
 *
 * <p>Known gap: a login whose account this instance has not seen yet, while another instance is creating it
 * for the same login, registers it a second time; the registry then rotates the key (the page shows the
 * newer one, which is the one that works).
 */
@Singleton
final class Registrations {

  /**
   * A user after a step.
   *
   * @param user the user as this instance's views now show it
   * @param newKey the key issued by this step, or null when the key stayed
   */
  record Result(UserAccount user, @Nullable String newKey) {}

  private final AccountCommands accountCommands;
  private final HordeViews views;
  private final ViewWaits waits;

  Registrations(AccountCommands accountCommands, HordeViews views, ViewWaits waits) {
    this.accountCommands = accountCommands;
    this.views = views;
    this.waits = waits;
  }

  /** A new pseudonymous user (a random UUID as oauth_id): refused while the horde is in raid mode. */
  CompletableFuture<Result> pseudonymous(String username) {
    return register(username, UUID.randomUUID().toString(), true);
  }

  /** The user of this login: the one that has its oauth_id, else a new one named {@code username}. */
  CompletableFuture<Result> login(String oauthId, String username) {
    // Registered through another instance a moment ago, perhaps: read all that is committed before creating.
    return views.find(() -> views.users.byOauthId(oauthId), List.of(Topics.USER_EVENTS))
        .thenCompose(found -> found.isPresent()
            ? CompletableFuture.completedFuture(new Result(found.get(), null))
            : register(username, oauthId, false));
  }

  /** A new key for the user; the old one stops working. */
  CompletableFuture<Result> resetKey(UserAccount user) {
    String apiKey = ApiKeys.generate();
    String hash = ApiKeys.hash(apiKey);
    RegisterUser rotate = RegisterUser.newBuilder().setUsername(user.getUsername()).setOauthId(user.getOauthId())
        .setApiKeyHash(hash).build();
    return accountCommands.register(rotate).thenCompose(answer -> waits.keyKnown(apiKey))
        .thenApply(rotated -> new Result(rotated, apiKey));
  }

  /** The user under a new name. */
  CompletableFuture<Result> rename(UserAccount user, String username) {
    ChangeUser change = ChangeUser.newBuilder().setUserId(user.getUserId())
        .setChanges(UserChanged.newBuilder().setUsername(username).build()).build();
    return accountCommands.ask(user, change).thenApply(answer -> new Result(
        views.users.byId(user.getUserId()).orElseThrow(), null));
  }

  private CompletableFuture<Result> register(String username, String oauthId, boolean pseudonymous) {
    String apiKey = ApiKeys.generate();
    RegisterUser register = RegisterUser.newBuilder().setUsername(username).setOauthId(oauthId)
        .setApiKeyHash(ApiKeys.hash(apiKey)).setRefusedInRaid(pseudonymous).build();
    return accountCommands.register(register).thenCompose(answer -> waits.keyKnown(apiKey))
        .thenApply(user -> new Result(user, apiKey));
  }

}
