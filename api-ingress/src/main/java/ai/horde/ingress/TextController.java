package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.util.concurrent.CompletableFuture;

/** The text generation endpoints of the AI Horde API v2 (spec §1.1). Thin: the services decide. */
@Controller("/api/v2/generate/text")
final class TextController {
  private final TextRequests requests;
  private final WorkerJobs jobs;

  TextController(TextRequests requests, WorkerJobs jobs) {
    this.requests = requests;
    this.jobs = jobs;
  }

  @Post(uri = "/async", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> async(HttpRequest<?> request, @Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey, @Nullable @Header("Client-Agent") String clientAgent) {
    return Responses.answer(() -> requests.accept(body, apiKey, clientAgent == null ? "unknown:0:unknown" : clientAgent,
        ClientAddress.of(request)));
  }

  @Get(uri = "/status/{id}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> status(@PathVariable String id) {
    return Responses.answer(() -> requests.status(id));
  }

  @Delete(uri = "/status/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> cancel(@PathVariable String id) {
    return Responses.answer(() -> requests.cancel(id));
  }

  @Post(uri = "/pop", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> pop(HttpRequest<?> request, @Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> jobs.pop(body, apiKey, ClientAddress.of(request)));
  }

  @Post(uri = "/submit", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> submit(@Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> jobs.submit(body, apiKey));
  }
}
