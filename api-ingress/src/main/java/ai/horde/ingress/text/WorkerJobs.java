package ai.horde.ingress.text;

import ai.horde.accounts.Accounts;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.GenMetadata;
import ai.horde.events.PopAnswer;
import ai.horde.events.PopRequested;
import ai.horde.events.SubmitRequested;
import ai.horde.events.TextCapabilities;
import ai.horde.events.UserAccount;
import ai.horde.ingress.HordeSettings;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.Failures;
import ai.horde.ingress.kafka.CommandGateway;
import ai.horde.ingress.text.TextBodies.GenerationPayloadKobold;
import ai.horde.ingress.text.TextBodies.GenerationSubmitted;
import ai.horde.ingress.text.TextBodies.NoValidRequestFoundKobold;
import ai.horde.ingress.text.TextBodies.PopInputKobold;
import ai.horde.ingress.text.TextBodies.SubmitInputKobold;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.Workers;
import ai.horde.text.Utf8;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * What workers call: {@code POST /generate/text/pop} and {@code POST /generate/text/submit}, both decided by
 * the scheduler.
 *
 * <p>A pop with no job is held open (a long-poll) for {@code HORDE_POP_HOLD_MS} (default 15 s) and answered
 * the moment a job for it arrives; the answer comes at the latest 5 s after the hold, below the shortest worker
 * timeout known (the scribe bridge's 40 s). A pop with no reply at all (the scheduler is down) is answered with
 * no job, so workers simply poll again.
 *
 * <p>A deleted user cannot pop (403 {@code DeletedUser}), nor a flagged one ({@code WorkerFlaggedMaintenance});
 * the pop carries the invite-only mode and the user's {@code worker_invited} for the scheduler to decide.
 *
 * <p>Known gaps (later issues): worker IP checks and timeouts, profanity checks of names, worker messages; a
 * worker that hangs up while its pop is held may be handed a job it never receives (its TTL returns it to the
 * queue).
 */
@Singleton
final class WorkerJobs {
  private static final List<String> FORBIDDEN_NAME_PARTS = List.of("colab", "tpu", "google");
  private static final Duration REPLY_GRACE = Duration.ofSeconds(5);
  /** A job generates at most 4096 tokens; this is far more, and keeps a request's texts within one record. */
  private static final long MAX_GENERATION_BYTES = 1024 * 1024;

  private final CommandGateway gateway;
  private final Decisions decisions;
  private final HordeViews views;
  private final Identities identities;
  private final TextPayloads payloads;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration hold;

  WorkerJobs(CommandGateway gateway, Decisions decisions, HordeViews views, Identities identities,
      TextPayloads payloads, ObjectMapper json, Clock clock, HordeSettings settings) {
    this.gateway = gateway;
    this.decisions = decisions;
    this.views = views;
    this.identities = identities;
    this.payloads = payloads;
    this.json = json;
    this.clock = clock;
    this.hold = settings.popHold();
  }

  CompletableFuture<GenerationPayloadKobold> pop(PopInputKobold input, String apiKey, String workerIp) {
    return identities.require(apiKey).thenCompose(user -> pop(input, user, workerIp));
  }

  private CompletableFuture<GenerationPayloadKobold> pop(PopInputKobold input, UserAccount user, String workerIp) {
    if (user.getUserId() == Accounts.ANONYMOUS_ID) {
      throw new ApiError(403, "AnonForbiddenWorker", "Anonymous user is forbidden from performing this operation");
    }
    if (user.getDeleted()) {
      throw ApiError.deletedUser();
    }
    if (user.getFlagged()) {
      throw new ApiError(403, "WorkerFlaggedMaintenance", "Your user has been flagged by our community for "
          + "suspicious activity. Please contact us on discord: https://discord.gg/3DxrhksKzn");
    }
    String name = name(input.name());
    Instant now = clock.instant();
    String popId = UUID.randomUUID().toString();
    PopRequested pop = PopRequested.newBuilder()
        .setPopId(popId).setReplyTo(gateway.instanceId()).setUserId(user.getUserId())
        .setUserTrusted(user.getTrusted()).setWorkerName(name).setModels(models(input.models(), user))
        .setCapabilities(new TextCapabilities(input.maxLength(), input.maxContextLength(),
            limit(input.softprompts(), 200, 100)))
        .setPriorityUserIds(priorityUsers(input.priorityUsernames()))
        .setNsfw(input.nsfw()).setBridgeAgent(input.bridgeAgent())
        .setThreads(input.threads()).setAmount(input.amount())
        .setWorkerIp(workerIp)
        // The scheduler decides whether a new worker may join in invite-only mode (spec R3.17.2).
        .setInviteOnly(views.modes().getInviteOnly()).setWorkerInvited(user.getWorkerInvited())
        .setRequestedAt(now).setHoldUntil(now.plus(hold))
        .setReplyDeadline(now.plus(hold).plus(REPLY_GRACE)).build();
    return gateway.ask(Topics.TEXT_POPS, popId, pop, popId, hold.plus(REPLY_GRACE)).handle((reply, error) -> {
      if (error != null) {
        if (Failures.cause(error) instanceof TimeoutException) {
          return noJob(Map.of());
        }
        throw Failures.propagate(error);
      }
      if (reply instanceof ErrorAnswer e) {
        throw new ApiError(e.getHttpStatus(), e.getRc(), e.getMessage());
      }
      PopAnswer answer = (PopAnswer) reply;
      return answer.getJobIds().isEmpty() ? noJob(answer.getSkipped()) : job(answer);
    });
  }

  /** The name as stored (tags out, trimmed, 100 characters at most); a new name must not attract attention. */
  private String name(String asked) {
    String name = Workers.cleanName(asked);
    if (name.length() > 100) {
      name = name.substring(0, 100);
    }
    if (name.isEmpty()) {
      throw ApiError.badRequest("BadRequest", "Please provide a name for your worker.");
    }
    if (!views.workers().nameTaken(name)) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (String part : FORBIDDEN_NAME_PARTS) {
        if (lower.contains(part)) {
          throw ApiError.badRequest("BadRequest",
              "To avoid unwanted attention, please do not use '" + part + "' in your worker names.");
        }
      }
    }
    return name;
  }

  /** At most 200 models, each cut to 100 characters; {@code base::alias#id} only for that user (spec R3.11.10). */
  private static List<String> models(List<String> asked, UserAccount user) {
    List<String> models = limit(asked, 200, 100);
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

  private List<Long> priorityUsers(List<String> usernames) {
    List<Long> ids = new ArrayList<>();
    for (String username : usernames) {
      int hash = username.lastIndexOf('#');
      String digits = hash < 0 ? "" : username.substring(hash + 1);
      if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 10) {
        throw ApiError.badRequest("InvalidPriorityUsername",
            "Priority usernames need to be provided in the form of 'alias#number'. Example: 'db0#1'");
      }
      long id = Long.parseLong(digits);
      if (views.users().byId(id).isPresent()) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static List<String> limit(List<String> values, int count, int length) {
    return values.stream().limit(count).map(value -> value.length() > length ? value.substring(0, length) : value)
        .toList();
  }

  /** The reference's pop reply: every key present; without a job {@code id} null and the default payload. */
  private GenerationPayloadKobold job(PopAnswer answer) {
    // Written as it came (ingress built it), not parsed and written again: a prompt can be megabytes.
    return new GenerationPayloadKobold(answer.getPayloadJson(), answer.getJobIds().get(0), answer.getJobIds(),
        answer.getModel(), answer.getTtlSeconds(), skipped(Map.of()), null, List.of(), null);
  }

  private GenerationPayloadKobold noJob(Map<String, Integer> skipped) {
    return new GenerationPayloadKobold(payloads.none(), null, List.of(), null, null, skipped(skipped), null,
        List.of(), null);
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
    return identities.require(apiKey).thenCompose(user -> decisions.submit(SubmitRequested.newBuilder()
            .setSubmitId(UUID.randomUUID().toString()).setReplyTo(gateway.instanceId()).setUserId(user.getUserId())
            .setUserTrusted(user.getTrusted()).setJobId(input.id()).setGeneration(input.generation())
            .setState(input.state()).setSeed(input.seed())
            .setGenMetadata(input.genMetadata().stream()
                .map(m -> new GenMetadata(m.type(), m.value(), m.ref())).toList())
            .setSubmittedAt(clock.instant()).build()))
        .thenApply(answer -> new GenerationSubmitted(answer.getRewardCenti() / 100.0));
  }
}
