package ai.horde.ingress.accounts;

import ai.horde.accounts.Accounts;
import ai.horde.events.RegisterUser;
import ai.horde.events.UserRegistrationAnswer;
import ai.horde.ingress.HordeSettings;
import ai.horde.ingress.accounts.UserBodies.TestUser;
import ai.horde.ingress.accounts.UserBodies.TestUserInput;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.views.ApiKeys;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Effect;
import ai.horde.ingress.views.HordeViews;
import ai.horde.topics.Topics;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v2/dev/test-user} (spec §0.12): mints or refreshes a user with kudos, for tests and harnesses.
 * It exists only when {@code HORDE_TEST_APIKEYS} is on, and only for callers on this machine. It answers once the
 * new key and balance are visible to this instance, so the key works at once.
 */
@Singleton
final class TestUsers {
  private static final Set<String> ON = Set.of("1", "true", "yes", "on");
  private static final long DEFAULT_KUDOS = 10_000;
  /** A page served from this machine: localhost or a loopback address, any scheme and port. */
  private static final Pattern LOCAL_ORIGIN = Pattern.compile(
      "https?://(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?", Pattern.CASE_INSENSITIVE);

  private final Decisions decisions;
  private final HordeViews views;
  private final ApiKeys keys;
  private final boolean enabled;

  TestUsers(Decisions decisions, HordeViews views, ApiKeys keys, HordeSettings settings) {
    this.decisions = decisions;
    this.views = views;
    this.keys = keys;
    this.enabled = settings.testApiKeys() != null && ON.contains(settings.testApiKeys().toLowerCase(Locale.ROOT));
  }

  /**
   * 404 while the route is off, 403 for a caller that is not on this machine: another machine, or a page of
   * another site (or a file's or a sandbox's, {@code Origin: null}) in a browser here. Every origin may call the
   * API (docs/decisions/0009), so the browser's Origin is the only thing that tells such a page from a script.
   */
  void check(InetSocketAddress peer, @Nullable String origin) {
    if (!enabled) {
      throw new ApiError(404, "NotFound", "Not Found");
    }
    boolean fromHere = peer != null && peer.getAddress().isLoopbackAddress();
    boolean foreignPage = origin != null && !LOCAL_ORIGIN.matcher(origin).matches();
    if (!fromHere || foreignPage) {
      throw new ApiError(403, "Forbidden", "This route is only available from the local machine.");
    }
  }

  /**
   * @param kudosGiven whether the body has {@code kudos}: left out it is 10000; {@code null} leaves the balance
   */
  CompletableFuture<HttpResponse<TestUser>> create(TestUserInput input, boolean kudosGiven) {
    Long kudos = kudosGiven ? input.kudos() : Long.valueOf(DEFAULT_KUDOS);
    String username = input.username() == null ? "test_user" : input.username();
    boolean moderator = input.moderator() == null || input.moderator();
    boolean trusted = input.trusted() == null || input.trusted();
    String apiKey = ApiKeys.generate();
    String hash = keys.hash(apiKey);
    RegisterUser register = RegisterUser.newBuilder().setUsername(username)
        .setOauthId(input.oauthId() == null ? "ci_test_user" : input.oauthId()).setApiKeyHash(hash)
        .setModerator(moderator).setTrusted(trusted).setKudosCenti(kudos == null ? null : kudos * 100).build();
    return decisions.registry(null, register, UserRegistrationAnswer.class, answer -> {
      String account = Accounts.user(answer.getUserId());
      // The key is the registry's write; the balance the ledger's, a step later.
      return Effect.writtenTo(Topics.USER_EVENTS).and(Topics.KUDOS_BALANCES,
          () -> views.users().byKeyHash(hash).isPresent()
              && (kudos == null || views.balanceCenti(account) == kudos * 100));
    }).thenApply(answer -> {
      if (views.users().byKeyHash(hash).isEmpty()) {
        throw new CompletionException(new TimeoutException());
      }
      return HttpResponse.status(answer.getCreated() ? HttpStatus.CREATED : HttpStatus.OK).body(new TestUser(apiKey,
          answer.getUserId(), username, answer.getUsername(),
          views.balanceCenti(Accounts.user(answer.getUserId())) / 100.0, trusted, moderator, answer.getCreated()));
    });
  }
}
