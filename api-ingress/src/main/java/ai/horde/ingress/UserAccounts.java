package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountBalance;
import ai.horde.events.DeleteUser;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Users (spec §1.5 U1–U5): their details at the requester's level, and their changes and deletion, which the
 * registry decides. A change is answered once this instance shows it (and, for an admin's kudos, once the
 * ledger booked them), so that a read right after sees it.
 *
 * <p>{@code GET /users} pages and orders the users in PostgreSQL (the accounts read model) and renders each from
 * this instance's views, like every other user read; a user the read model has and the views not yet is left
 * out of its page.
 */
@Singleton
final class UserAccounts {
  private static final String API_KEY_HELP = "The Admin API key.";
  private static final int PAGE_SIZE = 25;
  private static final int MAX_PAGE = 10_000;
  private static final Duration KUDOS_SHOWN = Duration.ofSeconds(5);

  private final AccountCommands registry;
  private final Identities identities;
  private final HordeViews views;
  private final UserDetails details;
  private final UserRecords records;

  UserAccounts(AccountCommands registry, Identities identities, HordeViews views, UserDetails details,
      UserRecords records) {
    this.registry = registry;
    this.identities = identities;
    this.views = views;
    this.details = details;
    this.records = records;
  }

  /** U2: level 2 for a moderator's key, 1 for the user's own, else 0; an invalid key is 401. */
  CompletableFuture<MutableHttpResponse<String>> get(String id, String apiKey) {
    long userId = UserChanges.userId(id);
    return user(userId, id).thenCompose(user -> {
      CompletableFuture<Integer> level = apiKey == null || apiKey.isEmpty()
          ? CompletableFuture.completedFuture(UserDetails.PUBLIC)
          : identities.require(apiKey).thenApply(requester -> UserDetails.level(user, requester));
      return level.thenCombine(records.of(userId),
          (shown, text) -> Responses.ok(details.render(user, shown, text)));
    });
  }

  /** U1: 25 users a page, level 0, wiped users left out. */
  CompletableFuture<MutableHttpResponse<String>> list(String pageParam, String sortParam) {
    int page = page(pageParam);
    ArrayNode body = Responses.JSON.createArrayNode();
    if (page > MAX_PAGE) {
      return CompletableFuture.completedFuture(Responses.ok(body));
    }
    return records.page("age".equals(sortParam), (page - 1) * PAGE_SIZE, PAGE_SIZE).thenApply(ranked -> {
      for (UserRecords.Ranked row : ranked) {
        views.users.byId(row.userId())
            .ifPresent(user -> body.add(details.render(user, UserDetails.PUBLIC, row.records())));
      }
      return Responses.ok(body);
    });
  }

  private static int page(String value) {
    if (value == null || value.isEmpty()) {
      return 1;
    }
    try {
      // Python's int has no overflow: any page past the last is empty, any before the first is the first.
      BigInteger page = new BigInteger(value.strip());
      if (page.compareTo(BigInteger.valueOf(MAX_PAGE)) > 0) {
        return MAX_PAGE + 1;
      }
      return page.signum() > 0 ? page.intValue() : 1;
    } catch (NumberFormatException e) {
      throw new InvalidPayload(Map.of("page", "invalid literal for int() with base 10: " + PyRepr.ofString(value)));
    }
  }

  /** U5: the key's user at level 1, or a shared key's owner at level 0 with the key named after it. */
  CompletableFuture<MutableHttpResponse<String>> findUser(String apiKey) {
    if (apiKey == null) {
      throw HordeError.invalidApiKey();
    }
    return identities.sharedKey(apiKey).thenCompose(shared -> {
      if (shared.isPresent()) {
        Identities.SharedKey key = shared.get();
        switch (SharedKeyIntake.validity(key.state(), identities.usage(key), java.time.Instant.now())) {
          case EXPIRED -> throw SharedKeyIntake.expired();
          case EMPTY -> throw SharedKeyIntake.empty();
          default -> { }
        }
        ObjectNode body = details.render(key.owner(), UserDetails.PUBLIC);
        String name = key.state().getName();
        body.put("username", Accounts.alias(key.owner())
            + (name == null || name.isEmpty() ? " (Shared Key)" : " (Shared Key: " + name + ")"));
        return CompletableFuture.completedFuture(Responses.ok(body));
      }
      return identities.find(apiKey).thenCompose(found -> {
        UserAccount user = found.orElseThrow(
            () -> new HordeError(404, "UserNotFound", "User with api_key '" + apiKey + "' not found."));
        return records.of(user.getUserId())
            .thenApply(text -> Responses.ok(details.render(user, UserDetails.OWNER, text)));
      });
    });
  }

  /** U3: the registry decides each field's permission; the answer echoes the values after the change. */
  CompletableFuture<MutableHttpResponse<String>> change(String id, String body, String apiKey) {
    JsonNode json = Bodies.parse(body, UserChanges.BODY);
    long userId = UserChanges.userId(id);
    return user(userId, id).thenCompose(user -> {
      if (apiKey == null) {
        throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
      }
      return identities.require(apiKey).thenCompose(requester -> {
        boolean mayRename = requester.getModerator() || requester.getUserId() == userId;
        UserChanges.Change change = UserChanges.parse(userId, json, mayRename, ApiKeys::generate);
        String account = Accounts.user(userId);
        Optional<String> postingBefore = views.balance(account).map(AccountBalance::getLastPostingId);
        Long kudosCenti = change.command().getAdminKudosCenti();
        return registry.ask(requester, change.command())
            .thenCompose(answer -> kudosCenti == null ? CompletableFuture.completedFuture(true)
                // The ledger books an admin's kudos after the registry's answer: wait for its next posting.
                : views.until(() -> !Objects.equals(postingBefore,
                    views.balance(account).map(AccountBalance::getLastPostingId)),
                    List.of(Topics.KUDOS_BALANCES), KUDOS_SHOWN))
            .thenApply(shown -> {
              UserAccount after = views.users.byId(userId).orElse(user);
              Double kudos = kudosCenti == null ? null : views.balanceCenti(account) / 100.0;
              return Responses.ok(UserChanges.response(change, after, kudos));
            });
      });
    });
  }

  /** U4: the registry decides (self or mod, never a mod, wipe after 30 days); a missing key is 401. */
  CompletableFuture<MutableHttpResponse<String>> delete(String id, String apiKey) {
    long userId = UserChanges.userId(id);
    return user(userId, id).thenCompose(user -> {
      if (apiKey == null) {
        throw HordeError.invalidApiKey();
      }
      return identities.require(apiKey).thenCompose(requester -> registry.ask(requester, new DeleteUser(userId)))
          .thenApply(answer -> Responses.ok(Responses.JSON.createObjectNode().put("message", "OK")));
    });
  }

  /** The user of an id; one registered elsewhere a moment ago is found after catching up; else 404. */
  private CompletableFuture<UserAccount> user(long userId, String id) {
    return views.find(() -> views.users.byId(userId), List.of(Topics.USER_EVENTS))
        .thenApply(user -> user.orElseThrow(() -> UserChanges.notFound(id)));
  }
}
