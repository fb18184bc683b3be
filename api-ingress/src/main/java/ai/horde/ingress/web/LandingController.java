package ai.horde.ingress.web;

import ai.horde.ingress.http.HordeVersion;
import ai.horde.ingress.views.HordeLoad;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.concurrent.CompletableFuture;

/** {@code GET /}: the landing page ({@link LandingPage}), with the load as it is now. */
@Hidden
@Controller
final class LandingController {
  private final HordeLoad load;

  LandingController(HordeLoad load) {
    this.load = load;
  }

  @Get(uri = "/", produces = "text/html")
  CompletableFuture<MutableHttpResponse<String>> landing(HttpRequest<?> request) {
    HordeLoad.Text now = load.now();
    String host = request.getHeaders().get("Host");
    String api = (host == null ? "" : "http://" + host) + "/api/v2";
    return load.pastMinuteTokens().thenApply(tokens -> HttpResponse.ok(LandingPage.render(now, tokens, api,
        HordeVersion.VERSION)).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store"));
  }
}
