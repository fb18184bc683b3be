package ai.horde.ingress;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code GET /status/heartbeat}: always 200. {@code message} is {@code DOWN} when this node can no longer
 * read the horde's state or its replies (a consumer thread stopped), else {@code OK}; {@code db_connection}
 * says the same.
 */
@Controller("/api/v2/status")
final class StatusController {
  private final HordeViews views;
  private final CommandGateway gateway;

  StatusController(HordeViews views, CommandGateway gateway) {
    this.views = views;
    this.gateway = gateway;
  }

  @Get(uri = "/heartbeat", processes = "*/*")
  MutableHttpResponse<String> heartbeat() {
    boolean live = views.live() && gateway.live();
    return Responses.ok(Responses.JSON.createObjectNode()
        .put("message", live ? "OK" : "DOWN")
        .put("version", HordeVersion.VERSION)
        .put("queue", 0)
        .put("threads", Runtime.getRuntime().availableProcessors())
        .put("active_count", Thread.activeCount())
        .put("db_connection", live));
  }
}
