package ai.horde.ingress.text;

import ai.horde.accounts.Accounts;
import ai.horde.events.GenMetadata;
import ai.horde.events.PopAnswer;
import ai.horde.events.SubmitRequested;
import ai.horde.events.TextCapabilities;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.intake.IntakeBodies.GenerationSubmitted;
import ai.horde.ingress.intake.WorkerPops;
import ai.horde.ingress.intake.WorkerPops.PopFields;
import ai.horde.ingress.text.TextBodies.GenerationPayloadKobold;
import ai.horde.ingress.text.TextBodies.NoValidRequestFoundKobold;
import ai.horde.ingress.text.TextBodies.PopInputKobold;
import ai.horde.ingress.text.TextBodies.SubmitInputKobold;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Identities;
import ai.horde.text.Utf8;
import ai.horde.work.WorkKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What text workers call: {@code POST /generate/text/pop} and {@code POST /generate/text/submit}, both decided by
 * the scheduler; the long-poll and the checks every kind of pop makes are {@link WorkerPops}'.
 */
@Singleton
final class WorkerJobs {
  /** A job generates at most 4096 tokens; this is far more, and keeps a request's texts within one record. */
  private static final long MAX_GENERATION_BYTES = 1024 * 1024;

  private final WorkerPops pops;
  private final Decisions decisions;
  private final Identities identities;
  private final TextPayloads payloads;
  private final ObjectMapper json;
  private final Clock clock;

  WorkerJobs(WorkerPops pops, Decisions decisions, Identities identities, TextPayloads payloads, ObjectMapper json,
      Clock clock) {
    this.pops = pops;
    this.decisions = decisions;
    this.identities = identities;
    this.payloads = payloads;
    this.json = json;
    this.clock = clock;
  }

  CompletableFuture<GenerationPayloadKobold> pop(PopInputKobold input, String apiKey, String workerIp) {
    return pops.owner(apiKey).thenCompose(user -> pops.pop(
        new PopFields(input.name(), input.priorityUsernames(), input.nsfw(), models(input.models(), user),
            input.bridgeAgent(), input.threads(), input.amount()),
        new TextCapabilities(input.maxLength(), input.maxContextLength(),
            WorkerPops.limit(input.softprompts(), 200, 100)), user, workerIp))
        .thenApply(answer -> answer.getJobIds().isEmpty() ? noJob(answer) : job(answer));
  }

  /** At most 200 models, each cut to 100 characters; {@code base::alias#id} only for that user (spec R3.11.10). */
  private static List<String> models(List<String> asked, UserAccount user) {
    List<String> models = WorkerPops.limit(asked, 200, 100);
    if (models.isEmpty()) {
      throw ApiError.badRequest("BadRequest",
          "Unfortunately we cannot accept workers serving unrecognised models at this time");
    }
    for (String model : models) {
      int separator = model.indexOf("::");
      if (separator >= 0 && !model.substring(separator + 2).equals(Accounts.alias(user))) {
        throw ApiError.badRequest("BadRequest",
            "This model can only be hosted by its owner: " + model.substring(separator + 2));
      }
    }
    return models;
  }

  /** The reference's pop reply: every key present; without a job {@code id} null and the default payload. */
  private GenerationPayloadKobold job(PopAnswer answer) {
    // Written as it came (ingress built it), not parsed and written again: a prompt can be megabytes.
    return new GenerationPayloadKobold(answer.getPayloadJson(), answer.getJobIds().get(0), answer.getJobIds(),
        answer.getModel(), answer.getTtlSeconds(), skipped(Map.of()), null, pops.messages(answer), null);
  }

  private GenerationPayloadKobold noJob(PopAnswer answer) {
    return new GenerationPayloadKobold(payloads.none(), null, List.of(), null, null, skipped(answer.getSkipped()),
        null, pops.messages(answer), null);
  }

  private NoValidRequestFoundKobold skipped(Map<String, Integer> reasons) {
    return json.convertValue(reasons, NoValidRequestFoundKobold.class);
  }

  CompletableFuture<GenerationSubmitted> submit(SubmitInputKobold input, String apiKey) {
    if (Utf8.length(input.generation()) > MAX_GENERATION_BYTES) {
      throw ApiError.badRequest("BadRequest", "The generation is too long: at most 1 MiB of text per job.");
    }
    if (input.genMetadata().size() > 50) {
      throw ApiError.badRequest("BadRequest", "Too many metadata fields. Max is 50.");
    }
    return identities.require(apiKey).thenCompose(user -> decisions.submit(WorkKind.TEXT, SubmitRequested.newBuilder()
            .setUserId(user.getUserId()).setUserTrusted(user.getTrusted()).setJobId(input.id()).setGeneration(input.generation())
            .setState(input.state()).setSeed(input.seed())
            .setGenMetadata(input.genMetadata().stream()
                .map(m -> new GenMetadata(m.type(), m.value(), m.ref())).toList())
            .setSubmittedAt(clock.instant())))
        .thenApply(answer -> new GenerationSubmitted(answer.getRewardCenti() / 100.0));
  }
}
