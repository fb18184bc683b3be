package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import java.util.concurrent.CompletableFuture;

/** The worker reads, spec §1.4 W1, W2, W5 (see {@link WorkerReads}). */
@Controller("/api/v2/workers")
final class WorkerReadController {
  private final WorkerReads reads;

  WorkerReadController(WorkerReads reads) {
    this.reads = reads;
  }

  @Get(uri = "/", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> list(@Nullable @Header("apikey") String apiKey,
      @Nullable @QueryValue("type") String type, @Nullable @QueryValue("name") String name) {
    return Responses.answer(() -> reads.list(apiKey, type, name));
  }

  @Get(uri = "/{workerId}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> byId(@Nullable @Header("apikey") String apiKey,
      @PathVariable("workerId") String workerId) {
    return Responses.answer(() -> reads.byId(apiKey, workerId));
  }

  @Get(uri = "/name/{workerName}", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> byName(@Nullable @Header("apikey") String apiKey,
      @PathVariable("workerName") String workerName) {
    return Responses.answer(() -> reads.byName(apiKey, workerName));
  }
}
