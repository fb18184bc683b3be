package ai.horde.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountCommand;
import ai.horde.events.RegisterUser;
import ai.horde.events.UserCreated;
import ai.horde.events.UserEvent;
import ai.horde.events.UserRegistrationAnswer;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The HTML pages: the landing page's live counts, and pseudonymous registration with the registry scripted. */
@MicronautTest(transactional = false)
class WebFeatureTest extends FeatureTest {

  @Test
  void theLandingPageShowsTheLoadAndWhereToGo() {
    given.worker(given.user("landing", 0), "landing-worker", List.of("m/landing"));

    Answer page = api.get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<strong id=\"workers\">1</strong>").contains("href=\"/register\"")
        .contains("href=\"/api/\"").contains("<meta name=\"viewport\"").doesNotContain("<script");
  }

  @Test
  void aPseudonymousRegistrationShowsTheNewKeyOnce() {
    // Given a registry that creates the user with the key's hash it was sent
    deciders.answer(command -> {
      RegisterUser register = (RegisterUser) ((AccountCommand) command).getCommand();
      views.fold(Topics.USER_EVENTS, "77", new UserEvent(77L, clock.instant(), new UserCreated(register.getUsername(),
          register.getOauthId(), register.getApiKeyHash(), false, false, 30)), clock.millis());
      return new UserRegistrationAnswer(77L, register.getUsername() + "#77", true);
    });

    // When
    Answer page = api.send("POST", "/register", "username=carol", "Content-Type",
        "application/x-www-form-urlencoded");

    // Then the key shown is the one whose hash the registry got, marked for scripts to find
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    Matcher key = Pattern.compile("<span class=\"ah-api-key\"><code id=\"api-key\">([^<]+)</code></span>").matcher(page.body());
    assertThat(key.find()).isTrue();
    RegisterUser sent = (RegisterUser) deciders.written(Topics.ACCOUNT_COMMANDS).get(0).getCommand();
    assertThat(sent.getApiKeyHash()).isEqualTo(keys.hash(key.group(1)));
    assertThat(sent.getRefusedInRaid()).isTrue();
    assertThat(api.get("/api/v2/find_user", "apikey", key.group(1)).json().get("username").asText())
        .isEqualTo("carol#77");
  }
}
