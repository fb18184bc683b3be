package ai.horde.ingress.web;

import ai.horde.events.AccountAnswer;
import ai.horde.events.ChangeUser;
import ai.horde.events.RegisterUser;
import ai.horde.events.UserAccount;
import ai.horde.events.UserChanged;
import ai.horde.events.UserRegistrationAnswer;
import ai.horde.ingress.views.ApiKeys;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Effect;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Visibility;
import ai.horde.topics.Topics;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * What /register asks of the account registry (RegisterUser and ChangeUser), each answered once this instance's
 * views show the result, so that a key shown on the page works at once.
 *
 * <p>Known gap: a login whose account this instance has not seen yet, while another instance is creating it for
 * the same login, registers it a second time; the registry then rotates the key (the page shows the newer one,
 * which is the one that works).
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

  private final Decisions decisions;
  private final HordeViews views;
  private final Visibility visibility;
  private final ApiKeys keys;

  Registrations(Decisions decisions, HordeViews views, Visibility visibility, ApiKeys keys) {
    this.decisions = decisions;
    this.views = views;
    this.visibility = visibility;
    this.keys = keys;
  }

  /** A new pseudonymous user (a random UUID as oauth_id): refused while the horde is in raid mode. */
  CompletableFuture<Result> pseudonymous(String username) {
    return register(username, UUID.randomUUID().toString(), true);
  }

  /** The user of this login: the one that has its oauth_id, else a new one named {@code username}. */
  CompletableFuture<Result> login(String oauthId, String username) {
    // Registered through another instance a moment ago, perhaps: read all that is committed before creating.
    return visibility.find(() -> views.users().byOauthId(oauthId), List.of(Topics.USER_EVENTS))
        .thenCompose(found -> found.isPresent()
            ? CompletableFuture.completedFuture(new Result(found.get(), null))
            : register(username, oauthId, false));
  }

  /** A new key for the user; the old one stops working. */
  CompletableFuture<Result> resetKey(UserAccount user) {
    return issueKey(RegisterUser.newBuilder().setUsername(user.getUsername()).setOauthId(user.getOauthId()));
  }

  /** The user under a new name. */
  CompletableFuture<Result> rename(UserAccount user, String username) {
    ChangeUser change = ChangeUser.newBuilder().setUserId(user.getUserId())
        .setChanges(UserChanged.newBuilder().setUsername(username).build()).build();
    return decisions.registry(user, change, AccountAnswer.class).thenApply(answer -> new Result(
        views.users().byId(user.getUserId()).orElseThrow(), null));
  }

  private CompletableFuture<Result> register(String username, String oauthId, boolean pseudonymous) {
    return issueKey(RegisterUser.newBuilder().setUsername(username).setOauthId(oauthId)
        .setRefusedInRaid(pseudonymous));
  }

  /** Registers with a new key; answered once the views resolve it (else a 503: it may not work here yet). */
  private CompletableFuture<Result> issueKey(RegisterUser.Builder register) {
    String apiKey = ApiKeys.generate();
    String hash = keys.hash(apiKey);
    return decisions.registry(null, register.setApiKeyHash(hash).build(), UserRegistrationAnswer.class,
        answer -> Effect.writtenTo(Topics.USER_EVENTS)).thenApply(answer -> new Result(views.users().byKeyHash(hash)
            .orElseThrow(() -> new CompletionException(new TimeoutException())), apiKey));
  }
}
