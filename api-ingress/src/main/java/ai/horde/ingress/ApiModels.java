package ai.horde.ingress;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the API as the OpenAPI document ({@code /api/swagger.json}) describes them. Documentation only:
 * the controllers answer JSON written by {@link Responses} and read bodies checked by {@link JsonShape}, so
 * nothing here is instantiated; these records exist for micronaut-openapi to turn into schemas at compile time.
 *
 * <p>Names are the reference's Swagger model names where it has one, so that generated SDKs feel at home.
 * Response schemas are closed ({@code additionalProperties: false}) and list every field the server writes:
 * {@code ApiDocsSystemTest} checks every real answer against them, so a field added to a response must be
 * added here. A component is required unless marked {@code NOT_REQUIRED}; {@code @Nullable} means the value
 * may be {@code null} (the field is still always present).
 *
 * <p>Known gaps: request schemas repeat the fields of {@link TextShapes} by hand (their limits are checked by
 * JsonShape, not derived from here), and {@code RequestError.rc} is a free string, not the reference's enum.
 */
final class ApiModels {
  private ApiModels() {}

  /** What every documented body is. */
  static final String JSON = "application/json";
  static final String API_KEY_HELP = "The user's API key; 0000000000 is the anonymous user.";
  static final String CLIENT_AGENT_HELP = "The client's name:version:contact.";

  // Errors

  /**
   * A refusal, answered as the reference answers it.
   *
   * @param message what went wrong, for people
   * @param rc the return code, for programs (see the reference's README_return_codes.md)
   */
  @Schema(name = "RequestError", additionalProperties = AdditionalPropertiesValue.FALSE)
  record RequestError(String message, String rc) {}

  /**
   * A request whose body, arguments or headers failed validation (the 400 of every endpoint that reads input);
   * {@code errors} is there only for validation failures, other 400s are a plain {@code RequestError}.
   *
   * @param message "Input payload validation failed" for validation failures
   * @param rc the return code
   * @param errors the offending field or header and what is wrong with it
   */
  @Schema(name = "RequestValidationError", additionalProperties = AdditionalPropertiesValue.FALSE)
  record RequestValidationError(String message, String rc,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Map<String, String> errors) {}

  // Text generation

  /**
   * The params of a text request, with the reference's limits. Open: params it does not know are passed on to
   * the worker verbatim (newer samplers).
   */
  @Schema(name = "ModelGenerationInputKobold", additionalProperties = AdditionalPropertiesValue.TRUE)
  record ModelGenerationInputKobold(
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "1", maximum = "20") Integer n,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean frmtadsnsp,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean frmtrmblln,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean frmtrmspch,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean frmttriminc,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "80", maximum = "1048576",
          defaultValue = "2048") Integer maxContextLength,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "16", maximum = "4096", defaultValue = "80")
      Integer maxLength,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "1", maximum = "3") Double repPen,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "4096") Integer repPenRange,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "10") Double repPenSlope,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean singleline,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "5") Double temperature,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "1") Double tfs,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "1") Double topA,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "200") Integer topK,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0.001", maximum = "1") Double topP,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "1") Double typical,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<Integer> samplerOrder,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean useDefaultBadwordsids,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<String> stopSequence,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "1") Double minP,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "10") Double smoothingFactor,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "5") Double dynatempRange,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "5") Double dynatempExponent) {}

  /**
   * A text request ({@code POST /generate/text/async}).
   *
   * @param prompt the prompt which will be sent to the model to generate text
   * @param params the generation parameters
   * @param workers up to 5 worker ids allowed to serve this request (or refused, with worker_blacklist)
   * @param models the models allowed to serve this request
   * @param dryRun when true, only the price in kudos is answered
   * @param allowDowngrade when the upfront kudos cannot be held, generate fewer tokens instead of refusing
   */
  @Schema(name = "GenerationInputKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationInputKobold(
      String prompt,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, implementation = ModelGenerationInputKobold.class)
      ModelGenerationInputKobold params,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minLength = 1) String softprompt,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "false") Boolean trustedWorkers,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "false") Boolean validatedBackends,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "true") Boolean slowWorkers,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "false") Boolean extraSlowWorkers,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<String> workers,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "false") Boolean workerBlacklist,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<String> models,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "false") Boolean dryRun,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String proxiedAccount,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<ExtraSourceImage> extraSourceImages,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "false") Boolean disableBatching,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "false") Boolean allowDowngrade,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String webhook,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minLength = 3, maxLength = 1024) String style) {}

  /** An extra source image (refused for text requests; accepted by the schema, as the reference does). */
  @Schema(name = "ExtraSourceImage", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ExtraSourceImage(@Schema(requiredMode = RequiredMode.NOT_REQUIRED) String image,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Double strength) {}

  /**
   * A text request accepted (202), or priced (200, {@code dry_run}: {@code kudos} only).
   *
   * @param id the request's id: read its status with it
   * @param kudos the expected price in kudos
   * @param message a warning, when no worker online can serve the request
   */
  @Schema(name = "RequestAsync", additionalProperties = AdditionalPropertiesValue.FALSE)
  record RequestAsync(@Schema(requiredMode = RequiredMode.NOT_REQUIRED) String id, double kudos,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String message) {}

  /**
   * A metadata entry of a generation.
   *
   * @param type the relevance of the entry
   * @param value its value
   * @param ref optionally a reference
   */
  @Schema(name = "GenerationMetadataKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationMetadataKobold(@Schema(allowableValues = "censorship") String type,
      @Schema(allowableValues = "csam") String value,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, maxLength = 255) String ref) {}

  /**
   * One generated text of a request.
   *
   * @param workerId the worker that generated it
   * @param workerName that worker's name
   * @param model the model that generated it
   * @param state ok, censored, faulted or csam
   * @param text the generated text
   * @param seed the seed the worker reported
   */
  @Schema(name = "GenerationKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationKobold(String workerId, String workerName, String model, String state, String text, long seed,
      List<GenerationMetadataKobold> genMetadata) {}

  /**
   * The status of a text request ({@code GET} and {@code DELETE /generate/text/status/{id}}).
   *
   * @param finished jobs finished
   * @param processing jobs a worker is generating
   * @param restarted jobs that timed out or faulted and were queued again
   * @param waiting jobs waiting for a worker
   * @param done true when every job is done
   * @param faulted true when the request could not be completed
   * @param waitTime expected seconds until every job in flight is done
   * @param queuePosition the request's position in the queue
   * @param kudos the kudos consumed so far
   * @param isPossible false when no worker online can serve the request
   * @param generations the texts generated so far
   */
  @Schema(name = "RequestStatusKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record RequestStatusKobold(int finished, int processing, int restarted, int waiting, boolean done, boolean faulted,
      long waitTime, long queuePosition, double kudos, boolean isPossible, List<GenerationKobold> generations) {}

  /**
   * A worker asks for text jobs ({@code POST /generate/text/pop}).
   *
   * @param name the worker's name: it identifies (and at first creates) the worker
   * @param models the models this worker serves
   * @param amount how many jobs of one request it takes at most
   */
  @Schema(name = "PopInputKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record PopInputKobold(
      String name,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<String> priorityUsernames,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean nsfw,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<String> models,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, maxLength = 1000) String bridgeAgent,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "1", maximum = "50") Integer threads,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean requireUpfrontKudos,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "1", maximum = "20") Integer amount,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean extraSlowWorker,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "512") Integer maxLength,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "2048") Integer maxContextLength,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<String> softprompts) {}

  /**
   * What the worker generates: the request's params as the client sent them (open: unknown samplers are passed
   * on), with {@code n} 1, the length limits and the prompt; without a job only the six defaults.
   */
  @Schema(name = "ModelPayloadKobold", additionalProperties = AdditionalPropertiesValue.TRUE)
  record ModelPayloadKobold(@Schema(requiredMode = RequiredMode.NOT_REQUIRED) String prompt,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Integer n, int maxLength, int maxContextLength) {}

  /**
   * A text job for a worker, or none ({@code id} null, {@code skipped} says why).
   *
   * @param payload what to generate
   * @param id the first job's id, null when there is none
   * @param ids every job handed out
   * @param model the model to generate with, null when there is no job
   * @param ttl seconds before the job is considered lost, null when there is no job
   * @param skipped when there is no job: how many waiting requests were skipped, per reason
   * @param softprompt always null
   * @param messages messages for this worker
   * @param extraSourceImages always null for text
   */
  @Schema(name = "GenerationPayloadKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationPayloadKobold(ModelPayloadKobold payload, @Nullable @Schema(requiredMode = REQUIRED) String id,
      List<String> ids, @Nullable @Schema(requiredMode = REQUIRED) String model,
      @Nullable @Schema(requiredMode = REQUIRED) Integer ttl, NoValidRequestFoundKobold skipped,
      @Nullable @Schema(requiredMode = REQUIRED) String softprompt, List<Object> messages,
      @Nullable @Schema(requiredMode = REQUIRED) List<Object> extraSourceImages) {}

  /** How many waiting requests a pop skipped, per reason (only the reasons that skipped any). */
  @Schema(name = "NoValidRequestFoundKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record NoValidRequestFoundKobold(
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer workerId,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer performance,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer nsfw,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer blacklist,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer untrusted,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer models,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer bridgeVersion,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer kudos,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer maxContextLength,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer maxLength,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0") Integer matchingSoftprompt) {}

  /**
   * A worker delivers a text job ({@code POST /generate/text/submit}).
   *
   * @param id the job's id, from the pop
   * @param generation the generated text
   * @param state ok, censored, faulted (the job is queued again) or csam
   * @param seed the seed used
   * @param genMetadata at most 50 metadata entries
   */
  @Schema(name = "SubmitInputKobold", additionalProperties = AdditionalPropertiesValue.FALSE)
  record SubmitInputKobold(String id, String generation,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, allowableValues = {"ok", "censored", "faulted", "csam"},
          defaultValue = "ok") String state,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Long seed,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<GenerationMetadataKobold> genMetadata) {}

  /**
   * A delivered job.
   *
   * @param reward the kudos credited to the worker's owner for it (0 for a faulted job)
   */
  @Schema(name = "GenerationSubmitted", additionalProperties = AdditionalPropertiesValue.FALSE)
  record GenerationSubmitted(double reward) {}

  // Kudos

  /**
   * Kudos to move ({@code POST /kudos/transfer}, {@code /kudos/award}).
   *
   * @param username the receiving user: {@code alias#id} or the id alone
   * @param amount whole kudos, 100 when left out
   */
  @Schema(name = "KudosTransferInput", additionalProperties = AdditionalPropertiesValue.TRUE)
  record KudosTransferInput(String username,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "100") Long amount) {}

  /** @param transferred the kudos moved */
  @Schema(name = "KudosTransferred", additionalProperties = AdditionalPropertiesValue.FALSE)
  record KudosTransferred(double transferred) {}

  /** @param awarded the kudos awarded */
  @Schema(name = "KudosAwarded", additionalProperties = AdditionalPropertiesValue.FALSE)
  record KudosAwarded(double awarded) {}

  /**
   * A page of a user's kudos journal, newest first (it lags the ledger by the projection's delay).
   *
   * @param account the ledger account, {@code user:<id>}
   * @param page the page, from 1
   * @param limit postings per page
   * @param postings the postings
   */
  @Schema(name = "KudosPostings", additionalProperties = AdditionalPropertiesValue.FALSE)
  record KudosPostings(String account, long page, int limit, List<KudosPosting> postings) {}

  /**
   * One posting of the journal.
   *
   * @param id the posting's id
   * @param transactionId the ledger transaction it belongs to
   * @param kind what moved the kudos, in lower case
   * @param amount kudos in (positive) or out (negative)
   * @param balanceAfter the account's balance right after it, null when unknown
   * @param occurredAt when, as an ISO-8601 instant
   */
  @Schema(name = "KudosPosting", additionalProperties = AdditionalPropertiesValue.FALSE)
  record KudosPosting(String id, String transactionId, String kind, double amount,
      @Nullable @Schema(requiredMode = REQUIRED) Double balanceAfter, String occurredAt) {}

  // Users

  /**
   * A user as the user itself sees it ({@code GET /find_user}).
   *
   * @param username the alias and the id, {@code alias#id}
   * @param id the user's id
   * @param kudos the balance
   * @param concurrency how many jobs the user may have waiting at once
   * @param accountAge seconds since the account was created
   */
  @Schema(name = "UserDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserDetails(String username, long id, double kudos, UserKudosDetails kudosDetails, UsageDetails usage,
      ContributionsDetails contributions, UserRecords records, int concurrency, int workerInvited, boolean moderator,
      boolean trusted, boolean flagged, boolean pseudonymous, int workerCount, long accountAge, boolean service,
      boolean deleted, boolean education, boolean customizer, boolean vpn, boolean special, List<Object> styles,
      List<String> workerIds, List<String> sharedkeyIds, ActiveGenerations activeGenerations) {}

  /** A user's kudos per reason, each always present. */
  @Schema(name = "UserKudosDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserKudosDetails(double accumulated, double gifted, double donated, double admin, double received,
      double recurring, double awarded, double styled) {}

  /** Obsolete: always nulls. */
  @Schema(name = "UsageDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UsageDetails(@Nullable @Schema(requiredMode = REQUIRED) Double megapixelsteps,
      @Nullable @Schema(requiredMode = REQUIRED) Integer requests) {}

  /** Obsolete: always nulls. */
  @Schema(name = "ContributionsDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ContributionsDetails(@Nullable @Schema(requiredMode = REQUIRED) Double megapixelsteps,
      @Nullable @Schema(requiredMode = REQUIRED) Integer fulfillments) {}

  /** A user's records. */
  @Schema(name = "UserRecords", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserRecords(UserThingRecords usage, UserThingRecords contribution, UserAmountRecords fulfillment,
      UserAmountRecords request, UserAmountRecords style) {}

  /** Amounts generated or requested. */
  @Schema(name = "UserThingRecords", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserThingRecords(double megapixelsteps, long tokens) {}

  /** Counts per kind of generation. */
  @Schema(name = "UserAmountRecords", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserAmountRecords(long image, long text, long interrogation) {}

  /** The ids of a user's requests still in progress, per kind. */
  @Schema(name = "ActiveGenerations", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ActiveGenerations(List<String> text, List<String> image, List<String> alchemy) {}

  // Status

  /**
   * This node's liveness ({@code GET /status/heartbeat}): always 200.
   *
   * @param message OK, or DOWN when this node can no longer read the horde's state
   * @param version the horde's version
   * @param queue always 0
   * @param threads the node's processors
   * @param activeCount the node's live threads
   * @param dbConnection false when DOWN
   */
  @Schema(name = "HordeHeartbeat", additionalProperties = AdditionalPropertiesValue.FALSE)
  record HordeHeartbeat(@Schema(allowableValues = {"OK", "DOWN"}) String message, String version, int queue,
      int threads, int activeCount, boolean dbConnection) {}
}
