package ai.horde.ingress.web;

import ai.horde.ingress.views.ApiKeys;
import ai.horde.runtime.HordeEnv;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth2 providers /register offers, configured only by the environment (read once, before the context
 * starts, by {@link LoginConfigurer}): GitHub, Discord and Google
 * (plain OAuth2 with their profile endpoints, as the reference does: {@code gh_<id>}, {@code d_<id>},
 * {@code g_<id>}) and one generic OpenID provider (discovered from its issuer; its users' oauth_id is
 * {@code <HORDE_OAUTH_OIDC_PREFIX><sub>}). A provider is on when its client id and secret are both set.
 *
 * <p>With none configured, Micronaut Security is switched off altogether and the API runs exactly as without
 * it. With one or more, the security filter runs on every request, but every path is open to anonymous
 * callers: the login (a signed JWT in a cookie) only names the user to /register.
 *
 * <p>Known gaps: the redirect URI sent to a provider is built from the request's Host header (behind a proxy,
 * Micronaut's {@code micronaut.server.host-resolution} must be set); the OpenID provider's discovery document
 * is fetched when the service starts, so an unreachable issuer stops ingress from starting.
 */
@Singleton
final class LoginProviders {
  /** The name of the OAuth2 client of the generic OpenID provider. */
  static final String OIDC = "oidc";

  /**
   * One provider.
   *
   * @param name the client's name: {@code /oauth/login/<name>}
   * @param label what the login link says
   * @param prefix what the user's oauth_id starts with
   * @param profileUrl where the user's id and name are read with the access token (null: from the id token)
   * @param nameField the profile's field with the user's name
   */
  /** The login cookie's name. */
  static final String COOKIE = "JWT";
  private static final Logger LOG = LoggerFactory.getLogger(LoginProviders.class);

  record Provider(String name, String label, String prefix, String authorizationUrl, String tokenUrl,
      List<String> scopes, String profileUrl, String nameField) {}

  private static final List<Provider> KNOWN = List.of(
      new Provider("github", "GitHub", "gh_", "https://github.com/login/oauth/authorize",
          "https://github.com/login/oauth/access_token", List.of("read:user"), "https://api.github.com/user", "login"),
      new Provider("discord", "Discord", "d_", "https://discord.com/oauth2/authorize",
          "https://discord.com/api/oauth2/token", List.of("identify"), "https://discord.com/api/users/@me",
          "username"),
      new Provider("google", "Google", "g_", "https://accounts.google.com/o/oauth2/v2/auth",
          "https://oauth2.googleapis.com/token", List.of("profile"), "https://www.googleapis.com/oauth2/v2/userinfo",
          "name"));

  /** The configured providers' names, as {@link LoginConfigurer} put them into the configuration. */
  private static final String NAMES = "horde.login.providers";
  private static final String OIDC_PREFIX = "horde.login.oidc-prefix";
  private static final String OIDC_LABEL = "horde.login.oidc-label";

  private final List<Provider> configured;

  LoginProviders(Environment environment) {
    List<String> names = environment.getProperty(NAMES, List.class).orElse(List.of());
    this.configured = names.stream().map(name -> KNOWN.stream().filter(known -> known.name().equals(name))
        .findFirst().orElseGet(() -> oidc(environment.getProperty(OIDC_PREFIX, String.class).orElse("oidc_"),
            environment.getProperty(OIDC_LABEL, String.class).orElse("OpenID")))).toList();
  }

  private static Provider oidc(String prefix, String label) {
    return new Provider(OIDC, label, prefix, null, null, List.of("openid", "profile", "email"), null, null);
  }

  List<Provider> all() {
    return configured;
  }

  Provider byName(String name) {
    return configured.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no login provider " + name));
  }

  /** The providers whose {@code HORDE_OAUTH_<NAME>_CLIENT_ID} and {@code _CLIENT_SECRET} are set. */
  static List<Provider> configured(HordeEnv env) {
    List<Provider> providers = new ArrayList<>();
    for (Provider provider : KNOWN) {
      if (clientId(env, provider.name()) != null && clientSecret(env, provider.name()) != null) {
        providers.add(provider);
      }
    }
    String issuer = env.get("HORDE_OAUTH_OIDC_ISSUER", null);
    if (issuer != null && clientId(env, OIDC) != null && clientSecret(env, OIDC) != null) {
      String prefix = env.get("HORDE_OAUTH_OIDC_PREFIX", "oidc_");
      // The prefix keeps its accounts apart from the others': a known provider's one would let a
      // subject of this provider be someone else's account.
      if (prefix.isEmpty() || KNOWN.stream().anyMatch(known -> known.prefix().startsWith(prefix)
          || prefix.startsWith(known.prefix()))) {
        throw new IllegalStateException("HORDE_OAUTH_OIDC_PREFIX must be non-empty and differ from gh_, d_, g_");
      }
      providers.add(oidc(prefix, env.get("HORDE_OAUTH_OIDC_LABEL", "OpenID")));
    }
    return List.copyOf(providers);
  }

  /**
   * The Micronaut configuration for these providers: security off when there are none; otherwise the
   * authorization-code flow with a JWT cookie, every path open to anonymous callers.
   */
  static Map<String, Object> properties(HordeEnv env) {
    List<Provider> providers = configured(env);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(NAMES, providers.stream().map(Provider::name).toList());
    providers.stream().filter(p -> p.name().equals(OIDC)).forEach(p -> {
      properties.put(OIDC_PREFIX, p.prefix());
      properties.put(OIDC_LABEL, p.label());
    });
    if (providers.isEmpty()) {
      properties.put("micronaut.security.enabled", false);
      return properties;
    }
    properties.put("micronaut.security.enabled", true);
    properties.put("micronaut.security.authentication", "cookie");
    // Every route stays as open as before security: the API checks its own keys and answers its own errors.
    properties.put("micronaut.security.intercept-url-map",
        List.of(Map.of("pattern", "/**", "access", List.of("isAnonymous()"))));
    properties.put("micronaut.security.reject-not-found", false);
    // API clients' Authorization headers are not ours to read: only the login cookie counts.
    properties.put("micronaut.security.token.bearer.enabled", false);
    properties.put("micronaut.security.token.cookie.cookie-name", COOKIE);
    properties.put("micronaut.security.token.cookie.cookie-same-site", "Lax");
    properties.put("micronaut.security.token.cookie.cookie-http-only", true);
    properties.put("micronaut.security.token.jwt.signatures.secret.generator.secret", signingSecret(env));
    properties.put("micronaut.security.redirect.login-success", "/register");
    properties.put("micronaut.security.redirect.login-failure", "/register?login=failed");
    properties.put("micronaut.security.redirect.logout", "/register");
    properties.put("micronaut.security.redirect.unauthorized.enabled", false);
    properties.put("micronaut.security.redirect.forbidden.enabled", false);
    for (Provider provider : providers) {
      String prefix = "micronaut.security.oauth2.clients." + provider.name() + ".";
      properties.put(prefix + "client-id", clientId(env, provider.name()));
      properties.put(prefix + "client-secret", clientSecret(env, provider.name()));
      properties.put(prefix + "scopes", provider.scopes());
      if (provider.authorizationUrl() == null) {
        properties.put(prefix + "openid.issuer", env.get("HORDE_OAUTH_OIDC_ISSUER", null));
      } else {
        properties.put(prefix + "authorization.url", provider.authorizationUrl());
        properties.put(prefix + "token.url", provider.tokenUrl());
      }
    }
    return properties;
  }

  /**
   * What signs the login cookie: {@code HORDE_SESSION_SECRET}, else derived from {@code HORDE_SECRET_KEY}, so
   * that every ingress instance of one horde accepts the others' cookies. While {@code HORDE_SECRET_KEY} is the
   * public default, a secret derived from it could be computed by anyone (and a cookie forged for any
   * account): then a random one is used, so logins hold only on this instance until it restarts.
   */
  private static String signingSecret(HordeEnv env) {
    String configured = env.get("HORDE_SESSION_SECRET", null);
    if (configured != null) {
      return configured;
    }
    String keySecret = env.get("HORDE_SECRET_KEY", ApiKeys.DEFAULT_SECRET);
    if (ApiKeys.DEFAULT_SECRET.equals(keySecret)) {
      LOG.warn("HORDE_SECRET_KEY is the default: /register logins are signed with a random secret of this "
          + "instance; set HORDE_SECRET_KEY or HORDE_SESSION_SECRET so that they hold across instances");
      return ApiKeys.generate() + ApiKeys.generate();
    }
    return ApiKeys.hmac(keySecret, "horde-login-cookie");
  }

  private static String clientId(HordeEnv env, String provider) {
    return env.get("HORDE_OAUTH_" + provider.toUpperCase() + "_CLIENT_ID", null);
  }

  private static String clientSecret(HordeEnv env, String provider) {
    return env.get("HORDE_OAUTH_" + provider.toUpperCase() + "_CLIENT_SECRET", null);
  }
}
