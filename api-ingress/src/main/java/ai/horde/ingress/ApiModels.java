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
 * <p>Where a body is shown at several privilege levels (user and worker details) or echoes only what was
 * asked (changes), one schema describes them all: what is not always there is {@code NOT_REQUIRED}. Every 400
 * is documented as a {@code RequestValidationError}, whose {@code errors} only validation failures carry.
 *
 * <p>Known gaps: request schemas repeat the fields of {@link TextShapes} and of the other {@link JsonShape}s
 * ({@code UserChanges.BODY}, {@code SharedKeyIntake.BODY}, ...) by hand (their limits are checked by JsonShape,
 * not derived from here), and {@code RequestError.rc} is a free string, not the reference's enum.
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
   * A user's details ({@code GET /find_user}, {@code /users}, {@code /users/{id}}) at the requester's level:
   * 0 to anyone, 1 to the user itself, 2 to moderators (spec §1.5). Fields not shown at a level are left out.
   *
   * @param username the alias and the id, {@code alias#id}
   * @param id the user's id
   * @param kudos the balance
   * @param evaluatingKudos (level 2) always 0
   * @param concurrency how many jobs the user may have waiting at once
   * @param accountAge seconds since the account was created
   * @param vpn (level 1) the VPN role
   * @param special (level 1) the special role
   * @param contact (level 1) how to reach the user, when given
   * @param monthlyKudos (level 2) recurring kudos (not modelled: amount 0)
   * @param suspicious (level 2) always 0
   * @param adminComment (level 2) the moderators' comment, when given
   * @param workerIds (level 1, or to anyone when the user made its workers public) the user's workers
   * @param sharedkeyIds (level 1) always empty: shared keys are stored only as hashes
   * @param activeGenerations (level 1) the user's requests in progress
   */
  @Schema(name = "UserDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserDetails(String username, long id, double kudos,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Double evaluatingKudos, UserKudosDetails kudosDetails,
      UsageDetails usage, ContributionsDetails contributions, UserRecords records, int concurrency,
      int workerInvited, boolean moderator, boolean trusted, boolean flagged, boolean pseudonymous,
      int workerCount, long accountAge, boolean service, boolean deleted, boolean education, boolean customizer,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean vpn,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean special,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String contact,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) MonthlyKudos monthlyKudos,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Integer suspicious,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String adminComment, List<Object> styles,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<String> workerIds,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<String> sharedkeyIds,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) ActiveGenerations activeGenerations) {}

  /**
   * A user's recurring kudos.
   *
   * @param amount kudos a month
   * @param lastReceived when they were last received (never shown yet)
   */
  @Schema(name = "MonthlyKudos", additionalProperties = AdditionalPropertiesValue.FALSE)
  record MonthlyKudos(int amount, @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String lastReceived) {}

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

  /** A user's changes ({@code PUT /users/{id}}): each field has its own permission (spec §1.5 U3). */
  @Schema(name = "ModifyUserInput")
  record ModifyUserInput(
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, description = "(admin) kudos to add, may be negative")
      Double kudos,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "500") Integer concurrency,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minimum = "0.1", maximum = "10") Double usageMultiplier,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Integer workerInvited,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean moderator,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean publicWorkers,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, description = "accepted and ignored") Integer monthlyKudos,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minLength = 3, maxLength = 100) String username,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean trusted,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean flagged,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean customizer,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean vpn,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean service,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean education,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean special,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean filtered,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean resetSuspicion,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minLength = 5, maxLength = 500) String contact,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minLength = 5, maxLength = 500) String adminComment,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean generateProxyPasskey,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean undelete) {}

  /**
   * A user's changes as applied: each asked-for field with its value after the change.
   *
   * @param newKudos the balance after an admin's kudos change
   * @param newSuspicion always 0 after a reset
   * @param proxyPasskey the new proxy passkey, shown only here
   * @param undeleted whether the user is no longer deleted
   */
  @Schema(name = "ModifyUser", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModifyUser(@Schema(requiredMode = RequiredMode.NOT_REQUIRED) Double newKudos,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Double usageMultiplier,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean moderator,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Integer concurrency,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Integer workerInvited,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean trusted,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean flagged,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean customizer,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean vpn,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean service,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean special,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean education,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Integer newSuspicion,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String adminComment,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean publicWorkers,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String username,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String contact,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String proxyPasskey,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean undeleted) {}

  /** @param message OK */
  @Schema(name = "SimpleResponse", additionalProperties = AdditionalPropertiesValue.FALSE)
  record SimpleResponse(String message) {}

  // Shared keys

  /**
   * A shared key's settings ({@code PUT /sharedkeys}: what is left out takes the default; {@code PATCH}: only
   * what is given changes). As in the reference only the types are checked, not the ranges.
   *
   * @param kudos what the key may spend, -1 for unlimited
   * @param expiry days until the key expires, -1 for never
   * @param name a name for the key
   */
  @Schema(name = "SharedKeyInput")
  record SharedKeyInput(@Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "5000") Long kudos,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "-1") Integer expiry,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String name,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "-1") Integer maxImagePixels,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "-1") Integer maxImageSteps,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, defaultValue = "-1") Integer maxTextTokens) {}

  /**
   * A shared key.
   *
   * @param id the key itself (it is handed out in this field)
   * @param username the owner's alias
   * @param name its name, null when it has none
   * @param kudos what it may still spend, -1 for unlimited
   * @param expiry when it expires (RFC 822), null for never
   * @param utilized the kudos spent with it
   * @param maxTextTokens the most tokens a job may ask for with it, -1 for unlimited
   */
  @Schema(name = "SharedKeyDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record SharedKeyDetails(String id, String username, @Nullable @Schema(requiredMode = REQUIRED) String name,
      long kudos, @Nullable @Schema(requiredMode = REQUIRED) String expiry, long utilized, int maxImagePixels,
      int maxImageSteps, int maxTextTokens) {}

  // Teams

  /** A new team ({@code POST /teams}): only trusted users may create one. */
  @Schema(name = "CreateTeamInput")
  record CreateTeamInput(@Schema(minLength = 3, maxLength = 100) String name,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minLength = 3, maxLength = 1000) String info) {}

  /** A team's changes ({@code PATCH /teams/{id}}): its owner's or a moderator's. */
  @Schema(name = "ModifyTeamInput")
  record ModifyTeamInput(@Schema(requiredMode = RequiredMode.NOT_REQUIRED, minLength = 3, maxLength = 100) String name,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minLength = 3, maxLength = 1000) String info) {}

  /**
   * A team created (every field it has) or changed (the id, and the fields asked for).
   *
   * @param id the team's id
   */
  @Schema(name = "ModifyTeam", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModifyTeam(String id, @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String name,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String info) {}

  /**
   * A team's details (info and creator left out when unknown).
   *
   * @param requestsFulfilled image requests of its workers: always 0 (text workers do not count, R3.16.2)
   * @param kudos kudos of its image workers: always 0
   * @param uptime its current workers' uptime, seconds
   * @param creator the owner's alias
   * @param models how many of its workers serve each model
   */
  @Schema(name = "TeamDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record TeamDetails(String name, String id, @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String info,
      long requestsFulfilled, double kudos, long uptime,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String creator, int workerCount,
      List<WorkerDetailsLite> workers, List<ActiveModelLite> models) {}

  /** A team's name and id; both null for a worker without a team. */
  @Schema(name = "TeamDetailsLite", additionalProperties = AdditionalPropertiesValue.FALSE)
  record TeamDetailsLite(@Nullable @Schema(requiredMode = REQUIRED) String name,
      @Nullable @Schema(requiredMode = REQUIRED) String id) {}

  /** A deleted team. */
  @Schema(name = "DeletedTeam", additionalProperties = AdditionalPropertiesValue.FALSE)
  record DeletedTeam(String deletedId, String deletedName) {}

  // Workers

  /**
   * A worker in a list.
   *
   * @param online whether it checked in within the last 5 minutes
   */
  @Schema(name = "WorkerDetailsLite", additionalProperties = AdditionalPropertiesValue.FALSE)
  record WorkerDetailsLite(@Schema(allowableValues = {"image", "text", "interrogation"}) String type, String name,
      String id, boolean online) {}

  /** A model and how many serve it. */
  @Schema(name = "ActiveModelLite", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ActiveModelLite(String name, int count) {}

  /**
   * A worker's details; a moderator's key adds paused, suspicious and the owner's contact; the owner's alias
   * and the messages show to a moderator or when the owner made its workers public.
   *
   * @param kudosRewards the kudos the worker earned
   * @param performance {@code "<tokens/s> tokens per second"}
   * @param uptime seconds online
   * @param trusted whether the owner is trusted
   * @param flagged whether the owner is flagged
   * @param team its team, {@code {name: null, id: null}} when it has none
   * @param maxLength (text workers) the most tokens it generates
   * @param maxContextLength (text workers) the most tokens it reads
   * @param suspicious (moderators) always 0
   * @param messages always empty
   */
  @Schema(name = "WorkerDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record WorkerDetails(@Schema(allowableValues = {"image", "text", "interrogation"}) String type, String name,
      String id, boolean online, long requestsFulfilled, long uncompletedJobs, double kudosRewards,
      WorkerKudosDetails kudosDetails, String performance, int threads, long uptime, boolean maintenanceMode,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String info, boolean trusted, boolean flagged,
      TeamDetailsLite team, String bridgeAgent, boolean nsfw,
      List<String> models, @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Integer maxLength,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Integer maxContextLength,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean paused,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Integer suspicious,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String owner,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) List<Object> messages,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String contact) {}

  /**
   * @param generated kudos for generating
   * @param uptime kudos for staying online, whole kudos
   */
  @Schema(name = "WorkerKudosDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record WorkerKudosDetails(double generated, long uptime) {}

  /**
   * A worker's changes ({@code PUT /workers/{id}}): maintenance, info and name are the owner's or a
   * moderator's, paused a moderator's.
   *
   * @param team a team's id, or "" to leave the team
   */
  @Schema(name = "ModifyWorkerInput")
  record ModifyWorkerInput(@Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean maintenance,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String maintenanceMsg,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean paused,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, maxLength = 1000) String info,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, minLength = 5, maxLength = 100) String name,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED, maxLength = 36) String team) {}

  /**
   * A worker's changes as applied: each asked-for field after the change.
   *
   * @param team the team's name, or "None" when the worker left its team
   */
  @Schema(name = "ModifyWorker", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModifyWorker(@Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean maintenance,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean paused,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String info,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String name,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) String team) {}

  /** A deleted worker. */
  @Schema(name = "DeletedWorker", additionalProperties = AdditionalPropertiesValue.FALSE)
  record DeletedWorker(String deletedId, String deletedName) {}

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

  /**
   * The horde's modes: a read shows maintenance and invite-only (and raid to a moderator); a change shows the
   * modes it asked for.
   */
  @Schema(name = "HordeModes", additionalProperties = AdditionalPropertiesValue.FALSE)
  record HordeModes(@Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean maintenanceMode,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean inviteOnlyMode,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean raidMode) {}

  /**
   * The modes to set ({@code PUT /status/modes}): maintenance is an admin's, invite-only and raid a moderator's.
   * The response's names ({@code maintenance_mode}, ...) are accepted as well.
   */
  @Schema(name = "HordeModesInput")
  record HordeModesInput(@Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean maintenance,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean inviteOnly,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean raid,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean maintenanceMode,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean inviteOnlyMode,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) Boolean raidMode) {}

  /**
   * A model served by the horde's online workers.
   *
   * @param count the threads of the online workers serving it
   * @param performance tokens per second
   * @param queued tokens waiting for it
   * @param jobs jobs waiting or in flight for it
   * @param eta seconds to clear its queue, 10000 when unknown
   */
  @Schema(name = "ActiveModel", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ActiveModel(String name, int count, double performance, double queued, double jobs, int eta,
      @Schema(allowableValues = {"image", "text"}) String type) {}

  /** The horde's load: image and interrogation numbers are 0 (this horde generates text only). */
  @Schema(name = "HordePerformance", additionalProperties = AdditionalPropertiesValue.FALSE)
  record HordePerformance(int queuedRequests, long queuedTextRequests, int workerCount, int textWorkerCount,
      int threadCount, long textThreadCount, double queuedMegapixelsteps, double pastMinuteMegapixelsteps,
      double queuedForms, int interrogatorCount, int interrogatorThreadCount, double queuedTokens,
      double pastMinuteTokens) {}

  /**
   * A piece of news; a field the piece lacks is null.
   *
   * @param datePublished YYYY-MM-DD
   */
  @Schema(name = "Newspiece", additionalProperties = AdditionalPropertiesValue.FALSE)
  record Newspiece(@Nullable @Schema(requiredMode = REQUIRED) String datePublished,
      @Nullable @Schema(requiredMode = REQUIRED) String newspiece,
      @Nullable @Schema(requiredMode = REQUIRED) String importance,
      @Nullable @Schema(requiredMode = REQUIRED) List<String> tags,
      @Nullable @Schema(requiredMode = REQUIRED) String title,
      @Nullable @Schema(requiredMode = REQUIRED) List<String> moreInfoUrls) {}

  /**
   * A read model's projection lag (not the reference's).
   *
   * @param name the read model
   * @param lag records not yet folded into it
   * @param checkedAt when the lag was measured, ISO-8601
   */
  @Schema(name = "ProjectionStatus", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ProjectionStatus(String name, long lag, String checkedAt) {}

  // Stats

  /** Delivered text jobs over the last minute, hour, day, 30 days and all time. */
  @Schema(name = "StatsTxtTotals", additionalProperties = AdditionalPropertiesValue.FALSE)
  record StatsTxtTotals(SinglePeriodTxtStat minute, SinglePeriodTxtStat hour, SinglePeriodTxtStat day,
      SinglePeriodTxtStat month, SinglePeriodTxtStat total) {}

  /**
   * @param requests delivered jobs
   * @param tokens their max_length summed (as the reference counts tokens)
   */
  @Schema(name = "SinglePeriodTxtStat", additionalProperties = AdditionalPropertiesValue.FALSE)
  record SinglePeriodTxtStat(long requests, long tokens) {}

  /** Delivered text jobs per model over the last day, 30 days and all time (models with none left out). */
  @Schema(name = "TxtModelStats", additionalProperties = AdditionalPropertiesValue.FALSE)
  record TxtModelStats(Map<String, Long> day, Map<String, Long> month, Map<String, Long> total) {}
}
