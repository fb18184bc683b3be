package ai.horde.ingress.accounts;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountAnswer;
import ai.horde.events.AccountBalance;
import ai.horde.events.DeleteUser;
import ai.horde.events.UserAccount;
import ai.horde.ingress.accounts.UserBodies.ModifyUser;
import ai.horde.ingress.accounts.UserBodies.ModifyUserInput;
import ai.horde.ingress.accounts.UserBodies.UserDetails;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.InvalidInput;
import ai.horde.ingress.http.QueryArgs;
import ai.horde.ingress.http.SimpleResponse;
import ai.horde.ingress.views.ApiKeys;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Effect;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.SharedKey;
import ai.horde.ingress.views.Visibility;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Users (spec §1.5 U1–U5): their details at the requester's level, and their changes and deletion, which the
 * registry decides. A change is answered once this instance shows it (and, for an admin's kudos, once the
 * ledger booked them), so that a read right after sees it.
 *
 * <p>{@code GET /users} pages and orders the users in PostgreSQL (the accounts read model) and renders each from
 * this instance's views, like every other user read; a user the read model has and the views not yet is left out
 * of its page.
 */
@Singleton
final class UserAccounts {
  static final String API_KEY_HELP = "The Admin API key.";
  private static final int PAGE_SIZE = 25;
  private static final int MAX_PAGE = 10_000;

  private final Decisions decisions;
  private final Identities identities;
  private final HordeViews views;
  private final Visibility visibility;
  private final UserDetailsView details;
  private final UserRecords records;
  private final ApiKeys keys;
  private final Clock clock;

  UserAccounts(Decisions decisions, Identities identities, HordeViews views, Visibility visibility,
      UserDetailsView details, UserRecords records, ApiKeys keys, Clock clock) {
    this.decisions = decisions;
    this.identities = identities;
    this.views = views;
    this.visibility = visibility;
    this.details = details;
    this.records = records;
    this.keys = keys;
    this.clock = clock;
  }

  /** U2: level 2 for a moderator's key, 1 for the user's own, else 0; an invalid key is 401. */
  CompletableFuture<UserDetails> get(String id, String apiKey) {
    long userId = UserChanges.userId(id);
    return user(userId, id).thenCompose(user -> {
      CompletableFuture<Integer> level = apiKey == null || apiKey.isEmpty()
          ? CompletableFuture.completedFuture(UserDetailsView.PUBLIC)
          : identities.require(apiKey).thenApply(requester -> UserDetailsView.level(user, requester));
      return level.thenCombine(records.of(userId), (shown, text) -> details.render(user, shown, text));
    });
  }

  /** U1: 25 users a page, level 0, wiped users left out. */
  CompletableFuture<List<UserDetails>> list(String pageParam, String sortParam) {
    int page = page(pageParam);
    if (page > MAX_PAGE) {
      return CompletableFuture.completedFuture(List.of());
    }
    return records.page("age".equals(sortParam), (page - 1) * PAGE_SIZE, PAGE_SIZE).thenApply(ranked ->
        ranked.stream().flatMap(row -> views.users().byId(row.userId())
            .map(user -> details.render(user, UserDetailsView.PUBLIC, row.records())).stream()).toList());
  }

  /** Python's int has no overflow: any page past the last is empty, any before the first is the first. */
  private static int page(String value) {
    if (value == null || value.isEmpty()) {
      return 1;
    }
    BigInteger page = QueryArgs.integer(value, "page", "");
    if (page.compareTo(BigInteger.valueOf(MAX_PAGE)) > 0) {
      return MAX_PAGE + 1;
    }
    return page.signum() > 0 ? page.intValue() : 1;
  }

  /** U5: the key's user at level 1, or a shared key's owner at level 0 with the key named after it. */
  CompletableFuture<UserDetails> findUser(String apiKey) {
    if (apiKey == null) {
      throw ApiError.invalidApiKey();
    }
    return identities.sharedKey(apiKey).thenCompose(shared -> {
      if (shared.isPresent()) {
        SharedKey key = shared.get().requireUsable(clock.instant());
        String name = key.state().getName();
        return CompletableFuture.completedFuture(details.render(key.owner(), Accounts.alias(key.owner())
            + (name == null || name.isEmpty() ? " (Shared Key)" : " (Shared Key: " + name + ")"),
            UserDetailsView.PUBLIC, UserRecords.Done.NONE));
      }
      return identities.find(apiKey).thenCompose(found -> {
        UserAccount user = found.orElseThrow(
            () -> new ApiError(404, "UserNotFound", "User with api_key '" + apiKey + "' not found."));
        return records.of(user.getUserId()).thenApply(text -> details.render(user, UserDetailsView.OWNER, text));
      });
    });
  }

  /** U3: the registry decides each field's permission; the answer echoes the values after the change. */
  CompletableFuture<ModifyUser> change(String id, ModifyUserInput input, String apiKey) {
    long userId = UserChanges.userId(id);
    return user(userId, id).thenCompose(user -> {
      if (apiKey == null) {
        throw InvalidInput.missingHeader("apikey", API_KEY_HELP);
      }
      return identities.require(apiKey).thenCompose(requester -> {
        boolean mayRename = requester.getModerator() || requester.getUserId() == userId;
        UserChanges.Change change = UserChanges.parse(userId, input, mayRename, ApiKeys.generate(), keys::hash);
        String account = Accounts.user(userId);
        Optional<String> postingBefore = views.balance(account).map(AccountBalance::getLastPostingId);
        Long kudosCenti = change.command().getAdminKudosCenti();
        return decisions.registry(requester, change.command(), AccountAnswer.class, answer -> {
          Effect registry = Effect.writtenTo(Decisions.REGISTRY_TOPICS);
          // The ledger books an admin's kudos after the registry's answer: wait for the account's next posting.
          return kudosCenti == null ? registry : registry.and(Topics.KUDOS_BALANCES,
              () -> !Objects.equals(postingBefore, views.balance(account).map(AccountBalance::getLastPostingId)));
        }).thenApply(answer -> UserChanges.response(change, views.users().byId(userId).orElse(user),
            kudosCenti == null ? null : views.balanceCenti(account) / 100.0));
      });
    });
  }

  /** U4: the registry decides (self or mod, never a mod, wipe after 30 days); a missing key is 401. */
  CompletableFuture<SimpleResponse> delete(String id, String apiKey) {
    long userId = UserChanges.userId(id);
    return user(userId, id).thenCompose(user -> {
      if (apiKey == null) {
        throw ApiError.invalidApiKey();
      }
      return identities.require(apiKey)
          .thenCompose(requester -> decisions.registry(requester, new DeleteUser(userId), AccountAnswer.class))
          .thenApply(answer -> SimpleResponse.OK);
    });
  }

  /** The user of an id; one registered elsewhere a moment ago is found after catching up; else 404. */
  private CompletableFuture<UserAccount> user(long userId, String id) {
    return visibility.find(() -> views.users().byId(userId), List.of(Topics.USER_EVENTS))
        .thenApply(user -> user.orElseThrow(() -> UserChanges.notFound(id)));
  }
}
