package ai.horde.ingress.image;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.ImageCriteria;
import ai.horde.events.ImageLora;
import ai.horde.events.RequestAccepted;
import ai.horde.events.UserAccount;
import ai.horde.ingress.filters.PromptGate;
import ai.horde.ingress.image.ImageBodies.GenerationInputStable;
import ai.horde.ingress.image.ImageBodies.ModelGenerationInputStable;
import ai.horde.ingress.image.ImageParamRules.Checked;
import ai.horde.ingress.image.ImageParamRules.Requester;
import ai.horde.ingress.image.ImageParamRules.Sources;
import ai.horde.ingress.intake.IntakeBodies.RequestAsync;
import ai.horde.ingress.intake.IntakeBodies.RequestSingleWarning;
import ai.horde.ingress.intake.RequestIntake;
import ai.horde.ingress.intake.SharedKeyLimits;
import ai.horde.ingress.intake.WorkerAvailability;
import ai.horde.ingress.storage.ObjectKeys;
import ai.horde.ingress.storage.ObjectStore;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.SharedKey;
import ai.horde.work.WorkKind;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Image request intake ({@code POST /generate/async}): the reference's checks in its order (see
 * {@link ImageParamRules} for the phases), the price and upfront kudos ({@link ImagePricing}), the source images
 * read and stored ({@code <request id>_src.webp}, {@code _msk.webp}, {@code _extra_src_<i>.webp}), and the
 * request queued; 202 only once Kafka acknowledged it.
 *
 * <p>Source images are decoded off the event loop, on the blocking executor: one can take a second. URL
 * sources are downloaded by {@link SourceDownloads}.
 *
 * <p>Shared keys: a key's owner pays; a limited key must cover the estimate (else the request runs downgraded,
 * when it allows that, or is refused), and the key's pixel and step limits cap each job.
 *
 * <p>The prompt filters ({@link PromptGate}) may rewrite the prompt; the rewritten one is what is checked and
 * queued.
 *
 * <p>Known gaps (later issues): styles, the reference's 2-day
 * cache of dry-run prices (rate limits are {@code limits.RateLimitFilter}'s, before the route); {@code shared}
 * is kept as asked (the reference forces it off except for its SDXL beta).
 */
@Singleton
final class ImageRequests {
  private final RequestIntake intake;
  private final PromptGate prompts;
  private final HordeViews views;
  private final WorkerAvailability availability;
  private final ImagePayloads payloads;
  private final ImagePricing pricing;
  private final ImageModelReference models;
  private final ObjectStore store;
  private final SourceDownloads downloads;
  private final ExecutorService blocking;
  private final Clock clock;

  ImageRequests(RequestIntake intake, PromptGate prompts, HordeViews views, WorkerAvailability availability, ImagePayloads payloads,
      ImagePricing pricing, ai.horde.image.ImageModelReference models, ObjectStore store, SourceDownloads downloads,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Clock clock) {
    this.intake = intake;
    this.prompts = prompts;
    this.views = views;
    this.availability = availability;
    this.payloads = payloads;
    this.pricing = pricing;
    this.models = ImageModelReference.of(models);
    this.store = store;
    this.downloads = downloads;
    this.blocking = blocking;
    this.clock = clock;
  }

  /**
   * @param body the request as the client sent it (its NUL bytes are looked for everywhere)
   */
  CompletableFuture<HttpResponse<RequestAsync>> accept(GenerationInputStable input, JsonNode body, String apiKey,
      String clientAgent, String clientIp) {
    return intake.checkOpen(input.webhook()).thenCompose(open -> intake.requester(apiKey, input.allowDowngrade()))
        .thenCompose(requester -> {
      UserAccount user = requester.user();
      Requester who = new Requester(Accounts.alias(user), user.getUserId() == Accounts.ANONYMOUS_ID,
          user.getTrusted(), false, user.getService(), user.getDeleted(), user.getSpecial());
      ImageParamRules.checkRequester(input, who, id -> views.workers().byId(id).isPresent());
      intake.checkConcurrency(WorkKind.IMAGE, user, input.params().n());
      intake.checkIp(clientIp);
      return prompts.image(user, clientIp, input.prompt(), input.replacementFilter(), input.models())
          .thenCompose(prompt -> admit(input, body, requester, who, prompt, clientAgent, clientIp));
    });
  }

  /** The checks after the prompt filters, with the prompt they left. */
  private CompletableFuture<HttpResponse<RequestAsync>> admit(GenerationInputStable input, JsonNode body,
      RequestIntake.Requester requester, Requester who, String prompt, String clientAgent, String clientIp) {
    UserAccount user = requester.user();
    Checked checked = ImageParamRules.checkParams(prompt, input, who, models, clientAgent, false);
    ImageParamRules.rejectNulBytes(body);
    ImagePricing.Admission admission = pricing.admit(input, checked);
    boolean downgraded = requester.downgraded();
    SharedKey key = requester.key();
    if (key != null) {
      // A limited shared key must cover the estimate, needed upfront or not (spec §4.3).
      if (SharedKeyLimits.insufficient(key, admission.estimateCenti())) {
        if (!input.allowDowngrade()) {
          throw SharedKeyLimits.insufficientKudos(key, Long.toString(Math.round(admission.estimateCenti() / 100.0)));
        }
        downgraded = true;
      }
      SharedKeyLimits.checkImage(key, (long) input.params().width() * input.params().height(), admission.steps());
    }
    if (input.dryRun()) {
      return CompletableFuture.completedFuture(
          HttpResponse.ok(new RequestAsync(null, pricing.dryRunKudos(input, checked, admission), null)));
    }
    String requestId = UUID.randomUUID().toString();
    CompletableFuture<Boolean> held = admission.requiredCenti() > 0
        ? intake.holdUpfront(user, requestId, admission.requiredCenti()) : CompletableFuture.completedFuture(true);
    boolean lowered = downgraded;
    return held.thenCompose(ok -> queue(input, prompt, checked, requester, lowered,
        pricing.afterHold(ok, admission, input, checked), requestId, clientAgent, clientIp));
  }

  /**
   * @param prompt the prompt as the filters left it
   * @param downgraded whether it is queued at the downgraded priority (spec R3.15.4)
   */
  private CompletableFuture<HttpResponse<RequestAsync>> queue(GenerationInputStable input, String prompt,
      Checked checked,
      RequestIntake.Requester requester, boolean downgraded, ImagePricing.Admission admission, String requestId,
      String clientAgent, String clientIp) {
    UUID id = UUID.fromString(requestId);
    String holdId = admission.held() ? KudosCommands.upfrontHold(requestId) : null;
    // Read and stored off the event loop; a refused image frees the hold again.
    return CompletableFuture.supplyAsync(() -> {
      Sources sources = ImageParamRules.checkSourceImages(input, downloads::download);
      storeSources(input, id, sources);
      return sources;
    }, blocking).whenComplete((sources, error) -> {
      if (error != null && holdId != null) {
        intake.release(requester.user(), holdId);
      }
    }).thenCompose(sources -> {
      ModelGenerationInputStable params = admission.params();
      UserAccount user = requester.user();
      ImageCriteria criteria = criteria(input, params, checked, admission, user);
      RequestAccepted accepted = RequestAccepted.newBuilder()
          .setRequestId(requestId).setUserId(user.getUserId())
          .setDowngraded(downgraded).setRequesterFlagged(user.getFlagged())
          .setSharedKey(requester.sharedKeyHash())
          .setPayloadJson(payloads.template(input, params, prompt, admission.steps()))
          .setPromptChars(prompt.codePointCount(0, prompt.length()))
          .setN(checked.n()).setCriteria(criteria).setClientAgent(clientAgent).setWebhook(input.webhook())
          .setClientIp(clientIp).setHoldId(holdId).setAcceptedAt(clock.instant()).build();
      return intake.send(WorkKind.IMAGE, accepted).thenApply(sent -> {
        List<RequestSingleWarning> warnings = new ArrayList<>(checked.warnings().stream()
            .map(w -> new RequestSingleWarning(w.code(), w.message())).toList());
        String message = null;
        if (availability.warnsNoneCanServe(requestId, user.getUserId(), criteria, clock.millis())) {
          message = ImageWarning.NoAvailableWorker.message();
          warnings.add(new RequestSingleWarning(ImageWarning.NoAvailableWorker.code(), message));
        }
        return HttpResponse.status(HttpStatus.ACCEPTED).body(new RequestAsync(requestId,
            Math.rint(criteria.getPriceCenti() / 100.0), message, warnings.isEmpty() ? null : warnings));
      });
    });
  }

  private void storeSources(GenerationInputStable input, UUID id, Sources sources) {
    if (sources.source() != null) {
      store.put(ObjectKeys.sourceImage(id), SourceImages.bytesOf(input.sourceImage(), downloads), null);
    }
    if (sources.mask() != null) {
      store.put(ObjectKeys.sourceMask(id), SourceImages.bytesOf(input.sourceMask(), downloads), null);
    }
    for (int i = 0; i < sources.extras().size(); i++) {
      store.put(ObjectKeys.extraSourceImage(id, i),
          SourceImages.bytesOf(input.extraSourceImages().get(i).image(), downloads), null);
    }
  }

  private static ImageCriteria criteria(GenerationInputStable input, ModelGenerationInputStable params,
      Checked checked, ImagePricing.Admission admission, UserAccount user) {
    List<String> workers = input.workers();
    return ImageCriteria.newBuilder().setModels(checked.models())
        .setWorkers(workers.subList(0, Math.min(workers.size(), 5))).setWorkerBlacklist(input.workerBlacklist())
        .setTrustedWorkers(input.trustedWorkers()).setValidatedBackends(input.validatedBackends())
        .setSlowWorkers(admission.slowWorkers()).setExtraSlowWorkers(input.extraSlowWorkers())
        .setNsfw(input.nsfw()).setCensorNsfw(input.censorNsfw())
        .setWidth(params.width()).setHeight(params.height()).setSteps(admission.steps())
        .setSampler(params.samplerName()).setCfgScale(params.payloadCfgScale())
        .setDenoisingStrength(params.denoisingStrength() == null ? 1.0 : params.denoisingStrength())
        .setKarras(params.payloadKarras())
        .setHiresFix(Boolean.TRUE.equals(params.hiresFix())).setTiling(Boolean.TRUE.equals(params.tiling()))
        .setTransparent(Boolean.TRUE.equals(params.transparent()))
        .setClipSkip(params.clipSkip() == null ? 1 : params.clipSkip()).setControlType(params.controlType())
        .setReturnControlMap(Boolean.TRUE.equals(params.returnControlMap())).setWorkflow(params.workflow())
        .setPostProcessing(params.postProcessing() == null ? List.of() : params.postProcessing())
        .setLoras(params.loras() == null ? List.of() : params.loras().stream()
            .map(l -> new ImageLora(l.name(), Boolean.TRUE.equals(l.isVersion()))).toList())
        .setTis(params.tis() == null ? 0 : params.tis().size())
        .setSourceProcessing(input.sourceImage() == null ? null : input.sourceProcessing())
        .setSourceMask(input.sourceMask() != null).setExtraSourceImages(input.extraSourceImages().size())
        .setR2(input.r2()).setShared(input.shared()).setDisableBatching(checked.disableBatching())
        .setRequesterTrusted(user.getTrusted()).setPriceCenti(admission.priceCenti()).build();
  }
}
