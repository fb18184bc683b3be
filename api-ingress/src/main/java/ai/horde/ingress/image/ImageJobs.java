package ai.horde.ingress.image;

import ai.horde.accounts.Accounts;
import ai.horde.events.GenMetadata;
import ai.horde.events.ImageCapabilities;
import ai.horde.events.PopAnswer;
import ai.horde.events.SubmitRequested;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.image.ImageBodies.GenerationPayloadStable;
import ai.horde.ingress.image.ImageBodies.NoValidRequestFoundStable;
import ai.horde.ingress.image.ImageBodies.PopInputStable;
import ai.horde.ingress.image.ImageBodies.SubmitInputStable;
import ai.horde.ingress.image.ImageParamRules.WorkerOwner;
import ai.horde.ingress.image.ImagePayloads.Template;
import ai.horde.ingress.intake.IntakeBodies.GenerationSubmitted;
import ai.horde.ingress.intake.WorkerPops;
import ai.horde.ingress.intake.WorkerPops.PopFields;
import ai.horde.ingress.storage.ObjectKeys;
import ai.horde.ingress.storage.ObjectStore;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Identities;
import ai.horde.work.WorkKind;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * What dreamers call: {@code POST /generate/pop} and {@code POST /generate/submit}, decided by the scheduler.
 * The long-poll and the checks every pop makes are {@link WorkerPops}'; this adds what a dreamer can take and
 * renders its jobs: the payload with its seed, links to the request's source images, and one pre-signed upload
 * link per job ({@code r2_upload}, {@code r2_uploads}) where the dreamer PUTs its webp before it submits
 * {@code "R2"}. A dreamer that submits the image as base64 instead has it stored under the same key.
 *
 * <p>Known gap: a base64 image is stored before the scheduler has checked the job; a wrong job id leaves an
 * object nobody links to, removed with the others at the retention.
 */
@Singleton
final class ImageJobs {
  /** The generation a dreamer submits once its image is at the upload link. */
  static final String UPLOADED = "R2";

  private final WorkerPops pops;
  private final Decisions decisions;
  private final Identities identities;
  private final ImagePayloads payloads;
  private final ImageModelReference models;
  private final ObjectStore store;
  private final ExecutorService blocking;
  private final Clock clock;

  ImageJobs(WorkerPops pops, Decisions decisions, Identities identities, ImagePayloads payloads,
      ai.horde.image.ImageModelReference models, ObjectStore store,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Clock clock) {
    this.pops = pops;
    this.decisions = decisions;
    this.identities = identities;
    this.payloads = payloads;
    this.models = ImageModelReference.of(models);
    this.store = store;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** @param base where the links handed out point (the horde's public address) */
  CompletableFuture<GenerationPayloadStable> pop(PopInputStable input, String apiKey, String workerIp, URI base) {
    return pops.owner(apiKey).thenCompose(owner -> {
      List<String> served = List.copyOf(ImageParamRules.popModels(input.models(),
          new WorkerOwner(Accounts.alias(owner), owner.getSpecial(), owner.getCustomizer()), models));
      ImageCapabilities capabilities = ImageCapabilities.newBuilder()
          .setMaxPixels((int) Math.min(Integer.MAX_VALUE, Math.max(0, input.maxPixels())))
          .setBlacklist(List.copyOf(ImageParamRules.popBlacklist(input.blacklist())))
          .setAllowImg2img(input.allowImg2img()).setAllowPainting(input.allowPainting())
          .setAllowUnsafeIpaddr(input.allowUnsafeIpaddr()).setAllowPostProcessing(input.allowPostProcessing())
          .setAllowControlnet(input.allowControlnet()).setAllowSdxlControlnet(input.allowSdxlControlnet())
          .setAllowLora(input.allowLora()).setLimitMaxSteps(input.limitMaxSteps())
          .setExtraSlowWorker(input.extraSlowWorker()).setRequireUpfrontKudos(input.requireUpfrontKudos()).build();
      PopFields fields = new PopFields(input.name(), input.priorityUsernames(), input.nsfw(), served,
          input.bridgeAgent(), input.threads(), input.amount());
      return pops.pop(fields, capabilities, owner, workerIp);
    }).thenApply(answer -> answer.getJobIds().isEmpty() ? noJob(answer) : job(answer, base));
  }

  private GenerationPayloadStable job(PopAnswer answer, URI base) {
    List<String> ids = answer.getJobIds();
    Template template = payloads.read(answer.getPayloadJson());
    UUID request = UUID.fromString(answer.getRequestId());
    boolean source = template.sourceProcessing() != null;
    List<String> uploads = ids.stream()
        .map(id -> store.uploadUrl(ObjectKeys.generation(UUID.fromString(id)), base).toString()).toList();
    return new GenerationPayloadStable(payloads.payload(template, ids.size(), answer.getJobsLeft()), ids.get(0), ids,
        NoValidRequestFoundStable.of(Map.of()), answer.getModel(),
        source ? link(ObjectKeys.sourceImage(request), base) : null,
        source ? template.sourceProcessing() : "img2img",
        template.sourceMask() ? link(ObjectKeys.sourceMask(request), base) : null,
        template.extraSourceImages().isEmpty() ? null : ImagePayloads.extras(template.extraSourceImages(),
            i -> link(ObjectKeys.extraSourceImage(request, i), base)),
        uploads.get(0), uploads, answer.getTtlSeconds(), pops.messages(answer));
  }

  private String link(String key, URI base) {
    return store.downloadUrl(key, base).toString();
  }

  private GenerationPayloadStable noJob(PopAnswer answer) {
    return new GenerationPayloadStable(ImagePayloads.none(), null, List.of(),
        NoValidRequestFoundStable.of(answer.getSkipped()), null, null, "img2img", null, null, null, null, null,
        pops.messages(answer));
  }

  CompletableFuture<GenerationSubmitted> submit(SubmitInputStable input, String apiKey) {
    ImageParamRules.checkSubmit(input);
    return identities.require(apiKey).thenCompose(user -> stored(input).thenCompose(stored -> {
      // The reference keeps a submit's own censored flag only as the job's censorship.
      String state = input.censored() && "ok".equals(input.state()) ? "censored" : input.state();
      return decisions.submit(WorkKind.IMAGE, SubmitRequested.newBuilder()
          .setUserId(user.getUserId()).setUserTrusted(user.getTrusted()).setJobId(input.id()).setGeneration("")
          .setState(state).setSeed(input.seed())
          .setGenMetadata(input.genMetadata().stream().map(m -> new GenMetadata(m.type(), m.value(), m.ref())).toList())
          .setSubmittedAt(clock.instant()));
    })).thenApply(answer -> new GenerationSubmitted(answer.getRewardCenti() / 100.0));
  }

  /** A base64 image stored where an upload would have put it; nothing to do for an upload or a fault. */
  private CompletableFuture<Void> stored(SubmitInputStable input) {
    if (UPLOADED.equals(input.generation()) || "faulted".equals(input.state())) {
      return CompletableFuture.completedFuture(null);
    }
    UUID job;
    try {
      job = UUID.fromString(input.id());
    } catch (IllegalArgumentException notAJob) {
      // The scheduler answers an unknown job.
      return CompletableFuture.completedFuture(null);
    }
    // Decoded and written off the event loop: an image is megabytes.
    return CompletableFuture.runAsync(() -> {
      byte[] image = SourceImages.pythonBase64(input.generation());
      if (image == null || image.length == 0) {
        throw ApiError.badRequest("BadRequest", "The generation is neither R2 nor a base64 image.");
      }
      store.put(ObjectKeys.generation(job), image, "image/webp");
    }, blocking);
  }
}
