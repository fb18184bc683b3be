package ai.horde.ingress.text;

import ai.horde.accounts.KudosCommands;
import ai.horde.events.RequestAccepted;
import ai.horde.events.TextCriteria;
import ai.horde.events.UserAccount;
import ai.horde.ingress.filters.PromptGate;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.NulBytes;
import ai.horde.ingress.intake.IntakeBodies.RequestAsync;
import ai.horde.ingress.intake.RequestIntake;
import ai.horde.ingress.intake.RequestIntake.Requester;
import ai.horde.ingress.intake.SharedKeyLimits;
import ai.horde.ingress.intake.WorkerAvailability;
import ai.horde.ingress.text.TextBodies.GenerationInputKobold;
import ai.horde.ingress.text.TextBodies.ModelGenerationInputKobold;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.SharedKey;
import ai.horde.text.ModelReference;
import ai.horde.text.TextKudos;
import ai.horde.work.WorkKind;
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
 * <p>A flagged user's prompt is rewritten by the replacement filter ({@link PromptGate}, spec R1.14); the
 * regex filters' IP countermeasure is the image path's only (R1.13).
 *
 * <p>Known gaps (later issues): styles. Rate limits are
 * {@code limits.RateLimitFilter}'s, before the route.
 */
@Singleton
final class TextRequests {
  private static final int MAX_WORKERS = 5;
  private static final String NO_WORKER = "Warning: No available workers can fulfill this request. It will expire "
      + "in 20 minutes. Consider reducing the amount of tokens to generate.";

  private final RequestIntake intake;
  private final PromptGate prompts;
  private final HordeViews views;
  private final WorkerAvailability availability;
  private final TextPayloads payloads;
  private final Clock clock;
  private final ModelReference models = ModelReference.load();

  TextRequests(RequestIntake intake, PromptGate prompts, HordeViews views, WorkerAvailability availability,
      TextPayloads payloads,
      Clock clock) {
    this.intake = intake;
    this.prompts = prompts;
    this.views = views;
    this.availability = availability;
    this.payloads = payloads;
    this.clock = clock;
  }

  /**
   * @param params the params as the client sent them, passed on to the worker
   */
  CompletableFuture<HttpResponse<RequestAsync>> accept(GenerationInputKobold input, JsonNode params, String apiKey,
      String clientAgent, String clientIp) {
    return intake.checkOpen(input.webhook()).thenCompose(open -> intake.requester(apiKey, input.allowDowngrade()))
        .thenCompose(requester -> accept(input, params, requester, clientAgent, clientIp));
  }

  private CompletableFuture<HttpResponse<RequestAsync>> accept(GenerationInputKobold input, JsonNode params,
      Requester requester, String clientAgent, String clientIp) {
    UserAccount user = requester.user();
    String prompt = checkRequest(input, user, clientIp);
    ModelGenerationInputKobold p = input.params();
    UpfrontRules.Need need = UpfrontRules.need(input.slowWorkers(), p.maxLength(),
        views.onlineThreads(WorkKind.TEXT, clock.millis()), views.statuses(WorkKind.TEXT).queuedJobs());
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
    Admitted admitted = new Admitted(input, prompt, params, user, requester.sharedKeyHash(), downgraded, clientAgent, clientIp);
    if (input.dryRun()) {
      // A dry run holds nothing: it is refused, or priced downgraded, on what this instance sees of the balance.
      UpfrontRules.Admission admission = UpfrontRules.Admission.asRequested(p.maxLength(), input.slowWorkers());
      if (UpfrontRules.asksLedger(need, requiredCenti) && !intake.affordableNow(user, requiredCenti)) {
        admission = UpfrontRules.afterHold(false, need, input.allowDowngrade(), p.maxLength(), input.slowWorkers(),
            requiredCenti, p.n(), !input.models().isEmpty());
      }
      return CompletableFuture.completedFuture(HttpResponse.ok(new RequestAsync(null, price(admitted, admission), null)));
    }
    String requestId = UUID.randomUUID().toString();
    if (!UpfrontRules.asksLedger(need, requiredCenti)) {
      // Most requests: no upfront kudos, so no call to the ledger on the way to the 202.
      return queue(admitted, requestId, UpfrontRules.Admission.asRequested(p.maxLength(), input.slowWorkers()), null);
    }
    return intake.holdUpfront(user, requestId, requiredCenti).thenCompose(held -> {
      UpfrontRules.Admission admission = UpfrontRules.afterHold(held, need, input.allowDowngrade(),
          p.maxLength(), input.slowWorkers(), requiredCenti, p.n(), !input.models().isEmpty());
      return queue(admitted, requestId, admission, admission.held() ? KudosCommands.upfrontHold(requestId) : null);
    });
  }

  /**
   * A request that passed every check, before its upfront kudos are decided.
   *
   * @param prompt the prompt as the filters left it (a flagged user's is rewritten)
   */
  private record Admitted(GenerationInputKobold input, String prompt, JsonNode params, UserAccount user, String sharedKeyHash,
      boolean downgraded, String clientAgent, String clientIp) {}

  /** R1.1 steps 9 to 22, in the reference's order; the prompt the request goes on with. */
  private String checkRequest(GenerationInputKobold input, UserAccount user, String clientIp) {
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
    if (NulBytes.in(input.prompt())) {
      throw NulBytes.refusal();
    }
    for (String workerId : input.workers()) {
      if (views.workers().byId(workerId).isEmpty()) {
        throw ApiError.workerNotFound(workerId);
      }
    }
    if (input.params().n() > 1 && input.disableBatching() && !user.getTrusted()) {
      throw ApiError.badRequest("RequiresTrust", "Only Trusted users can disable batching.");
    }
    intake.checkConcurrency(WorkKind.TEXT, user, input.params().n());
    intake.checkIp(clientIp);
    String prompt = prompts.text(user, input.prompt(), input.models());
    TextParamRules.check(input.params());
    if (extraImages > 0) {
      throw ApiError.badRequest("InvalidExtraSourceImages.", "This request type does not accept extra source images.");
    }
    return prompt;
  }

  /** The dry-run price of the request as admitted (a downgraded request is priced at its cut length). */
  private double price(Admitted admitted, UpfrontRules.Admission admission) {
    ModelGenerationInputKobold p = admitted.input().params();
    return TextKudos.dryRunPrice(models, admitted.input().models(), admission.maxLength(), p.maxContextLength(), p.n());
  }

  /** Queues the admitted request: 202 once Kafka has it; a hold placed for it is released if that fails. */
  private CompletableFuture<HttpResponse<RequestAsync>> queue(Admitted admitted, String requestId,
      UpfrontRules.Admission admission, String holdId) {
    GenerationInputKobold input = admitted.input();
    UserAccount user = admitted.user();
    List<String> workers = input.workers();
    TextCriteria criteria = TextCriteria.newBuilder().setModels(input.models()).setMaxLength(admission.maxLength())
        .setMaxContextLength(input.params().maxContextLength())
        .setWorkers(workers.subList(0, Math.min(workers.size(), MAX_WORKERS)))
        .setWorkerBlacklist(input.workerBlacklist()).setTrustedWorkers(input.trustedWorkers())
        .setValidatedBackends(input.validatedBackends()).setSlowWorkers(admission.slowWorkers()).build();
    Instant now = clock.instant();
    String prompt = admitted.prompt();
    RequestAccepted accepted = RequestAccepted.newBuilder()
        .setRequestId(requestId)
        .setUserId(user.getUserId())
        // Facts for the scheduler, which alone decides the queue priority (spec R3.5.1, R3.15.4).
        .setDowngraded(admitted.downgraded()).setRequesterFlagged(user.getFlagged())
        .setSharedKey(admitted.sharedKeyHash())
        // The worker generates what was admitted, not what was asked (spec §4.3 step 5).
        .setPayloadJson(payloads.job(admitted.params(), input.params(), prompt, admission.maxLength()))
        .setPromptChars(prompt.codePointCount(0, prompt.length()))
        .setN(input.params().n()).setCriteria(criteria).setClientAgent(admitted.clientAgent())
        .setWebhook(input.webhook()).setClientIp(admitted.clientIp()).setHoldId(holdId)
        .setAcceptedAt(now).build();
    double price = price(admitted, admission);
    return intake.send(WorkKind.TEXT, accepted).thenApply(sent -> {
      boolean warn = availability.warnsNoneCanServe(requestId, user.getUserId(), criteria, now.toEpochMilli());
      return HttpResponse.status(HttpStatus.ACCEPTED).body(new RequestAsync(requestId, price,
          warn ? NO_WORKER : null));
    });
  }
}
