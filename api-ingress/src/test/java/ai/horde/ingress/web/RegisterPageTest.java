package ai.horde.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.events.UserAccount;
import ai.horde.ingress.web.RegisterPage.View;
import ai.horde.runtime.HordeEnv;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /register page's rules and rendering, and the configuration the login environment gives. */
class RegisterPageTest {
  private static final UserAccount MALLORY = UserAccount.newBuilder().setUserId(7)
      .setUsername("<script>alert('x')</script>").setOauthId("gh_1").setApiKeyHash("h").setConcurrency(30)
      .setCreatedAt(Instant.EPOCH).build();

  @Test
  void usernamesAreCleanedAndMustBeThreeToThirtyCharacters() {
    assertThat(RegisterPage.clean("  a\tb \n c\u0000 ")).isEqualTo("a b c");
    assertThat(RegisterPage.clean(null)).isEmpty();
    assertThat(RegisterPage.usernameError("")).hasValue("Please choose a username.");
    assertThat(RegisterPage.usernameError("ab")).hasValueSatisfying(e -> assertThat(e).contains("3 to 30"));
    assertThat(RegisterPage.usernameError("x".repeat(31))).isPresent();
    assertThat(RegisterPage.usernameError("abc")).isEmpty();
    assertThat(RegisterPage.usernameError("x".repeat(30))).isEmpty();
    // Characters, not UTF-16 units: 30 emoji fit
    assertThat(RegisterPage.usernameError("😀".repeat(30))).isEmpty();
  }

  @Test
  void aProfaneUsernameIsABadUsernameAndAProvidersProfaneNameGivesWayToTheDefault() {
    assertThat(RegisterPage.usernameError("big shit")).hasValueSatisfying(e -> assertThat(e).startsWith("Bad Username"));
    assertThat(RegisterPage.usernameError("Scunthorpe")).isEmpty();
    assertThat(RegisterPage.suggestedUsername("b00bs")).isEqualTo(RegisterPage.DEFAULT_USERNAME);
  }

  @Test
  void aProvidersNameForTheUserIsCutToFitOrReplaced() {
    assertThat(RegisterPage.suggestedUsername("octocat")).isEqualTo("octocat");
    assertThat(RegisterPage.suggestedUsername("y".repeat(40))).isEqualTo("y".repeat(30));
    assertThat(RegisterPage.suggestedUsername("😀".repeat(40))).isEqualTo("😀".repeat(30));
    assertThat(RegisterPage.suggestedUsername("x")).isEqualTo(RegisterPage.DEFAULT_USERNAME);
    assertThat(RegisterPage.suggestedUsername(null)).isEqualTo(RegisterPage.DEFAULT_USERNAME);
  }

  @Test
  void everyUserProvidedStringIsEscaped() {
    // Given a user whose name is markup, and a field holding markup
    View view = new View(List.of(), MALLORY, MALLORY, "k\"ey", null, "<img src=x>", "\"><script>", "c\"srf");

    // When the page is rendered
    String html = RegisterPage.render(view);

    // Then none of it is markup
    assertThat(html).doesNotContain("<script>").doesNotContain("<img").doesNotContain("k\"ey")
        .doesNotContain("c\"srf").doesNotContain("\"><script")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;#7")
        .contains("<span class=\"ah-api-key\"><code id=\"api-key\">k&quot;ey</code></span>")
        .contains("cannot be recovered");
  }

  @Test
  void theFormOffersOnlyTheConfiguredLogins() {
    View none = new View(List.of(), null, null, null, null, null, "", null);
    assertThat(RegisterPage.render(none)).doesNotContain("/oauth/login/").contains("action=\"/register\"");

    var github = LoginProviders.configured(HordeEnv.of(Map.of("HORDE_OAUTH_GITHUB_CLIENT_ID", "id",
        "HORDE_OAUTH_GITHUB_CLIENT_SECRET", "secret")));
    String page = RegisterPage.render(new View(github, null, null, null, null, null, "", null));
    assertThat(page).contains("<a href=\"/oauth/login/github\">Log in with GitHub</a>")
        .doesNotContain("/oauth/login/discord");
  }

  @Test
  void withoutProvidersSecurityIsOff() {
    assertThat(LoginProviders.properties(HordeEnv.of(Map.of())))
        .containsExactly(Map.entry("horde.login.providers", List.of()), Map.entry("micronaut.security.enabled", false));
    // A client id without its secret is not a provider
    assertThat(LoginProviders.configured(HordeEnv.of(Map.of("HORDE_OAUTH_DISCORD_CLIENT_ID", "id")))).isEmpty();
  }

  @Test
  void withAProviderEveryPathStaysOpenToAnonymousCallers() {
    // Given a generic OpenID provider and Discord
    Map<String, Object> properties = LoginProviders.properties(HordeEnv.of(Map.of(
        "HORDE_OAUTH_OIDC_ISSUER", "http://localhost:1/default", "HORDE_OAUTH_OIDC_CLIENT_ID", "horde",
        "HORDE_OAUTH_OIDC_CLIENT_SECRET", "s", "HORDE_OAUTH_DISCORD_CLIENT_ID", "d",
        "HORDE_OAUTH_DISCORD_CLIENT_SECRET", "ds")));

    // Then
    assertThat(properties).containsEntry("micronaut.security.enabled", true)
        .containsEntry("micronaut.security.intercept-url-map",
            List.of(Map.of("pattern", "/**", "access", List.of("isAnonymous()"))))
        .containsEntry("micronaut.security.reject-not-found", false)
        .containsEntry("micronaut.security.token.bearer.enabled", false)
        .containsEntry("micronaut.security.oauth2.clients.oidc.openid.issuer", "http://localhost:1/default")
        .containsEntry("micronaut.security.oauth2.clients.discord.client-id", "d")
        .containsEntry("micronaut.security.oauth2.clients.discord.token.url", "https://discord.com/api/oauth2/token")
        .doesNotContainKey("micronaut.security.oauth2.clients.github.client-id");
    assertThat(properties.get("micronaut.security.token.jwt.signatures.secret.generator.secret").toString())
        .hasSizeGreaterThanOrEqualTo(32);
    assertThat(LoginProviders.configured(HordeEnv.of(Map.of("HORDE_OAUTH_OIDC_ISSUER", "http://i",
        "HORDE_OAUTH_OIDC_CLIENT_ID", "c", "HORDE_OAUTH_OIDC_CLIENT_SECRET", "s"))).get(0).prefix())
        .isEqualTo("oidc_");
  }

  @Test
  void anOpenIdPrefixThatCouldNameAnotherProvidersAccountIsRefused() {
    for (String prefix : new String[] {"gh_", "g", "d_x"}) {
      assertThatThrownBy(() -> LoginProviders.configured(HordeEnv.of(Map.of("HORDE_OAUTH_OIDC_ISSUER", "http://i",
          "HORDE_OAUTH_OIDC_CLIENT_ID", "c", "HORDE_OAUTH_OIDC_CLIENT_SECRET", "s", "HORDE_OAUTH_OIDC_PREFIX", prefix))))
          .as(prefix).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aLoginIsNamedByTheProvidersPrefixAndId() {
    var github = LoginProviders.configured(HordeEnv.of(Map.of("HORDE_OAUTH_GITHUB_CLIENT_ID", "id",
        "HORDE_OAUTH_GITHUB_CLIENT_SECRET", "secret"))).get(0);
    var login = LoginMappers.identity(github, "583231", "octocat");
    assertThat(login.isAuthenticated()).isTrue();
    assertThat(login.getAuthentication().orElseThrow().getName()).isEqualTo("gh_583231");
    assertThat(login.getAuthentication().orElseThrow().getAttributes())
        .containsEntry(LoginMappers.USERNAME, "octocat");
  }

  @Test
  void aFormBodyIsReadAndWhatCannotBeDecodedIsLeftOut() {
    assertThat(RegisterController.form("username=a+b%21&action=rename&username=second&bad=%zz&flag"))
        .containsEntry("username", "a b!").containsEntry("action", "rename").containsEntry("flag", "")
        .doesNotContainKey("bad");
    assertThat(RegisterController.form(null)).isEmpty();
  }
}
