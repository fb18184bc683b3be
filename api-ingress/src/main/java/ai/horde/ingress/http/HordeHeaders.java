package ai.horde.ingress.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The headers the reference puts on every response (spec §0.8): CORS for browser clients such as KoboldAI
 * Lite, {@code Horde-Node}, and {@code application/json; charset=utf-8} on JSON bodies. A CORS preflight
 * ({@code OPTIONS}) is answered here, for every path.
 */
@ServerFilter("/**")
final class HordeHeaders {
  private static final MediaType JSON = MediaType.of("application/json; charset=utf-8");

  private final String node;

  HordeHeaders(io.micronaut.context.env.Environment environment) {
    String port = environment.getProperty("micronaut.server.port", String.class).orElse("7001");
    this.node = hostname() + ":" + port + ":" + HordeVersion.VERSION;
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> preflight(HttpRequest<?> request) {
    return request.getMethod() == HttpMethod.OPTIONS ? decorate(HttpResponse.ok()) : null;
  }

  @ResponseFilter
  void everyResponse(MutableHttpResponse<?> response) {
    decorate(response);
    // The API's routes accept any media type (processes = "*/*"), so Micronaut would label their bodies "*/*".
    MediaType type = response.getContentType().orElse(MediaType.ALL_TYPE);
    if (response.getBody().isPresent()
        && (type.equals(MediaType.ALL_TYPE) || type.getName().equals(MediaType.APPLICATION_JSON))) {
      response.contentType(JSON);
    }
  }

  private MutableHttpResponse<?> decorate(MutableHttpResponse<?> response) {
    return response.header("Access-Control-Allow-Origin", "*")
        .header("Access-Control-Allow-Methods", "POST, GET, OPTIONS, PUT, DELETE, PATCH")
        .header("Access-Control-Allow-Headers", "Accept, Content-Type, Content-Length, Accept-Encoding, "
            + "X-CSRF-Token, apikey, Client-Agent, X-Fields, X-Forwarded-For, Proxied-For, Proxy-Authorization")
        .header("Horde-Node", node);
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
