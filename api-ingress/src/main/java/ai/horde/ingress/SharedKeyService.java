package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.ChangeSharedKey;
import ai.horde.events.CreateSharedKey;
import ai.horde.events.DeleteSharedKey;
import ai.horde.events.SharedKeySettings;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Shared keys (spec §1.8 S1–S4): ingress makes the key (a fresh UUID), hands it out once in {@code id} and
 * sends only its hash; the registry decides (owner, count limit) and tells the owner's ledger account what
 * the key may spend. Answers once this instance shows the key and its kudos, so the key works at once here.
 *
 * <p>Known gap: if the ledger is slow to take the key's kudos, the answer goes after 5 s anyway and shows
 * the key as unlimited until it does.
 */
@Singleton
final class SharedKeyService {
  private static final String API_KEY_HELP = "User API key.";
  private static final Duration SHOWN = Duration.ofSeconds(5);

  private final AccountCommands registry;
  private final Identities identities;
  private final HordeViews views;

  SharedKeyService(AccountCommands registry, Identities identities, HordeViews views) {
    this.registry = registry;
    this.identities = identities;
    this.views = views;
  }

  CompletableFuture<MutableHttpResponse<String>> create(String body, String apiKey) {
    JsonNode json = body == null || body.isBlank() ? Responses.JSON.createObjectNode()
        : Bodies.parse(body, SharedKeyIntake.BODY);
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
    }
    SharedKeySettings settings = SharedKeyIntake.created(json);
    String keyId = UUID.randomUUID().toString();
    String hash = ApiKeys.hash(keyId);
    return identities.require(apiKey).thenCompose(owner -> {
      if (owner.getUserId() == Accounts.ANONYMOUS_ID) {
        throw HordeError.anonForbidden();
      }
      return registry.ask(owner, new CreateSharedKey(hash, settings))
          .thenCompose(answer -> kudosShown(owner, hash, settings.getKudosCenti()))
          .thenCompose(shown -> details(keyId));
    });
  }

  CompletableFuture<MutableHttpResponse<String>> get(String keyId) {
    return details(keyId);
  }

  CompletableFuture<MutableHttpResponse<String>> change(String keyId, String body, String apiKey) {
    JsonNode json = Bodies.parse(body, SharedKeyIntake.BODY);
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
    }
    return owned(keyId, apiKey).thenCompose(key -> {
      SharedKeySettings settings = SharedKeyIntake.changed(json);
      return registry.ask(key.owner(), new ChangeSharedKey(key.hash(), settings))
          .thenCompose(answer -> settings.getKudosCenti() == null ? CompletableFuture.completedFuture(true)
              : kudosShown(key.owner(), key.hash(), settings.getKudosCenti()))
          .thenCompose(shown -> details(key.id()));
    });
  }

  CompletableFuture<MutableHttpResponse<String>> delete(String keyId, String apiKey) {
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
    }
    return owned(keyId, apiKey).thenCompose(key -> registry.ask(key.owner(), new DeleteSharedKey(key.hash())))
        .thenApply(answer -> Responses.ok(Responses.JSON.createObjectNode().put("message", "OK")));
  }

  /** The key, which the requester must own: unknown → 401, another's → 403 {@code Forbidden}. */
  private CompletableFuture<Identities.SharedKey> owned(String keyId, String apiKey) {
    return identities.require(apiKey).thenCompose(requester -> find(keyId).thenApply(key -> {
      if (key.owner().getUserId() != requester.getUserId()) {
        throw new HordeError(403, "Forbidden", "This shared key does not belong to you.");
      }
      return key;
    }));
  }

  private CompletableFuture<Identities.SharedKey> find(String keyId) {
    return identities.sharedKey(keyId).thenApply(key -> key.orElseThrow(SharedKeyService::unknown));
  }

  static HordeError unknown() {
    return new HordeError(401, "InvalidAPIKey", "No user matching sent Shared Key.");
  }

  private CompletableFuture<MutableHttpResponse<String>> details(String keyId) {
    return find(keyId).thenApply(key -> Responses.ok(SharedKeyIntake.details(key.id(), key.state(),
        Accounts.alias(key.owner()), identities.usage(key))));
  }

  /** Until the owner's ledger account holds what the key may spend ({@code -100}: unlimited). */
  private CompletableFuture<Boolean> kudosShown(UserAccount owner, String hash, Long kudosCenti) {
    Long expected = kudosCenti == null || kudosCenti == SharedKeyIntake.UNLIMITED_CENTI ? null : kudosCenti;
    return views.until(() -> views.balance(Accounts.user(owner.getUserId()))
        .map(balance -> balance.getSharedKeys().get(hash))
        .map(usage -> Objects.equals(SharedKeyIntake.remainingCenti(usage), expected)).orElse(false),
        List.of(Topics.KUDOS_BALANCES), SHOWN);
  }
}
