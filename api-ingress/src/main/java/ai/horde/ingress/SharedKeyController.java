package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import java.util.concurrent.CompletableFuture;

/** Shared keys (spec §1.8 S1–S4). Thin: {@link SharedKeyService} and the registry decide. */
@Controller("/api/v2/sharedkeys")
final class SharedKeyController {
  private final SharedKeyService keys;

  SharedKeyController(SharedKeyService keys) {
    this.keys = keys;
  }

  @Put(consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> create(@Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> keys.create(body, apiKey));
  }

  @Get(uri = "/{id}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> get(@PathVariable String id) {
    return Responses.answer(() -> keys.get(id));
  }

  @Patch(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> change(@PathVariable String id, @Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> keys.change(id, body, apiKey));
  }

  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> delete(@PathVariable String id,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> keys.delete(id, apiKey));
  }
}
