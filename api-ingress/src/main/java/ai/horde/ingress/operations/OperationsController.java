package ai.horde.ingress.operations;

import ai.horde.ingress.http.SimpleResponse;
import ai.horde.ingress.http.InvalidInput;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.operations.OperationsBodies.AddTimeoutIPInput;
import ai.horde.ingress.operations.OperationsBodies.AddWorkerTimeout;
import ai.horde.ingress.operations.OperationsBodies.DeleteTimeoutIPInput;
import ai.horde.ingress.operations.OperationsBodies.IPTimeout;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The moderators' operations (spec §1.13 O1–O3): IP timeouts. Thin: {@link IpTimeoutChanges} and the registry
 * decide.
 */
@Tag(name = "operations")
@Controller("/api/v2/operations")
final class OperationsController {
  private final JsonBodies bodies;
  private final IpTimeoutChanges timeouts;

  OperationsController(JsonBodies bodies, IpTimeoutChanges timeouts) {
    this.bodies = bodies;
    this.timeouts = timeouts;
  }

  @Operation(operationId = "get_operations_ip", summary = "Every IP block timeout (moderators only)")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Get(uri = "/ipaddr", processes = "*/*")
  CompletableFuture<List<IPTimeout>> blocks(
      @Parameter(description = IpTimeoutChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return timeouts.blocks(required(apiKey));
  }

  @Operation(operationId = "post_operations_ip", summary = "Puts an IP or CIDR block into timeout (moderators only)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = AddTimeoutIPInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Post(uri = "/ipaddr", consumes = "*/*", processes = "*/*")
  CompletableFuture<SimpleResponse> add(@Nullable @Body String body,
      @Parameter(description = IpTimeoutChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    AddTimeoutIPInput input = bodies.read(body, AddTimeoutIPInput.class,
        RequiredHeader.apiKey(apiKey, IpTimeoutChanges.API_KEY_HELP));
    return timeouts.add(input.ipaddr(), input.hours(), apiKey);
  }

  @Operation(operationId = "delete_operations_ip",
      summary = "Takes an IP or CIDR block out of timeout (moderators only)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = DeleteTimeoutIPInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Delete(uri = "/ipaddr", consumes = "*/*", processes = "*/*")
  CompletableFuture<SimpleResponse> release(@Nullable @Body String body,
      @Parameter(description = IpTimeoutChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    DeleteTimeoutIPInput input = bodies.read(body, DeleteTimeoutIPInput.class,
        RequiredHeader.apiKey(apiKey, IpTimeoutChanges.API_KEY_HELP));
    return timeouts.release(input.ipaddr(), apiKey);
  }

  @Operation(operationId = "get_operations_ip_single",
      summary = "The timeouts that hold an IP or CIDR block (moderators only)")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Get(uri = "/ipaddr/{ipaddr}", processes = "*/*")
  CompletableFuture<List<IPTimeout>> matching(@PathVariable("ipaddr") String ipaddr,
      @Parameter(description = IpTimeoutChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return timeouts.matching(ipaddr, required(apiKey));
  }

  @Operation(operationId = "put_operations_block_worker_ip",
      summary = "Puts a worker's IP (an IPv6 one's /64) into timeout for days (moderators only)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = AddWorkerTimeout.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Put(uri = "/block_worker_ipaddr/{worker_id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<SimpleResponse> addWorker(@PathVariable("worker_id") String workerId, @Nullable @Body String body,
      @Parameter(description = IpTimeoutChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    AddWorkerTimeout input = bodies.read(body, AddWorkerTimeout.class,
        RequiredHeader.apiKey(apiKey, IpTimeoutChanges.API_KEY_HELP));
    return timeouts.addWorker(workerId, input.days(), apiKey);
  }

  @Operation(operationId = "delete_operations_block_worker_ip",
      summary = "Takes a worker's IP (an IPv6 one's /64) out of timeout (moderators only)")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Delete(uri = "/block_worker_ipaddr/{worker_id}", consumes = "*/*", processes = "*/*")
  CompletableFuture<SimpleResponse> releaseWorker(@PathVariable("worker_id") String workerId,
      @Parameter(description = IpTimeoutChanges.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return timeouts.releaseWorker(workerId, required(apiKey));
  }

  /** The reference's parser requires the key before anything else is looked at. */
  private static String required(@Nullable String apiKey) {
    if (apiKey == null) {
      throw InvalidInput.missingHeader("apikey", IpTimeoutChanges.API_KEY_HELP);
    }
    return apiKey;
  }
}
