package ai.horde.ingress.kudos;

import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.kudos.KudosBodies.KudosAwarded;
import ai.horde.ingress.kudos.KudosBodies.KudosPostings;
import ai.horde.ingress.kudos.KudosBodies.KudosTransferInput;
import ai.horde.ingress.kudos.KudosBodies.KudosTransferred;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/** Kudos transfers, awards and the journal (spec §1.7 K1, K2). Thin: {@link KudosMoves} and the ledger decide. */
@Tag(name = "kudos")
@Controller("/api/v2/kudos")
final class KudosController {
  private static final String API_KEY_HELP = "The sending user's API key.";

  private final JsonBodies bodies;
  private final KudosMoves moves;
  private final KudosPostingsReads postings;

  KudosController(JsonBodies bodies, KudosMoves moves, KudosPostingsReads postings) {
    this.bodies = bodies;
    this.moves = moves;
    this.postings = postings;
  }

  @Operation(operationId = "post_transfer_kudos", summary = "Gives kudos to another user",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = KudosTransferInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Unavailable
  @Post(uri = "/transfer", consumes = "*/*", processes = "*/*")
  CompletableFuture<KudosTransferred> transfer(@Nullable @Body String body,
      @Parameter(description = API_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = "Retries with the same key move the kudos once")
      @Nullable @Header("Idempotency-Key") String idempotencyKey) {
    KudosTransferInput input = bodies.read(body, KudosTransferInput.class, RequiredHeader.apiKey(apiKey, API_KEY_HELP));
    return moves.transfer(input, apiKey, idempotencyKey);
  }

  @Operation(operationId = "post_award_kudos", summary = "Awards kudos out of nothing (user 1 only)",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = KudosTransferInput.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.Unavailable
  @Post(uri = "/award", consumes = "*/*", processes = "*/*")
  CompletableFuture<KudosAwarded> award(@Nullable @Body String body,
      @Parameter(description = API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    KudosTransferInput input = bodies.read(body, KudosTransferInput.class, RequiredHeader.apiKey(apiKey, API_KEY_HELP));
    return moves.award(input, apiKey);
  }

  @Operation(operationId = "get_kudos_postings", summary = "A user's kudos journal, newest first")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Refusals.Unavailable
  @Get(uri = "/postings", processes = "*/*")
  CompletableFuture<KudosPostings> postings(
      @Parameter(description = "The API key of the user whose journal it is, or a moderator's")
      @Nullable @Header("apikey") String apiKey,
      @Parameter(description = KudosPostingsQuery.PAGE_HELP, schema = @Schema(type = "integer", defaultValue = "1"))
      @Nullable @QueryValue("page") String page,
      @Parameter(description = KudosPostingsQuery.LIMIT_HELP, schema = @Schema(type = "integer"))
      @Nullable @QueryValue("limit") String limit,
      @Parameter(description = KudosPostingsQuery.USER_ID_HELP, schema = @Schema(type = "integer"))
      @Nullable @QueryValue("user_id") String userId) {
    return postings.read(apiKey, KudosPostingsQuery.parse(page, limit, userId));
  }
}
