package ai.horde.ingress;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code GET /status/heartbeat}: always 200. {@code message} is {@code DOWN} when this node can no longer
 * read the horde's state (its views stopped), else {@code OK}; {@code db_connection} says the same.
 */
@Controller("/api/v2/status")
final class StatusController {
  private final HordeViews views;

  StatusController(HordeViews views) {
    this.views = views;
  }

  @Get(uri = "/heartbeat", processes = "*/*")
  MutableHttpResponse<String> heartbeat() {
    boolean live = views.live();
    return Responses.ok(Responses.JSON.createObjectNode()
        .put("message", live ? "OK" : "DOWN")
        .put("version", HordeVersion.VERSION)
        .put("queue", 0)
        .put("threads", Runtime.getRuntime().availableProcessors())
        .put("active_count", Thread.activeCount())
        .put("db_connection", live));
  }
}
