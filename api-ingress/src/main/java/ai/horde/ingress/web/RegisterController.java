package ai.horde.ingress.web;

import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.Failures;
import ai.horde.ingress.views.ApiKeys;
import ai.horde.ingress.web.RegisterPage.View;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The non-API HTML routes of registration (spec §1.0): {@code /register} (GET shows the form or the
 * logged-in user, POST registers, renames or resets the key), the reference's login links
 * {@code /github|discord|google/<return_to>} and {@code /finish_dance}. The OAuth2 flow itself is Micronaut
 * Security's ({@code /oauth/login/<provider>}, {@code /oauth/callback/<provider>}, {@code POST /logout}).
 *
 * <p>Known gap: {@code <return_to>} is ignored; a login always comes back to /register.
 */
@Hidden // HTML pages, not part of the API document
@Controller
final class RegisterController {
  private static final Logger LOG = LoggerFactory.getLogger(RegisterController.class);

  private final LoginProviders providers;
  private final Registrations registrations;
  private final ApiKeys keys;

  RegisterController(LoginProviders providers, Registrations registrations, ApiKeys keys) {
    this.providers = providers;
    this.registrations = registrations;
    this.keys = keys;
  }

  @Get(uri = "/register", produces = "text/html")
  CompletableFuture<MutableHttpResponse<String>> show(HttpRequest<?> request, @Nullable @QueryValue String login) {
    String loginError = "failed".equals(login) ? "The login did not succeed. Please try again." : null;
    Optional<Authentication> auth = request.getUserPrincipal(Authentication.class);
    if (auth.isEmpty()) {
      return CompletableFuture.completedFuture(page(HttpStatus.OK, anonymous(null, null, loginError, "")));
    }
    return handle(() -> loggedIn(auth.get()).thenApply(result -> page(HttpStatus.OK,
        loggedInView(request, result, null, loginError))), error -> anonymous(null, null, error, ""));
  }

  @Post(uri = "/register", consumes = "*/*", produces = "text/html")
  CompletableFuture<MutableHttpResponse<String>> submit(HttpRequest<?> request, @Nullable @Body String body) {
    Map<String, String> form = form(body);
    Optional<Authentication> auth = request.getUserPrincipal(Authentication.class);
    String username = RegisterPage.clean(form.get("username"));
    if (auth.isEmpty()) {
      Optional<String> invalid = RegisterPage.usernameError(username);
      if (invalid.isPresent()) {
        return CompletableFuture.completedFuture(page(HttpStatus.BAD_REQUEST,
            anonymous(null, null, invalid.get(), username)));
      }
      return handle(() -> registrations.pseudonymous(username).thenApply(result -> page(HttpStatus.OK,
          anonymous(result.user(), result.newKey(), null, ""))), error -> anonymous(null, null, error, username));
    }
    Authentication user = auth.get();
    if (!constantTimeEquals(csrf(request), form.get("csrf"))) {
      return handle(() -> loggedIn(user).thenApply(result -> page(HttpStatus.FORBIDDEN, loggedInView(request,
          result, null, "The form was out of date. Please try again."))), error -> anonymous(null, null, error, ""));
    }
    String action = form.getOrDefault("action", "");
    return handle(() -> loggedIn(user).thenCompose(result -> act(request, result, action, username)),
        error -> anonymous(null, null, error, ""));
  }

  /** A logged-in user's step: a new key or a new name. */
  private CompletableFuture<MutableHttpResponse<String>> act(HttpRequest<?> request, Registrations.Result result,
      String action, String username) {
    Function<String, View> showError = error -> loggedInView(request, result, null, error);
    if ("reset_key".equals(action)) {
      return handle(() -> registrations.resetKey(result.user()).thenApply(reset -> page(HttpStatus.OK,
          loggedInView(request, reset, "Your API key was reset: the old one no longer works.", null))), showError);
    }
    if ("rename".equals(action)) {
      Optional<String> invalid = RegisterPage.usernameError(username);
      if (invalid.isPresent()) {
        return CompletableFuture.completedFuture(page(HttpStatus.BAD_REQUEST, showError.apply(invalid.get())));
      }
      return handle(() -> registrations.rename(result.user(), username).thenApply(renamed -> page(HttpStatus.OK,
          loggedInView(request, renamed, "Your username is now " + username + ".", null))), showError);
    }
    return CompletableFuture.completedFuture(page(HttpStatus.BAD_REQUEST,
        showError.apply("Please use one of the buttons.")));
  }

  // The reference's login links and the end of its login dance.

  @Get("/github/{returnTo}")
  HttpResponse<?> github(@PathVariable String returnTo) {
    return loginRedirect("github");
  }

  @Get("/discord/{returnTo}")
  HttpResponse<?> discord(@PathVariable String returnTo) {
    return loginRedirect("discord");
  }

  @Get("/google/{returnTo}")
  HttpResponse<?> google(@PathVariable String returnTo) {
    return loginRedirect("google");
  }

  @Get("/finish_dance")
  HttpResponse<?> finishDance() {
    return found("/register");
  }

  private HttpResponse<?> loginRedirect(String provider) {
    boolean configured = providers.all().stream().anyMatch(p -> p.name().equals(provider));
    return configured ? found("/oauth/login/" + provider) : HttpResponse.notFound();
  }

  /** Flask's redirect: 302. */
  private static HttpResponse<?> found(String location) {
    return HttpResponse.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, location);
  }

  /** The logged-in user's account, created with the provider's name for them on their first visit. */
  private CompletableFuture<Registrations.Result> loggedIn(Authentication auth) {
    Object suggested = auth.getAttributes().get(LoginMappers.USERNAME);
    return registrations.login(auth.getName(),
        RegisterPage.suggestedUsername(suggested == null ? null : suggested.toString()));
  }

  private View loggedInView(HttpRequest<?> request, Registrations.Result result, @Nullable String notice,
      @Nullable String error) {
    return new View(providers.all(), result.user(), result.newKey() == null ? null : result.user(),
        result.newKey(), notice, error, result.user().getUsername(), csrf(request));
  }

  private View anonymous(@Nullable UserAccount registered, @Nullable String newKey, @Nullable String error,
      String username) {
    return new View(providers.all(), null, registered, newKey, null, error, username, null);
  }

  /** Runs a step; a refusal (raid mode, ...) or a failure shows {@code onError}'s page with the reason. */
  private static CompletableFuture<MutableHttpResponse<String>> handle(
      Supplier<CompletableFuture<MutableHttpResponse<String>>> step, Function<String, View> onError) {
    CompletableFuture<MutableHttpResponse<String>> started;
    try {
      started = step.get();
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    return started.exceptionally(failure -> {
      Throwable cause = Failures.cause(failure);
      if (cause instanceof ApiError e) {
        return page(HttpStatus.valueOf(e.status()), onError.apply(e.getMessage()));
      }
      if (cause instanceof TimeoutException) {
        return page(HttpStatus.SERVICE_UNAVAILABLE,
            onError.apply("The horde did not answer in time. Please try again."));
      }
      LOG.error("/register failed", cause);
      return page(HttpStatus.INTERNAL_SERVER_ERROR, onError.apply("Something went wrong. Please try again."));
    });
  }

  private static MutableHttpResponse<String> page(HttpStatus status, View view) {
    return HttpResponse.<String>status(status).contentType("text/html; charset=utf-8")
        .header("Cache-Control", "no-store").body(RegisterPage.render(view));
  }

  /**
   * The form token of a login session: a keyed hash of its cookie, which another site can neither read nor
   * compute, so it cannot post the form in the user's name (and a new login gives a new token).
   */
  private String csrf(HttpRequest<?> request) {
    String session = request.getCookies().findCookie(LoginProviders.COOKIE).map(Cookie::getValue).orElse("");
    return keys.hash("register-form:" + session);
  }

  private static boolean constantTimeEquals(String expected, @Nullable String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }

  /** An {@code application/x-www-form-urlencoded} body; what cannot be decoded is left out. */
  static Map<String, String> form(@Nullable String body) {
    Map<String, String> fields = new HashMap<>();
    if (body == null || body.isEmpty()) {
      return fields;
    }
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        fields.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformed) {
        // a broken %-escape: as if the field had not been sent
      }
    }
    return fields;
  }
}
