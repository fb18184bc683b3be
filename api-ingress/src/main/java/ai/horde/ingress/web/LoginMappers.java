package ai.horde.ingress.web;

import ai.horde.ingress.http.HordeVersion;
import ai.horde.ingress.web.LoginProviders.Provider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.oauth2.endpoint.authorization.state.State;
import io.micronaut.security.oauth2.endpoint.token.response.DefaultOpenIdAuthenticationMapper;
import io.micronaut.security.oauth2.endpoint.token.response.OauthAuthenticationMapper;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdAuthenticationMapper;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdClaims;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdTokenResponse;
import io.micronaut.security.oauth2.endpoint.token.response.TokenResponse;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * Who logged in, as the login cookie names them: the user's oauth_id ({@code gh_<id>}, {@code d_<id>},
 * {@code g_<id>}, {@code <prefix><sub>}) as the authentication's name, and the name the provider knows them
 * by (attribute {@link #USERNAME}) as the suggestion for a new account's username. GitHub, Discord and Google
 * are asked for the profile with the access token, as the reference does; an OpenID provider's id token says
 * it.
 */
@Factory
final class LoginMappers {
  /** The attribute with the provider's name for the user. */
  static final String USERNAME = "horde_username";
  private static final ObjectMapper READER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Singleton
  @Named("github")
  @Requires(property = "micronaut.security.oauth2.clients.github.client-id")
  OauthAuthenticationMapper github(LoginProviders providers) {
    return profileMapper(providers.byName("github"));
  }

  @Singleton
  @Named("discord")
  @Requires(property = "micronaut.security.oauth2.clients.discord.client-id")
  OauthAuthenticationMapper discord(LoginProviders providers) {
    return profileMapper(providers.byName("discord"));
  }

  @Singleton
  @Named("google")
  @Requires(property = "micronaut.security.oauth2.clients.google.client-id")
  OauthAuthenticationMapper google(LoginProviders providers) {
    return profileMapper(providers.byName("google"));
  }

  /** Reads the user's profile with the access token: its {@code id} and its name field. */
  private static OauthAuthenticationMapper profileMapper(Provider provider) {
    return (TokenResponse token, @Nullable State state) -> Publishers.fromCompletableFuture(() -> {
      HttpRequest request = HttpRequest.newBuilder(URI.create(provider.profileUrl()))
          .header("Authorization", "Bearer " + token.getAccessToken())
          .header("Accept", "application/json")
          // GitHub refuses calls without a User-Agent.
          .header("User-Agent", "AI-Horde-on-Kafka/" + HordeVersion.VERSION)
          .timeout(Duration.ofSeconds(20)).GET().build();
      CompletableFuture<HttpResponse<String>> sent = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      return sent.handle((response, error) -> {
        if (error != null) {
          return AuthenticationResponse.failure("The " + provider.label() + " profile could not be read.");
        }
        if (response.statusCode() != 200) {
          return AuthenticationResponse.failure("The " + provider.label() + " profile could not be read.");
        }
        JsonNode profile = readJson(response.body());
        JsonNode id = profile.get("id");
        if (id == null || id.isNull() || id.asText().isEmpty()) {
          return AuthenticationResponse.failure("The " + provider.label() + " profile has no id.");
        }
        return identity(provider, id.asText(), profile.path(provider.nameField()).asText(null));
      });
    });
  }

  /** The authentication of a user whom the provider knows by {@code id} (and maybe by {@code name}). */
  static AuthenticationResponse identity(Provider provider, String id, @Nullable String name) {
    return AuthenticationResponse.success(provider.prefix() + id,
        Map.of(USERNAME, RegisterPage.suggestedUsername(name), OauthAuthenticationMapper.PROVIDER_KEY,
            provider.name()));
  }

  /** The body as JSON; a body that is not JSON reads as a profile without an id. */
  private static JsonNode readJson(String body) {
    try {
      return READER.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  /** The generic OpenID provider's users: the id token's subject, and its preferred name. */
  @Singleton
  @Replaces(DefaultOpenIdAuthenticationMapper.class)
  @Requires(property = "micronaut.security.oauth2.clients." + LoginProviders.OIDC + ".client-id")
  static final class OpenIdLogins implements OpenIdAuthenticationMapper {
    private final LoginProviders providers;

    OpenIdLogins(LoginProviders providers) {
      this.providers = providers;
    }

    @Override
    public Publisher<AuthenticationResponse> createAuthenticationResponse(String providerName,
        OpenIdTokenResponse tokenResponse, OpenIdClaims claims, @Nullable State state) {
      String name = firstOf(claims.getPreferredUsername(), claims.getNickname(), claims.getName(),
          claims.getEmail() == null ? null : claims.getEmail().replaceAll("@.*", ""));
      return Publishers.just(identity(providers.byName(providerName), claims.getSubject(), name));
    }

    private static String firstOf(String... values) {
      for (String value : values) {
        if (value != null && !value.isBlank()) {
          return value;
        }
      }
      return null;
    }
  }
}
