package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import java.util.concurrent.CompletableFuture;

/** Worker changes (spec §1.4 W3, W4). Thin: {@link WorkerChanges} and the scheduler decide. */
@Controller("/api/v2/workers")
final class WorkerController {
  private final WorkerChanges workers;

  WorkerController(WorkerChanges workers) {
    this.workers = workers;
  }

  @Put(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> modify(@PathVariable String id, @Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> workers.modify(id, body, apiKey));
  }

  @Delete(uri = "/{id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> delete(@PathVariable String id,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> workers.delete(id, apiKey));
  }
}
