package ai.horde.ingress.text;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.AccountBalance;
import ai.horde.events.TextCriteria;
import ai.horde.events.RequestAccepted;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.kafka.CommandGateway;
import ai.horde.ingress.text.TextBodies.GenerationInputKobold;
import ai.horde.ingress.text.TextBodies.ModelGenerationInputKobold;
import ai.horde.ingress.text.TextBodies.RequestAsync;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Effect;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.SharedKey;
import ai.horde.text.ModelReference;
import ai.horde.text.TextKudos;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Text request intake ({@code POST /generate/text/async}): checks a request in the reference's order (spec
 * R1.1) and answers 202 only once Kafka acknowledged the accepted request.
 *
 * <p>Choices where the reference has a quirk: the 202's {@code kudos} is the request's estimated price (the
 * reference always answers 0, Q4); the concurrency limit counts all of a user's waiting jobs, for the
 * anonymous user too (the reference counts anonymous requests per model and double-counts, Q20).
 *
 * <p>Upfront kudos (spec §4.3, {@link UpfrontRules}): a request that needs them is queued only once the ledger
 * holds them on the requester's account ({@code upfront:<request id>}, carried on the accepted request so that
 * its debits draw the hold down and its end releases it); one the requester cannot afford is downgraded
 * ({@code allow_downgrade}) or refused. Requests that need none never wait for the ledger.
 *
 * <p>Shared keys (spec §3.15): a request made with one is its owner's, charged to the owner and counted against
 * the key; a key that is used up or too short of kudos downgrades the request when it allows that (the
 * scheduler then queues it at -50), and refuses it otherwise.
 *
 * <p>Known gaps (later issues): styles, the NSFW replacement filter, IP timeouts, rate limits, webhooks.
 */
@Singleton
final class TextRequests {
  private static final int MAX_WORKERS = 5;
  private static final String NO_WORKER = "Warning: No available workers can fulfill this request. It will expire "
      + "in 20 minutes. Consider reducing the amount of tokens to generate.";

  private final CommandGateway gateway;
  private final Decisions decisions;
  private final HordeViews views;
  private final Identities identities;
  private final WorkerAvailability availability;
  private final TextPayloads payloads;
  private final Clock clock;
  private final ModelReference models = ModelReference.load();

  TextRequests(CommandGateway gateway, Decisions decisions, HordeViews views, Identities identities,
      WorkerAvailability availability, TextPayloads payloads, Clock clock) {
    this.gateway = gateway;
    this.decisions = decisions;
    this.views = views;
    this.identities = identities;
    this.availability = availability;
    this.payloads = payloads;
    this.clock = clock;
  }

  /** Who makes a request (R1.1 step 8), with the shared key it came with, and whether it is downgraded. */
  private record Requester(UserAccount user, SharedKey key, boolean downgraded) {}

  /**
   * @param params the params as the client sent them, passed on to the worker
   */
  CompletableFuture<HttpResponse<RequestAsync>> accept(GenerationInputKobold input, JsonNode params, String apiKey,
      String clientAgent, String clientIp) {
    if (views.modes().getMaintenance()) {
      throw ApiError.badRequest("MaintenanceMode", "AI Horde has entered maintenance mode. Please try again later.");
    }
    if (input.webhook() != null && !input.webhook().startsWith("https://")) {
      throw ApiError.badRequest("BadRequest", "webhooks need to point to an https endpoint.");
    }
    return requester(apiKey, input.allowDowngrade())
        .thenCompose(requester -> accept(input, params, requester, clientAgent, clientIp));
  }

  /** A shared key's owner, or the key's user; a used-up shared key runs as anonymous when allowed (R3.15.4). */
  private CompletableFuture<Requester> requester(String apiKey, boolean allowDowngrade) {
    return identities.sharedKey(apiKey).thenCompose(shared -> {
      if (shared.isEmpty()) {
        return identities.require(apiKey).thenApply(user -> new Requester(user, null, false));
      }
      SharedKey key = shared.get();
      switch (key.validity(clock.instant())) {
        case EXPIRED -> throw SharedKey.expired();
        case EMPTY -> {
          if (!allowDowngrade) {
            throw SharedKey.empty();
          }
          return CompletableFuture.completedFuture(new Requester(Accounts.ANONYMOUS, null, true));
        }
        default -> {
          return CompletableFuture.completedFuture(new Requester(key.owner(), key, false));
        }
      }
    });
  }

  private CompletableFuture<HttpResponse<RequestAsync>> accept(GenerationInputKobold input, JsonNode params,
      Requester requester, String clientAgent, String clientIp) {
    UserAccount user = requester.user();
    checkRequest(input, user);
    ModelGenerationInputKobold p = input.params();
    UpfrontRules.Need need = UpfrontRules.need(input.slowWorkers(), p.maxLength(),
        views.onlineTextThreads(clock.millis()), views.statuses().queuedJobs());
    long requiredCenti = TextKudos.upfrontRequiredCenti(models, input.models(), p.maxLength(), p.n());
    boolean downgraded = requester.downgraded();
    SharedKey key = requester.key();
    if (key != null) {
      // A limited shared key must cover the required kudos even when no upfront kudos are needed (spec §4.3).
      if (SharedKeyLimits.insufficient(key, requiredCenti)) {
        if (!input.allowDowngrade()) {
          throw SharedKeyLimits.insufficientKudos(key,
              UpfrontRules.requiredKudos(requiredCenti, p.n(), !input.models().isEmpty()));
        }
        downgraded = true;
      }
      // Checked here rather than after the upfront hold (R1.1 step 25): a refusal then holds nothing.
      SharedKeyLimits.checkTokens(key, p.maxLength());
    }
    Intake intake = new Intake(input, params, user, key == null ? null : key.hash(), downgraded, clientAgent, clientIp);
    if (input.dryRun()) {
      // A dry run holds nothing: it is refused, or priced downgraded, on what this instance sees of the balance.
      UpfrontRules.Admission admission = UpfrontRules.Admission.asRequested(p.maxLength(), input.slowWorkers());
      if (UpfrontRules.asksLedger(need, requiredCenti) && !affordableNow(user, requiredCenti)) {
        admission = UpfrontRules.afterHold(false, need, input.allowDowngrade(), p.maxLength(), input.slowWorkers(),
            requiredCenti, p.n(), !input.models().isEmpty());
      }
      return CompletableFuture.completedFuture(HttpResponse.ok(new RequestAsync(null, price(intake, admission), null)));
    }
    String requestId = UUID.randomUUID().toString();
    if (!UpfrontRules.asksLedger(need, requiredCenti)) {
      // Most requests: no upfront kudos, so no call to the ledger on the way to the 202.
      return queue(intake, requestId, UpfrontRules.Admission.asRequested(p.maxLength(), input.slowWorkers()), null);
    }
    String account = Accounts.user(user.getUserId());
    String holdId = KudosCommands.upfrontHold(requestId);
    Instant now = clock.instant();
    return decisions.ledger(KudosCommands.reserve(account, holdId, requiredCenti, now.plus(UpfrontRules.HOLD_FOR), now),
            Effect.NONE)
        .whenComplete((answer, error) -> {
          if (error != null) {
            // No answer in time: a hold placed anyway would lock the kudos for hours; it is freed instead.
            decisions.tell(KudosCommands.release(account, holdId, clock.instant()));
          }
        }).thenCompose(answer -> {
          UpfrontRules.Admission admission = UpfrontRules.afterHold(answer.getOk(), need, input.allowDowngrade(),
              p.maxLength(), input.slowWorkers(), requiredCenti, p.n(), !input.models().isEmpty());
          return queue(intake, requestId, admission, admission.held() ? holdId : null);
        });
  }

  /** A request that passed every check, before its upfront kudos are decided. */
  private record Intake(GenerationInputKobold input, JsonNode params, UserAccount user, String sharedKeyHash,
      boolean downgraded, String clientAgent, String clientIp) {}

  /** R1.1 steps 9 to 22, in the reference's order. */
  private void checkRequest(GenerationInputKobold input, UserAccount user) {
    if (input.proxiedAccount() != null) {
      throw ApiError.badRequest("OnlyServiceAccountProxy", "Only service accounts can proxy other accounts.");
    }
    if (user.getDeleted()) {
      throw ApiError.deletedUser();
    }
    int extraImages = input.extraSourceImages().size();
    if (extraImages > 5) {
      throw ApiError.badRequest("TooManyExtraSourceImages.", "You can send a maximum of 5 extra source images.");
    }
    if (extraImages > 1 && !user.getTrusted()) {
      throw ApiError.badRequest("MoreThanMinExtraSourceImage.",
          "Only trusted users can send more than 1 extra source image.");
    }
    if (input.prompt().isEmpty()) {
      throw ApiError.badRequest("MissingPrompt", "You cannot specify an empty prompt.");
    }
    if (input.prompt().indexOf('\u0000') >= 0) {
      throw ApiError.badRequest("NulByteInPayload", "Request payload may not contain NUL (0x00) bytes.");
    }
    for (String workerId : input.workers()) {
      if (views.workers().byId(workerId).isEmpty()) {
        throw new ApiError(404, "WorkerNotFound", "Worker with ID '" + workerId + "' not found.");
      }
    }
    int n = input.params().n();
    if (n > 1 && input.disableBatching() && !user.getTrusted()) {
      throw ApiError.badRequest("RequiresTrust", "Only Trusted users can disable batching.");
    }
    int waiting = views.statuses().waitingJobs(user.getUserId());
    if (waiting + n > user.getConcurrency()) {
      throw new ApiError(429, "TooManyPrompts", user.getUserId() == Accounts.ANONYMOUS_ID
          ? "Too many anonymous requests on using the AI Horde currently (" + waiting + "/" + user.getConcurrency()
              + "). Please consider getting a personal API key at https://aihorde.net/register which will also "
              + "provide higher priority."
          : "Parallel requests (" + waiting + ") exceeded user limit (" + user.getConcurrency()
              + "). Please try again later or request to increase your concurrency.");
    }
    TextParamRules.check(input.params());
    if (extraImages > 0) {
      throw ApiError.badRequest("InvalidExtraSourceImages.", "This request type does not accept extra source images.");
    }
  }

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
    ModelGenerationInputKobold p = intake.input().params();
    return TextKudos.dryRunPrice(models, intake.input().models(), admission.maxLength(), p.maxContextLength(), p.n());
  }

  /** Queues the admitted request: 202 once Kafka has it; a hold placed for it is released if that fails. */
  private CompletableFuture<HttpResponse<RequestAsync>> queue(Intake intake, String requestId,
      UpfrontRules.Admission admission, String holdId) {
    GenerationInputKobold input = intake.input();
    UserAccount user = intake.user();
    List<String> workers = input.workers();
    TextCriteria criteria = TextCriteria.newBuilder().setModels(input.models()).setMaxLength(admission.maxLength())
        .setMaxContextLength(input.params().maxContextLength())
        .setWorkers(workers.subList(0, Math.min(workers.size(), MAX_WORKERS)))
        .setWorkerBlacklist(input.workerBlacklist()).setTrustedWorkers(input.trustedWorkers())
        .setValidatedBackends(input.validatedBackends()).setSlowWorkers(admission.slowWorkers()).build();
    Instant now = clock.instant();
    String prompt = input.prompt();
    RequestAccepted accepted = RequestAccepted.newBuilder()
        .setRequestId(requestId)
        .setUserId(user.getUserId())
        // Facts for the scheduler, which alone decides the queue priority (spec R3.5.1, R3.15.4).
        .setDowngraded(intake.downgraded()).setRequesterFlagged(user.getFlagged())
        .setSharedKey(intake.sharedKeyHash())
        // The worker generates what was admitted, not what was asked (spec §4.3 step 5).
        .setPayloadJson(payloads.job(intake.params(), input.params(), prompt, admission.maxLength()))
        .setPromptChars(prompt.codePointCount(0, prompt.length()))
        .setN(input.params().n()).setCriteria(criteria).setClientAgent(intake.clientAgent())
        .setWebhook(input.webhook()).setClientIp(intake.clientIp()).setHoldId(holdId)
        .setAcceptedAt(now).build();
    double price = price(intake, admission);
    return gateway.send(Topics.TEXT_REQUESTS, requestId, accepted).whenComplete((sent, error) -> {
      if (error != null && holdId != null) {
        decisions.tell(KudosCommands.release(Accounts.user(user.getUserId()), holdId, clock.instant()));
      }
    }).thenApply(sent -> {
      // This instance shows the request at once; the scheduler's status follows.
      views.statuses().accepted(accepted, now.toEpochMilli());
      boolean possible = availability.anyCanServe(requestId, user.getUserId(), criteria, now.toEpochMilli());
      return HttpResponse.status(HttpStatus.ACCEPTED).body(new RequestAsync(requestId, price,
          possible ? null : NO_WORKER));
    });
  }
}
