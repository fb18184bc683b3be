package ai.horde.ingress.web;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.Profanity;
import ai.horde.ingress.web.LoginProviders.Provider;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Optional;

/**
 * The /register page (spec §1.0), server-rendered: pure functions from what happened to HTML, and the rules
 * for usernames. Every string that came from a user or a provider is escaped.
 *
 * <p>Known gaps: no reCAPTCHA and no IP-ban check, which the reference has.
 */
final class RegisterPage {
  static final int MIN_USERNAME = 3;
  static final int MAX_USERNAME = 30;
  /** A provider's name for a user that cannot be used as it is (too short) gives way to this. */
  static final String DEFAULT_USERNAME = "Horde user";

  private static final String STYLE = ".error { color: #a00; font-weight: bold; }\n.notice { color: #060; }\n"
      + ".key { border: 2px solid #c80; padding: 0.5em 1em; background: #fff8e8; }\n"
      + "code { font-size: 1.2em; user-select: all; }\nform { margin: 1em 0; }\n";

  private RegisterPage() {}

  /**
   * What the page shows.
   *
   * @param providers the login links
   * @param loggedIn the user of the login cookie, null when nobody is logged in
   * @param registered the user just registered (pseudonymously) or whose key was just issued, or null
   * @param newKey the key just issued, shown this once, or null
   * @param notice what was just done ("Your username is now ..."), or null
   * @param error why the last step failed, or null
   * @param username what the username field holds
   * @param csrf the form token of the logged-in user, or null
   */
  record View(List<Provider> providers, @Nullable UserAccount loggedIn, @Nullable UserAccount registered,
      @Nullable String newKey, @Nullable String notice, @Nullable String error, String username,
      @Nullable String csrf) {}

  /** A username as it is kept: control characters dropped, runs of white space as one space, trimmed. */
  static String clean(@Nullable String raw) {
    if (raw == null) {
      return "";
    }
    return raw.replaceAll("[\\p{Cntrl}&&[^\\s]]", "").replaceAll("\\s+", " ").strip();
  }

  /** Why a (cleaned) username cannot be used, or empty when it can. */
  static Optional<String> usernameError(String username) {
    int length = username.codePointCount(0, username.length());
    if (length == 0) {
      return Optional.of("Please choose a username.");
    }
    if (length < MIN_USERNAME || length > MAX_USERNAME) {
      return Optional.of("A username is " + MIN_USERNAME + " to " + MAX_USERNAME + " characters long.");
    }
    if (Profanity.isProfane(username)) {
      // The reference's page for it is titled "Bad Username".
      return Optional.of("Bad Username: as our API is public, we do not allow profanity in the username.");
    }
    return Optional.empty();
  }

  /** A new account's username from the provider's name for the user: cut to fit, or the default. */
  static String suggestedUsername(@Nullable String providerName) {
    String name = clean(providerName);
    if (name.codePointCount(0, name.length()) > MAX_USERNAME) {
      name = name.substring(0, name.offsetByCodePoints(0, MAX_USERNAME)).strip();
    }
    return usernameError(name).isPresent() ? DEFAULT_USERNAME : name;
  }

  static String render(View view) {
    StringBuilder html = new StringBuilder(4096).append("<h1>Join the AI Horde!</h1>\n");
    if (view.error() != null) {
      html.append("<p class=\"error\" id=\"error\">").append(Html.escape(view.error())).append("</p>\n");
    }
    if (view.notice() != null) {
      html.append("<p class=\"notice\" id=\"notice\">").append(Html.escape(view.notice())).append("</p>\n");
    }
    if (view.registered() != null && view.newKey() != null) {
      newKey(html, view.registered(), view.newKey());
    }
    if (view.loggedIn() != null) {
      loggedIn(html, view);
    } else {
      anonymous(html, view);
    }
    return Html.page("Join the AI Horde!", STYLE, html.toString());
  }

  private static void newKey(StringBuilder html, UserAccount user, String key) {
    html.append("<div class=\"key\">\n<p>The API key of <span id=\"alias\">").append(Html.escape(Accounts.alias(user)))
        .append("</span> (user <span id=\"user-id\">").append(user.getUserId()).append("</span>) is</p>\n")
        // The reference marks the key with this class; scripts (its load suite) scrape the element's text.
        .append("<p><span class=\"ah-api-key\"><code id=\"api-key\">").append(Html.escape(key))
        .append("</code></span></p>\n")
        .append("<p><strong>Store it somewhere safe now: it is shown only this once and cannot be recovered."
            + "</strong> The horde keeps only a hash of it. If you lose it, log in again and reset it"
            + " (a pseudonymous account cannot get a new key).</p>\n</div>\n");
  }

  private static void loggedIn(StringBuilder html, View view) {
    UserAccount user = view.loggedIn();
    html.append("<p>Welcome back <strong id=\"logged-in\">").append(Html.escape(Accounts.alias(user)))
        .append("</strong> (user <span id=\"logged-in-id\">").append(user.getUserId()).append("</span>).</p>\n");
    String csrf = "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.escape(view.csrf()) + "\">\n";
    html.append("<form method=\"post\" action=\"/register\">\n")
        .append("<input type=\"hidden\" name=\"action\" value=\"rename\">\n").append(csrf)
        .append("<label>Username <input name=\"username\" value=\"").append(Html.escape(view.username()))
        .append("\" minlength=\"").append(MIN_USERNAME).append("\" maxlength=\"").append(MAX_USERNAME)
        .append("\" required></label>\n<button type=\"submit\">Change username</button>\n</form>\n")
        .append("<form method=\"post\" action=\"/register\">\n")
        .append("<input type=\"hidden\" name=\"action\" value=\"reset_key\">\n").append(csrf)
        .append("<button type=\"submit\">Reset my API key</button> The old key stops working at once.\n</form>\n")
        .append("<form method=\"post\" action=\"/logout\">\n<button type=\"submit\">Log out</button>\n</form>\n");
  }

  private static void anonymous(StringBuilder html, View view) {
    if (!view.providers().isEmpty()) {
      html.append("<p>Log in to register an account or to manage yours:</p>\n<ul>\n");
      for (Provider provider : view.providers()) {
        html.append("<li><a href=\"/oauth/login/").append(Html.escape(provider.name())).append("\">Log in with ")
            .append(Html.escape(provider.label())).append("</a></li>\n");
      }
      html.append("</ul>\n<p>Or register without logging in:</p>\n");
    }
    html.append("<form method=\"post\" action=\"/register\">\n")
        .append("<label>Username <input name=\"username\" value=\"").append(Html.escape(view.username()))
        .append("\" minlength=\"").append(MIN_USERNAME).append("\" maxlength=\"").append(MAX_USERNAME)
        .append("\" required></label>\n<button type=\"submit\">Register</button>\n</form>\n")
        .append("<p>An account registered without logging in is pseudonymous: it starts with a lower kudos"
            + " minimum, and its key cannot be reset.</p>\n");
  }
}
