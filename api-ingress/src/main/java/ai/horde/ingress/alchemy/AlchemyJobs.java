package ai.horde.ingress.alchemy;

import ai.horde.alchemy.AlchemyForms;
import ai.horde.events.AlchemyCapabilities;
import ai.horde.events.AssignedJob;
import ai.horde.events.PopAnswer;
import ai.horde.events.SubmitRequested;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationPopFormPayload;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationPopInput;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationPopPayload;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationSubmitInput;
import ai.horde.ingress.alchemy.AlchemyBodies.NoValidInterrogationsFound;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.intake.IntakeBodies.GenerationSubmitted;
import ai.horde.ingress.intake.WorkerPops;
import ai.horde.ingress.intake.WorkerPops.PopFields;
import ai.horde.ingress.storage.ObjectKeys;
import ai.horde.ingress.storage.ObjectStore;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Identities;
import ai.horde.work.WorkKind;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What alchemists call: {@code POST /interrogate/pop} (spec §1.3 A4) and {@code POST /interrogate/submit} (A5),
 * decided by the scheduler. The long-poll and the checks every pop makes are {@link WorkerPops}'; this adds
 * what an alchemist can take ({@link AlchemyCapabilities}: its forms, its tiles) and renders the forms it was
 * handed, of one or of several interrogations (the first in the answer's own fields, the rest in
 * {@code also_assigned}): each with its payload, a download link of its interrogation's source image, and, for a
 * post-processor, an upload link ({@code <job id>.webp}) where the alchemist PUTs the image before it submits a
 * result whose value is {@code "R2"}. With no form: {@code {"forms": null, "skipped": {...}}}, the reasons
 * reported as the reference reports them (only {@code worker_id}, {@code untrusted}, {@code bridge_version}).
 *
 * <p>A submit's result travels as its JSON text; {@code faulted} gives the form back (reward 0), any other state
 * is a delivery. Refusals are the scheduler's: 404 {@code InvalidJobID}, 403 {@code WrongCredentials}, 400
 * {@code DuplicateGen}.
 *
 * <p>Differences from the reference, on purpose: its priority usernames have no effect (a query it builds and
 * drops), here they do as for the other kinds; its submit looks the form up before the key and answers an
 * unknown key with a 500, here the key is checked first (401 {@code InvalidAPIKey}) as every other submit does.
 *
 * <p>Known gaps: {@code amount} is taken as sent (at least 1, no upper limit, as in the reference); an alchemist
 * that names no forms is given {@code caption} ones by the scheduler, where the reference gives it none.
 */
@Singleton
final class AlchemyJobs {
  private final WorkerPops pops;
  private final Decisions decisions;
  private final Identities identities;
  private final ObjectStore store;
  private final Clock clock;

  AlchemyJobs(WorkerPops pops, Decisions decisions, Identities identities, ObjectStore store, Clock clock) {
    this.pops = pops;
    this.decisions = decisions;
    this.identities = identities;
    this.store = store;
    this.clock = clock;
  }

  /** @param base where the links handed out point (the horde's public address) */
  CompletableFuture<InterrogationPopPayload> pop(InterrogationPopInput input, String apiKey, String workerIp,
      URI base) {
    // Checked before the key, and worded as the reference's alchemy pop words it (rc BadRequest).
    if (input.priorityUsernames().stream().anyMatch(username -> !username.contains("#"))) {
      throw ApiError.badRequest("BadRequest",
          "Priority usernames need to be provided in the form of 'alias#number'. Example: 'db0#1'");
    }
    return pops.owner(apiKey).thenCompose(owner -> {
      List<String> forms = List.copyOf(new LinkedHashSet<>(input.forms()));
      AlchemyCapabilities capabilities = AlchemyCapabilities.newBuilder().setForms(forms)
          .setMaxTiles(input.maxTiles()).setAllowUnsafeIpaddr(true).build();
      // An alchemist serves forms, not models: they travel in its capabilities.
      PopFields fields = new PopFields(input.name(), input.priorityUsernames(), true, List.of(), input.bridgeAgent(),
          input.threads(), Math.max(1, input.amount()));
      return pops.pop(fields, capabilities, owner, workerIp);
    }).thenApply(answer -> answer.getJobIds().isEmpty() ? noForm(answer.getSkipped()) : forms(answer, base));
  }

  private InterrogationPopPayload forms(PopAnswer answer, URI base) {
    List<InterrogationPopFormPayload> forms = new ArrayList<>();
    for (String jobId : answer.getJobIds()) {
      forms.add(form(jobId, answer.getModel(), answer.getPayloadJson(), base));
    }
    for (AssignedJob job : answer.getAlsoAssigned()) {
      forms.add(form(job.getJobId(), job.getModel(), job.getPayloadJson(), base));
    }
    return new InterrogationPopPayload(forms, NoValidInterrogationsFound.of(Map.of()));
  }

  private InterrogationPopFormPayload form(String jobId, String form, String payloadJson, URI base) {
    FormJob job = FormJob.read(payloadJson);
    String source = store.downloadUrl(ObjectKeys.sourceImage(UUID.fromString(job.interrogationId())), base)
        .toString();
    String upload = AlchemyForms.isPostProcessor(form)
        ? store.uploadUrl(ObjectKeys.generation(UUID.fromString(jobId)), base).toString() : null;
    return new InterrogationPopFormPayload(jobId, form, Wildcards.payload(job.payload()), source, upload);
  }

  private static InterrogationPopPayload noForm(Map<String, Integer> skipped) {
    return new InterrogationPopPayload(null, NoValidInterrogationsFound.of(skipped));
  }

  /** @param result the result object as the alchemist sent it */
  CompletableFuture<GenerationSubmitted> submit(InterrogationSubmitInput input, JsonNode result, String apiKey) {
    String state = "faulted".equals(input.state()) ? "faulted" : "ok";
    return identities.require(apiKey).thenCompose(user -> decisions.submit(WorkKind.ALCHEMY,
            SubmitRequested.newBuilder().setUserId(user.getUserId()).setUserTrusted(user.getTrusted())
                .setJobId(input.id()).setGeneration(result.toString()).setState(state).setSubmittedAt(clock.instant())))
        .thenApply(answer -> new GenerationSubmitted(answer.getRewardCenti() / 100.0));
  }
}
