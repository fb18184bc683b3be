package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.HordeProcess.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A horde without any OAuth2 provider configured (the default): security is off, /register offers the
 * pseudonymous registration only, and there are no login routes.
 */
class RegisterWithoutLoginSystemTest {
  @TempDir
  static Path data;
  static HordeProcess horde;
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of()).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder page(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + horde.httpPort + path));
  }

  @Test
  void onlyThePseudonymousRegistrationIsOffered() throws Exception {
    // Given no provider: the page has no login links, and the login routes do not exist
    HttpResponse<String> form = send(page("/register"));
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("action=\"/register\"").doesNotContain("/oauth/login/");
    HttpResponse<String> login = send(page("/oauth/login/oidc"));
    assertThat(login.statusCode()).isEqualTo(404);
    assertThat(login.body()).contains("\"rc\":\"NotFound\"");
    assertThat(send(page("/github/register")).statusCode()).isEqualTo(404);

    // When someone registers with a username
    HttpResponse<String> registered = send(page("/register")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=dora+the+pseudonym")));

    // Then the key shown works, for a pseudonymous user
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    Matcher key = Pattern.compile("<code id=\"api-key\">([^<]+)</code>").matcher(registered.body());
    assertThat(key.find()).isTrue();
    Response found = horde.get("/find_user", "apikey", key.group(1));
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    assertThat(found.json().get("username").asText()).startsWith("dora the pseudonym#");
    assertThat(found.json().get("pseudonymous").asBoolean()).isTrue();

    // And the API answers as always
    Response noKey = horde.get("/find_user");
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.json().get("rc").asText()).isEqualTo("InvalidAPIKey");
  }
}
