package ai.horde.ingress;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /status/heartbeat}: always 200. {@code message} is {@code DOWN} when this node can no longer
 * read the horde's state or its replies (a consumer thread stopped), else {@code OK}; {@code db_connection}
 * says the same.
 */
@Tag(name = "status")
@Controller("/api/v2/status")
final class StatusController {
  private final HordeViews views;
  private final CommandGateway gateway;

  StatusController(HordeViews views, CommandGateway gateway) {
    this.views = views;
    this.gateway = gateway;
  }

  @Operation(operationId = "get_heartbeat", summary = "If this loads, this node is available")
  @ApiResponse(responseCode = "200", description = "This node's liveness", content = @Content(
      mediaType = ApiModels.JSON, schema = @Schema(implementation = ApiModels.HordeHeartbeat.class)))
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
