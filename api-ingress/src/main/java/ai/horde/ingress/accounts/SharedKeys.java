package ai.horde.ingress.accounts;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountAnswer;
import ai.horde.events.ChangeSharedKey;
import ai.horde.events.CreateSharedKey;
import ai.horde.events.DeleteSharedKey;
import ai.horde.events.SharedKeySettings;
import ai.horde.events.UserAccount;
import ai.horde.ingress.accounts.SharedKeyBodies.SharedKeyDetails;
import ai.horde.ingress.accounts.SharedKeyBodies.SharedKeyInput;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.SimpleResponse;
import ai.horde.ingress.views.ApiKeys;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Effect;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.SharedKey;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Shared keys (spec §1.8 S1–S4): ingress makes the key (a fresh UUID), hands it out once in {@code id} and sends
 * only its hash; the registry decides (owner, count limit) and tells the owner's ledger account what the key may
 * spend. Answered once this instance shows the key and its kudos, so the key works at once here.
 *
 * <p>Known gap: if the ledger is slow to take the key's kudos, the answer goes at the command's deadline anyway
 * and shows the key as unlimited until it does.
 */
@Singleton
final class SharedKeys {
  static final String API_KEY_HELP = "User API key.";
  /** -1 kudos (unlimited) as the registry's centi-kudos. */
  private static final long UNLIMITED_CENTI = -100;
  private static final DateTimeFormatter RFC_822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '-0000'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Decisions decisions;
  private final Identities identities;
  private final HordeViews views;
  private final ApiKeys keys;

  SharedKeys(Decisions decisions, Identities identities, HordeViews views, ApiKeys keys) {
    this.decisions = decisions;
    this.identities = identities;
    this.views = views;
    this.keys = keys;
  }

  /** S1: the reference's defaults for what is not given. */
  CompletableFuture<SharedKeyDetails> create(SharedKeyInput input, String apiKey) {
    SharedKeySettings settings = new SharedKeySettings(input.name(),
        kudosCenti(input.kudos() == null ? 5000 : input.kudos()), or(input.expiry()), or(input.maxImagePixels()),
        or(input.maxImageSteps()), or(input.maxTextTokens()));
    String keyId = UUID.randomUUID().toString();
    String hash = keys.hash(keyId);
    return identities.require(apiKey).thenCompose(owner -> {
      if (owner.getUserId() == Accounts.ANONYMOUS_ID) {
        throw ApiError.anonForbidden();
      }
      return decisions.registry(owner, new CreateSharedKey(hash, settings), AccountAnswer.class,
          answer -> kudosShown(owner, hash, settings.getKudosCenti()));
    }).thenCompose(answer -> details(keyId));
  }

  CompletableFuture<SharedKeyDetails> get(String keyId) {
    return details(keyId);
  }

  /** S3: only what is given; nothing → 400 {@code NoSharedKeyModSelected}. */
  CompletableFuture<SharedKeyDetails> change(String keyId, SharedKeyInput input, String apiKey) {
    return owned(keyId, apiKey).thenCompose(key -> {
      SharedKeySettings settings = new SharedKeySettings(input.name(),
          input.kudos() == null ? null : kudosCenti(input.kudos()), input.expiry(), input.maxImagePixels(),
          input.maxImageSteps(), input.maxTextTokens());
      if (Objects.equals(settings, new SharedKeySettings(null, null, null, null, null, null))) {
        throw ApiError.badRequest("NoSharedKeyModSelected", "No shared key modification selected!");
      }
      return decisions.registry(key.owner(), new ChangeSharedKey(key.hash(), settings), AccountAnswer.class,
          answer -> settings.getKudosCenti() == null ? Effect.writtenTo(Decisions.REGISTRY_TOPICS)
              : kudosShown(key.owner(), key.hash(), settings.getKudosCenti()))
          .thenCompose(answer -> details(key.id()));
    });
  }

  CompletableFuture<SimpleResponse> delete(String keyId, String apiKey) {
    return owned(keyId, apiKey).thenCompose(key -> decisions.registry(key.owner(), new DeleteSharedKey(key.hash()),
        AccountAnswer.class)).thenApply(answer -> SimpleResponse.OK);
  }

  /** The key, which the requester must own: unknown → 401, another's → 403 {@code Forbidden}. */
  private CompletableFuture<SharedKey> owned(String keyId, String apiKey) {
    return identities.require(apiKey).thenCompose(requester -> find(keyId).thenApply(key -> {
      if (key.owner().getUserId() != requester.getUserId()) {
        throw new ApiError(403, "Forbidden", "This shared key does not belong to you.");
      }
      return key;
    }));
  }

  private CompletableFuture<SharedKey> find(String keyId) {
    return identities.sharedKey(keyId).thenApply(key -> key.orElseThrow(
        () -> new ApiError(401, "InvalidAPIKey", "No user matching sent Shared Key.")));
  }

  /** {@code SharedKeyDetails}: {@code kudos} is what is left (-1 unlimited), {@code utilized} what was spent. */
  private CompletableFuture<SharedKeyDetails> details(String keyId) {
    return find(keyId).thenApply(key -> {
      Long remaining = key.remainingCenti();
      Instant expires = key.state().getExpiresAt();
      return new SharedKeyDetails(key.id(), Accounts.alias(key.owner()), key.state().getName(),
          remaining == null ? -1 : remaining / 100, expires == null ? null : RFC_822.format(expires),
          key.usage() == null ? 0 : key.usage().getUtilizedCenti() / 100, key.state().getMaxImagePixels(),
          key.state().getMaxImageSteps(), key.state().getMaxTextTokens());
    });
  }

  /** The registry's writes, and the owner's ledger account holding what the key may spend (null: unlimited). */
  private Effect kudosShown(UserAccount owner, String hash, Long kudosCenti) {
    Long expected = kudosCenti == null || kudosCenti == UNLIMITED_CENTI ? null : kudosCenti;
    return Effect.writtenTo(Decisions.REGISTRY_TOPICS).and(Topics.KUDOS_BALANCES,
        () -> views.balance(Accounts.user(owner.getUserId()))
            .map(balance -> balance.getSharedKeys().get(hash))
            .map(usage -> Objects.equals(usage.getRemainingCenti(), expected)).orElse(false));
  }

  private static long kudosCenti(long kudos) {
    return kudos == -1 ? UNLIMITED_CENTI : kudos * 100;
  }

  private static int or(Integer value) {
    return value == null ? -1 : value;
  }
}
