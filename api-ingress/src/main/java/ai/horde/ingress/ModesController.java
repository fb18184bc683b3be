package ai.horde.ingress;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Put;
import java.util.concurrent.CompletableFuture;

/** {@code /status/modes} (spec §1.9 M4, M5). Thin: {@link HordeModeChanges} and the registry decide. */
@Controller("/api/v2/status/modes")
final class ModesController {
  private final HordeModeChanges modes;

  ModesController(HordeModeChanges modes) {
    this.modes = modes;
  }

  @Get(processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> get(@Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> modes.get(apiKey));
  }

  @Put(consumes = "*/*", processes = "*/*")
  CompletableFuture<MutableHttpResponse<String>> set(@Nullable @Body String body,
      @Nullable @Header("apikey") String apiKey) {
    return Responses.answer(() -> modes.set(body, apiKey));
  }
}
