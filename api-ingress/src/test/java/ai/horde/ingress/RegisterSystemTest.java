package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration over real HTTP against the whole horde (spec §1.0 /register, §3.12 pseudonymous): the
 * OAuth2 authorization-code login against a real OpenID provider (mock-oauth2-server, in this JVM) with a
 * browser-like client that keeps cookies and does not follow redirects, the pseudonymous form, and the API
 * answering as before with the security filter on.
 */
class RegisterSystemTest {
  private static final String CLIENT_ID = "horde-register-test";
  private static final String ISSUER_ID = "default";
  private static final Pattern API_KEY = Pattern.compile("<code id=\"api-key\">([^<]+)</code>");
  private static final Pattern USER_ID = Pattern.compile("<span id=\"user-id\">(\\d+)</span>");
  private static final Pattern LOGGED_IN = Pattern.compile(
      "<strong id=\"logged-in\">([^<]*)</strong> \\(user <span id=\"logged-in-id\">(\\d+)</span>\\)");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @TempDir
  static Path data;
  static MockOAuth2Server provider;
  static HordeProcess horde;

  @BeforeAll
  static void start() throws Exception {
    provider = new MockOAuth2Server();
    provider.start();
    horde = new HordeProcess(data, Map.of(
        "HORDE_OAUTH_OIDC_ISSUER", provider.issuerUrl(ISSUER_ID).toString(),
        "HORDE_OAUTH_OIDC_CLIENT_ID", CLIENT_ID,
        "HORDE_OAUTH_OIDC_CLIENT_SECRET", "not-a-real-secret",
        "HORDE_OAUTH_OIDC_PREFIX", "test_")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
    if (provider != null) {
      provider.shutdown();
    }
  }

  // A browser: cookies kept, redirects not followed.

  private static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(HttpClient browser, String path, Map<String, String> form,
      String... headers) throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(site(path))).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-www-form-urlencoded");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return browser.send(request.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String site(String path) {
    return "http://localhost:" + horde.httpPort + path;
  }

  private static String location(HttpResponse<String> response) {
    return response.headers().firstValue("Location").orElseThrow();
  }

  private static String group(Pattern pattern, String page, int group) {
    Matcher matcher = pattern.matcher(page);
    assertThat(matcher.find()).as("%s in\n%s", pattern, page).isTrue();
    return matcher.group(group);
  }

  /** The whole login dance; the provider says the user is {@code subject}, preferred name {@code name}. */
  private static HttpResponse<String> logIn(HttpClient browser, String subject, String name) throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID),
        Map.of("preferred_username", name)));
    HttpResponse<String> login = get(browser, site("/oauth/login/oidc"));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
    assertThat(location(login)).startsWith(provider.authorizationEndpointUrl(ISSUER_ID).toString());

    HttpResponse<String> authorized = get(browser, location(login));
    assertThat(authorized.statusCode()).isEqualTo(302);
    assertThat(location(authorized)).startsWith(site("/oauth/callback/oidc")).contains("code=");

    HttpResponse<String> callback = get(browser, location(authorized));
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
    assertThat(callback.headers().allValues("Set-Cookie")).anyMatch(cookie -> cookie.startsWith("JWT="));
    assertThat(location(callback)).endsWith("/register");

    HttpResponse<String> page = get(browser, site("/register"));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    return page;
  }

  private static Response findUser(String key) throws Exception {
    return horde.get("/find_user", "apikey", key);
  }

  @Test
  void anOAuthLoginCreatesTheAccountOnceAndLetsItsOwnerManageIt() throws Exception {
    // Given a browser without a session: the page offers the login
    HttpClient browser = browser();
    HttpResponse<String> first = get(browser, site("/register"));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("href=\"/oauth/login/oidc\"").doesNotContain("api-key");

    // When the user logs in for the first time (with a name that is HTML)
    String page = logIn(browser, "alice-subject", "Alice <b>").body();

    // Then the account exists under the provider's name, escaped, and its key is shown once
    String key = group(API_KEY, page, 1);
    long userId = Long.parseLong(group(LOGGED_IN, page, 2));
    assertThat(group(LOGGED_IN, page, 1)).isEqualTo("Alice &lt;b&gt;#" + userId);
    assertThat(page).doesNotContain("<b>").contains("cannot be recovered");
    Response found = findUser(key);
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    assertThat(found.json().get("id").asLong()).isEqualTo(userId);
    assertThat(found.json().get("username").asText()).isEqualTo("Alice <b>#" + userId);
    assertThat(found.json().get("pseudonymous").asBoolean()).isFalse();
    assertThat(get(browser, site("/register")).body()).as("the key is shown once").doesNotContain("api-key");

    // When the same person logs in again, in another browser
    HttpClient again = browser();
    String returning = logIn(again, "alice-subject", "Someone Else").body();

    // Then it is the same user, and no key was issued
    assertThat(Long.parseLong(group(LOGGED_IN, returning, 2))).isEqualTo(userId);
    assertThat(returning).doesNotContain("api-key");
    assertThat(findUser(key).status()).as("the key still works").isEqualTo(200);

    // When the key is reset
    HttpResponse<String> reset = post(again, "/register",
        Map.of("action", "reset_key", "csrf", group(CSRF, returning, 1)));

    // Then the new key works and the old one no longer does
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
    String newKey = group(API_KEY, reset.body(), 1);
    assertThat(newKey).isNotEqualTo(key);
    assertThat(findUser(newKey).json().get("id").asLong()).isEqualTo(userId);
    Response oldKey = horde.post("/kudos/transfer", "{\"username\":\"Anonymous#0\",\"amount\":1}", "apikey", key);
    assertThat(oldKey.status()).as(oldKey.body()).isEqualTo(401);
    assertThat(oldKey.json().get("rc").asText()).isEqualTo("InvalidAPIKey");
    assertThat(findUser(key).status()).isNotEqualTo(200);

    // When another site posts the form without its token (here even with the login cookie, which a browser
    // sends from the same site only: it is SameSite=Lax), nothing changes: /register's own check refuses it.
    // (Micronaut's drive-by-localhost guard, which refused such a request before, is off: decision 0009.)
    HttpResponse<String> forged = post(again, "/register", Map.of("action", "reset_key"),
        "Origin", "https://evil.example");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("The form was out of date").doesNotContain("api-key");
    assertThat(findUser(newKey).status()).isEqualTo(200);

    // When the username is changed: too short first, then properly
    String csrf = group(CSRF, reset.body(), 1);
    HttpResponse<String> tooShort = post(again, "/register", Map.of("action", "rename", "csrf", csrf,
        "username", "ab"));
    assertThat(tooShort.statusCode()).isEqualTo(400);
    assertThat(tooShort.body()).contains("3 to 30 characters");
    HttpResponse<String> renamed = post(again, "/register", Map.of("action", "rename", "csrf", csrf,
        "username", "Alice Renamed"));

    // Then the key finds the user under the new name
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    assertThat(group(LOGGED_IN, renamed.body(), 1)).isEqualTo("Alice Renamed#" + userId);
    assertThat(findUser(newKey).json().get("username").asText()).isEqualTo("Alice Renamed#" + userId);
  }

  @Test
  void aPseudonymousRegistrationShowsAWorkingKeyOnce() throws Exception {
    // Given a browser that is not logged in
    HttpClient browser = browser();

    // When it registers with a username only (one that is HTML)
    HttpResponse<String> registered = post(browser, "/register", Map.of("username", "  <i>Bob</i>  "));

    // Then the page shows the new key and the escaped alias, and the key is a pseudonymous user's
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    String key = group(API_KEY, registered.body(), 1);
    long userId = Long.parseLong(group(USER_ID, registered.body(), 1));
    assertThat(registered.body()).contains("&lt;i&gt;Bob&lt;/i&gt;#" + userId).doesNotContain("<i>Bob");
    assertThat(registered.headers().firstValue("Cache-Control")).hasValue("no-store");
    Response found = findUser(key);
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    assertThat(found.json().get("id").asLong()).isEqualTo(userId);
    assertThat(found.json().get("username").asText()).isEqualTo("<i>Bob</i>#" + userId);
    assertThat(found.json().get("pseudonymous").asBoolean()).isTrue();
  }

  @Test
  void raidModeRefusesPseudonymousRegistrationsOnly() throws Exception {
    // Given a moderator who puts the horde in raid mode
    String moderator = horde.post("/dev/test-user",
        "{\"username\":\"raid-mod\",\"oauth_id\":\"raid-mod\",\"moderator\":true,\"kudos\":0}").json()
        .get("api_key").asText();
    try {
      Response raid = horde.send(horde.request("/status/modes", "apikey", moderator,
          "Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"raid\":true}")).build());
      assertThat(raid.status()).as(raid.body()).isEqualTo(200);

      // When someone registers without logging in, then it is refused, on the form
      HttpResponse<String> refused = post(browser(), "/register", Map.of("username", "raider"));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("raid mode").contains("<form").doesNotContain("api-key");

      // When someone logs in for the first time, then the account is created all the same
      String page = logIn(browser(), "raid-time-subject", "Raid Time").body();
      assertThat(group(API_KEY, page, 1)).isNotBlank();
    } finally {
      horde.send(horde.request("/status/modes", "apikey", moderator, "Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"raid\":false}")).build());
    }
  }

  @Test
  void badUsernamesGetTheFormAgainWithTheReason() throws Exception {
    HttpClient browser = browser();
    for (String username : new String[] {"", "ab", "x".repeat(31)}) {
      HttpResponse<String> refused = post(browser, "/register", Map.of("username", username));
      assertThat(refused.statusCode()).as(username).isEqualTo(400);
      assertThat(refused.body()).contains("id=\"error\"").contains("<form").doesNotContain("api-key");
    }
    HttpResponse<String> noBody = browser.send(HttpRequest.newBuilder(URI.create(site("/register")))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"x\":%}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(noBody.statusCode()).isEqualTo(400);
    assertThat(noBody.body()).contains("Please choose a username.");
  }

  @Test
  void theApiAnswersAsBeforeWithTheSecurityFilterOn() throws Exception {
    // A missing key is the horde's own 401, not the security filter's
    Response noKey = horde.get("/find_user");
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.json()).isEqualTo(HordeProcess.JSON.readTree("{\"message\":\"No user matching sent API Key. "
        + "Have you remembered to register at https://aihorde.net/register ?\",\"rc\":\"InvalidAPIKey\"}"));
    // An Authorization header of an API client is not a login
    Response anonymous = horde.get("/find_user", "apikey", HordeProcess.ANONYMOUS, "Authorization", "Bearer nonsense");
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.json().get("id").asLong()).isZero();
    // Unknown routes are still the horde's 404, preflights still answered with the CORS headers
    Response unknown = horde.get("/no/such/route");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("rc").asText()).isEqualTo("NotFound");
    Response preflight = horde.send(horde.request("/generate/text/async")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(preflight.status()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    Response heartbeat = horde.get("/status/heartbeat");
    assertThat(heartbeat.status()).isEqualTo(200);
    // The reference's login links lead to the login of a configured provider only
    HttpClient browser = browser();
    assertThat(get(browser, site("/github/register")).statusCode()).isEqualTo(404);
    HttpResponse<String> dance = get(browser, site("/finish_dance"));
    assertThat(dance.statusCode()).isEqualTo(302);
    assertThat(location(dance)).endsWith("/register");
  }

  @Test
  void anAccountCreatedThroughTheApiBootstrapIsNotALogin() throws Exception {
    // Given a user with the oauth_id an OIDC login would have, created through the test route
    JsonNode existing = horde.post("/dev/test-user",
        "{\"username\":\"carol\",\"oauth_id\":\"test_carol-subject\",\"kudos\":0}").json();

    // When that person logs in
    String page = logIn(browser(), "carol-subject", "Carol").body();

    // Then it is that account, with its key left alone
    assertThat(Long.parseLong(group(LOGGED_IN, page, 2))).isEqualTo(existing.get("user_id").asLong());
    assertThat(page).doesNotContain("api-key");
    assertThat(findUser(existing.get("api_key").asText()).status()).isEqualTo(200);
  }
}
