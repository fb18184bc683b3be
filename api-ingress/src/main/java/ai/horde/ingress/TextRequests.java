package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.AccountBalance;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.KudosAnswer;
import ai.horde.events.TextCancelRequested;
import ai.horde.events.TextCriteria;
import ai.horde.events.TextRequestAccepted;
import ai.horde.events.TextRequestStatus;
import ai.horde.events.UserAccount;
import ai.horde.text.ModelReference;
import ai.horde.text.TextKudos;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Text requests: intake ({@code POST /generate/text/async}), status and cancel. Intake checks a request in
 * the reference's order (spec R1.1) and answers 202 only once Kafka acknowledged the accepted request.
 *
 * <p>Choices where the reference has a quirk: the 202's {@code kudos} is the request's estimated price
 * (the reference always answers 0, Q4); the concurrency limit counts all of a user's waiting jobs, for the
 * anonymous user too (the reference counts anonymous requests per model and double-counts, Q20).
 *
 * <p>Upfront kudos (spec §4.3, {@link UpfrontRules}): a request that needs them is queued only once the
 * ledger holds them on the requester's account ({@code upfront:<request id>}, carried on the accepted
 * request so that its debits draw the hold down and its end releases it); one the requester cannot afford
 * is downgraded ({@code allow_downgrade}) or refused. Requests that need none never wait for the ledger.
 *
 * <p>Shared keys (spec §3.15): a request made with one is its owner's, charged to the owner and counted
 * against the key ({@code TextRequestAccepted.shared_key}); a key that is used up or too short of kudos
 * downgrades the request to priority -50 when it allows that, and refuses it otherwise.
 *
 * <p>Known gaps (later issues): styles, the NSFW replacement filter, IP timeouts, rate limits, webhooks;
 * a flagged user's requests keep their usual priority.
 */
@Singleton
final class TextRequests {
  private static final String PROMPT_HELP = "The prompt which will be sent to KoboldAI to generate text.";
  private static final int MAX_WORKERS = 5;
  private static final Duration CATCH_UP = Duration.ofSeconds(2);
  /** Sampler fields the reference's payload model always carries, with its defaults (spec §1.1.4). */
  private static final Map<String, Double> PAYLOAD_DEFAULTS = new LinkedHashMap<>(Map.of(
      "min_p", 0.0, "smoothing_factor", 0.0, "dynatemp_range", 0.0, "dynatemp_exponent", 1.0));

  private final CommandGateway gateway;
  private final LedgerCalls ledger;
  private final HordeViews views;
  private final Identities identities;
  private final WorkerAvailability availability;
  private final StatusBodies statusBodies;
  private final ModelReference models = ModelReference.load();

  TextRequests(CommandGateway gateway, LedgerCalls ledger, HordeViews views, Identities identities,
      WorkerAvailability availability, StatusBodies statusBodies) {
    this.gateway = gateway;
    this.ledger = ledger;
    this.views = views;
    this.identities = identities;
    this.availability = availability;
    this.statusBodies = statusBodies;
  }

  CompletableFuture<MutableHttpResponse<String>> accept(String body, String apiKey, String clientAgent,
      String clientIp) {
    JsonNode json = Bodies.parse(body, TextShapes.ASYNC);
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", Identities.API_KEY_HELP);
    }
    if (Bodies.missing(json, "prompt")) {
      throw InvalidPayload.missingField("prompt", PROMPT_HELP);
    }
    if (views.modes().getMaintenance()) {
      throw HordeError.badRequest("MaintenanceMode", "AI Horde has entered maintenance mode. Please try again later.");
    }
    String webhook = Bodies.text(json, "webhook", null);
    if (webhook != null && !webhook.startsWith("https://")) {
      throw HordeError.badRequest("BadRequest", "webhooks need to point to an https endpoint.");
    }
    boolean allowDowngrade = Bodies.flag(json, "allow_downgrade", false);
    return requester(apiKey, allowDowngrade)
        .thenCompose(requester -> accept(json, requester, clientAgent, clientIp));
  }

  /**
   * Who makes the request (spec R1.1 step 8): a shared key's owner, or the key's user. A shared key that is
   * used up runs as anonymous, downgraded, when the request allows it (R3.15.4).
   */
  private CompletableFuture<Requester> requester(String apiKey, boolean allowDowngrade) {
    return identities.sharedKey(apiKey).thenCompose(shared -> {
      if (shared.isEmpty()) {
        return identities.require(apiKey).thenApply(user -> new Requester(user, null, false));
      }
      Identities.SharedKey key = shared.get();
      switch (SharedKeyIntake.validity(key.state(), identities.usage(key), Instant.now())) {
        case EXPIRED:
          throw SharedKeyIntake.expired();
        case EMPTY:
          if (!allowDowngrade) {
            throw SharedKeyIntake.empty();
          }
          return CompletableFuture.completedFuture(new Requester(Accounts.ANONYMOUS, null, true));
        default:
          return CompletableFuture.completedFuture(new Requester(key.owner(), key, false));
      }
    });
  }

  /** The user a request is made and charged as, the shared key it came with, and whether it is downgraded. */
  private record Requester(UserAccount user, Identities.SharedKey key, boolean downgraded) {}

  private CompletableFuture<MutableHttpResponse<String>> accept(JsonNode json, Requester requester,
      String clientAgent, String clientIp) {
    UserAccount user = requester.user();
    if (!Bodies.missing(json, "proxied_account")) {
      throw HordeError.badRequest("OnlyServiceAccountProxy", "Only service accounts can proxy other accounts.");
    }
    if (user.getDeleted()) {
      throw HordeError.deletedUser();
    }
    int extraImages = json.path("extra_source_images").size();
    if (extraImages > 5) {
      throw HordeError.badRequest("TooManyExtraSourceImages.", "You can send a maximum of 5 extra source images.");
    }
    if (extraImages > 1 && !user.getTrusted()) {
      throw HordeError.badRequest("MoreThanMinExtraSourceImage.",
          "Only trusted users can send more than 1 extra source image.");
    }
    String prompt = json.get("prompt").asText();
    if (prompt.isEmpty()) {
      throw HordeError.badRequest("MissingPrompt", "You cannot specify an empty prompt.");
    }
    if (prompt.indexOf('\u0000') >= 0) {
      throw HordeError.badRequest("NulByteInPayload", "Request payload may not contain NUL (0x00) bytes.");
    }
    List<String> workers = strings(json.path("workers"));
    for (String workerId : workers) {
      if (views.workers.byId(workerId).isEmpty()) {
        throw new HordeError(404, "WorkerNotFound", "Worker with ID '" + workerId + "' not found.");
      }
    }
    JsonNode params = json.path("params");
    int n = Bodies.integer(params, "n", 1);
    if (n > 1 && Bodies.flag(json, "disable_batching", false) && !user.getTrusted()) {
      throw HordeError.badRequest("RequiresTrust", "Only Trusted users can disable batching.");
    }
    int waiting = views.statuses.waitingJobs(user.getUserId());
    if (waiting + n > user.getConcurrency()) {
      throw new HordeError(429, "TooManyPrompts", user.getUserId() == Accounts.ANONYMOUS_ID
          ? "Too many anonymous requests on using the AI Horde currently (" + waiting + "/" + user.getConcurrency()
              + "). Please consider getting a personal API key at https://aihorde.net/register which will also "
              + "provide higher priority."
          : "Parallel requests (" + waiting + ") exceeded user limit (" + user.getConcurrency()
              + "). Please try again later or request to increase your concurrency.");
    }
    int maxLength = Bodies.integer(params, "max_length", 80);
    int maxContextLength = Bodies.integer(params, "max_context_length", 2048);
    checkTextParams(params, maxLength, maxContextLength);
    if (extraImages > 0) {
      throw HordeError.badRequest("InvalidExtraSourceImages.", "This request type does not accept extra source images.");
    }

    List<String> requestedModels = strings(json.path("models"));
    boolean slowWorkers = Bodies.flag(json, "slow_workers", true);
    boolean allowDowngrade = Bodies.flag(json, "allow_downgrade", false);
    UpfrontRules.Need need = UpfrontRules.need(slowWorkers, maxLength,
        views.onlineTextThreads(System.currentTimeMillis()), views.queuedTextJobs());
    long requiredCenti = TextKudos.upfrontRequiredCenti(models, requestedModels, maxLength, n);
    boolean downgraded = requester.downgraded();
    Identities.SharedKey key = requester.key();
    if (key != null) {
      // A limited shared key must cover the required kudos even when no upfront kudos are needed (spec §4.3).
      var usage = identities.usage(key);
      if (SharedKeyIntake.insufficient(usage, requiredCenti)) {
        if (!allowDowngrade) {
          throw SharedKeyIntake.insufficientKudos(usage,
              UpfrontRules.requiredKudos(requiredCenti, n, !requestedModels.isEmpty()));
        }
        downgraded = true;
      }
      // Checked here rather than after the upfront hold (R1.1 step 25): a refusal then holds nothing.
      SharedKeyIntake.checkTokens(key.state(), maxLength);
    }
    Intake intake = new Intake(json, user, params, prompt, workers, requestedModels, maxLength, maxContextLength, n,
        clientAgent, clientIp, key == null ? null : key.hash(), downgraded);

    if (Bodies.flag(json, "dry_run", false)) {
      // A dry run holds nothing: it is refused, or priced downgraded, on what this instance sees of the balance.
      UpfrontRules.Admission admission = UpfrontRules.Admission.asRequested(maxLength, slowWorkers);
      if (UpfrontRules.asksLedger(need, requiredCenti) && !affordableNow(user, requiredCenti)) {
        admission = UpfrontRules.afterHold(false, need, allowDowngrade, maxLength, slowWorkers, requiredCenti, n,
            !requestedModels.isEmpty());
      }
      double price = price(intake, admission);
      return CompletableFuture.completedFuture(Responses.ok(Responses.JSON.createObjectNode().put("kudos", price)));
    }

    String requestId = UUID.randomUUID().toString();
    if (!UpfrontRules.asksLedger(need, requiredCenti)) {
      // Most requests: no upfront kudos, so no call to the ledger on the way to the 202.
      return queue(intake, requestId, UpfrontRules.Admission.asRequested(maxLength, slowWorkers), null);
    }
    String account = Accounts.user(user.getUserId());
    String holdId = KudosCommands.upfrontHold(requestId);
    Instant now = Instant.now();
    return ledger.ask(KudosCommands.reserve(account, holdId, requiredCenti, now.plus(UpfrontRules.HOLD_FOR), now))
        .whenComplete((reply, error) -> {
          if (error != null) {
            // No answer in time: a hold placed anyway would lock the kudos for hours; it is freed instead.
            ledger.tell(KudosCommands.release(account, holdId, Instant.now()));
          }
        }).thenCompose(reply -> {
          if (reply instanceof ErrorAnswer e) {
            throw LedgerCalls.refusal(e);
          }
          if (!(reply instanceof KudosAnswer answer)) {
            throw LedgerCalls.unexpected(reply);
          }
          UpfrontRules.Admission admission = UpfrontRules.afterHold(answer.getOk(), need, allowDowngrade, maxLength,
              slowWorkers, requiredCenti, n, !requestedModels.isEmpty());
          return queue(intake, requestId, admission, admission.held() ? holdId : null);
        });
  }

  /** A request that passed every check, before its upfront kudos are decided. */
  private record Intake(JsonNode json, UserAccount user, JsonNode params, String prompt, List<String> workers,
      List<String> models, int maxLength, int maxContextLength, int n, String clientAgent, String clientIp,
      String sharedKeyHash, boolean downgraded) {}

  /** Whether the requester's balance, as this instance sees it, could hold the upfront kudos now. */
  private boolean affordableNow(UserAccount user, long requiredCenti) {
    AccountBalance balance = views.balance(Accounts.user(user.getUserId())).orElse(null);
    if (balance == null) {
      return UpfrontRules.affordable(0, Accounts.floorCenti(user), 0, requiredCenti);
    }
    long floor = balance.getFloorCenti() == null ? Accounts.floorCenti(user) : balance.getFloorCenti();
    return UpfrontRules.affordable(balance.getBalanceCenti(), floor, balance.getHeldCenti(), requiredCenti);
  }

  /** The dry-run price of the request as admitted (a downgraded request is priced at its cut length). */
  private double price(Intake intake, UpfrontRules.Admission admission) {
    return TextKudos.dryRunPrice(models, intake.models(), admission.maxLength(), intake.maxContextLength(), intake.n());
  }

  /**
   * Queues the admitted request: answers 202 once Kafka acknowledged it. If that fails after a hold was
   * placed, the hold is released rather than left to expire.
   */
  private CompletableFuture<MutableHttpResponse<String>> queue(Intake intake, String requestId,
      UpfrontRules.Admission admission, String holdId) {
    JsonNode json = intake.json();
    UserAccount user = intake.user();
    TextCriteria criteria = TextCriteria.newBuilder().setModels(intake.models()).setMaxLength(admission.maxLength())
        .setMaxContextLength(intake.maxContextLength())
        .setWorkers(intake.workers().subList(0, Math.min(intake.workers().size(), MAX_WORKERS)))
        .setWorkerBlacklist(Bodies.flag(json, "worker_blacklist", false))
        .setTrustedWorkers(Bodies.flag(json, "trusted_workers", false))
        .setValidatedBackends(Bodies.flag(json, "validated_backends", false))
        .setSlowWorkers(admission.slowWorkers()).build();
    JsonNode params = intake.params();
    if (admission.downgraded(intake.maxLength())) {
      // The worker generates what was admitted, not what was asked (spec §4.3 step 5).
      ObjectNode cut = params.isObject() ? ((ObjectNode) params).deepCopy() : Responses.JSON.createObjectNode();
      params = cut.put("max_length", admission.maxLength());
    }
    Instant now = Instant.now();
    TextRequestAccepted accepted = TextRequestAccepted.newBuilder()
        .setRequestId(requestId)
        .setUserId(user.getUserId())
        // The reference floors balances, so a priority never starts below the user's floor (spec R3.5.1);
        // a downgraded shared-key request runs at -50 (R3.15.4).
        .setPriorityCenti(intake.downgraded() ? SharedKeyIntake.DOWNGRADED_PRIORITY_CENTI
            : Math.max(views.balanceCenti(Accounts.user(user.getUserId())), Accounts.floorCenti(user)))
        .setSharedKey(intake.sharedKeyHash())
        .setPayloadJson(jobPayload(params, intake.prompt(), admission.maxLength(), intake.maxContextLength()))
        .setPromptChars(intake.prompt().codePointCount(0, intake.prompt().length()))
        .setN(intake.n()).setCriteria(criteria).setClientAgent(intake.clientAgent())
        .setWebhook(Bodies.text(json, "webhook", null))
        .setClientIp(intake.clientIp())
        .setHoldId(holdId)
        .setAcceptedAt(now).build();
    double price = price(intake, admission);
    return gateway.send(Topics.TEXT_REQUESTS, accepted.getRequestId(), accepted).whenComplete((sent, error) -> {
      if (error != null && holdId != null) {
        ledger.tell(KudosCommands.release(Accounts.user(user.getUserId()), holdId, Instant.now()));
      }
    }).thenApply(sent -> {
      views.statuses.accepted(accepted, now.toEpochMilli());
      ObjectNode answer = Responses.JSON.createObjectNode().put("id", accepted.getRequestId()).put("kudos", price);
      if (!availability.anyCanServe(accepted.getRequestId(), user.getUserId(), criteria, now.toEpochMilli())) {
        answer.put("message", "Warning: No available workers can fulfill this request. It will expire in 20 minutes. "
            + "Consider reducing the amount of tokens to generate.");
      }
      return Responses.json(202, answer);
    });
  }

  /** The reference's text parameter checks (validation.py), after the schema's ranges. */
  private static void checkTextParams(JsonNode params, int maxLength, int maxContextLength) {
    if (maxContextLength < maxLength) {
      throw HordeError.badRequest("TokenOverflow", "Your requested generation length (" + maxLength
          + ") cannot be longer than the context length (" + maxContextLength + ").");
    }
    if (params.has("sampler_order") && params.get("sampler_order").isArray()) {
      Set<String> distinct = new LinkedHashSet<>(strings(params.get("sampler_order")));
      if (distinct.size() < 7) {
        throw HordeError.badRequest("MissingFullSamplerOrder",
            "When sending a custom sampler order, you need to specify all possible samplers in the order");
      }
    }
    if (params.has("stop_sequence") && params.get("stop_sequence").isArray()) {
      Set<String> distinct = new LinkedHashSet<>(strings(params.get("stop_sequence")));
      if (distinct.size() > 128) {
        throw HordeError.badRequest("TooManyStopSequences", "Too many stop sequences specified (max allowed is 128).");
      }
      if (distinct.stream().mapToInt(String::length).sum() > 2000) {
        throw HordeError.badRequest("ExcessiveStopSequence",
            "Your total stop sequence length is too long. Please reduce it below 2000 characters.");
      }
    }
  }

  /**
   * What a worker receives: every param as the client sent it (newer samplers included), {@code n} set to
   * 1, the reference's always-present defaults, and the prompt.
   */
  static String jobPayload(JsonNode params, String prompt, int maxLength, int maxContextLength) {
    ObjectNode payload = params.isObject() ? ((ObjectNode) params).deepCopy() : Responses.JSON.createObjectNode();
    payload.remove("n");
    putIfAbsent(payload, "max_length", maxLength);
    putIfAbsent(payload, "max_context_length", maxContextLength);
    PAYLOAD_DEFAULTS.forEach((field, value) -> {
      if (!payload.has(field)) {
        payload.put(field, value);
      }
    });
    payload.put("n", 1);
    payload.put("prompt", prompt);
    return payload.toString();
  }

  private static void putIfAbsent(ObjectNode payload, String field, int value) {
    if (!payload.has(field) || payload.get(field).isNull()) {
      payload.put(field, value);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  // Status and cancel

  CompletableFuture<MutableHttpResponse<String>> status(String requestId) {
    return find(requestId, "Status").thenApply(status ->
        Responses.ok(statusBodies.render(status, System.currentTimeMillis())));
  }

  /** Answers the status as it was, then stops handing out the request's jobs (spec §1.1.3). */
  CompletableFuture<MutableHttpResponse<String>> cancel(String requestId) {
    return find(requestId, "Delete").thenCompose(status -> {
      ObjectNode before = statusBodies.render(status, System.currentTimeMillis());
      return gateway.send(Topics.TEXT_CANCELS, requestId, new TextCancelRequested(requestId, Instant.now()))
          .thenApply(sent -> Responses.ok(before));
    });
  }

  /** A live request's status; one accepted anywhere before this call is always found. */
  private CompletableFuture<TextRequestStatus> find(String requestId, String action) {
    HordeError notFound = new HordeError(404, "RequestNotFound",
        "Text Waiting Prompt (" + action + ") with ID '" + requestId + "' not found.");
    var known = views.statuses.get(requestId);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known.get());
    }
    return views.caughtUp(List.of(Topics.TEXT_REQUESTS, Topics.TEXT_STATUS), CATCH_UP)
        .handle((ok, error) -> views.statuses.get(requestId).orElseThrow(() -> notFound));
  }
}
