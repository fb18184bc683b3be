package ai.horde.ingress.intake;

import ai.horde.accounts.Accounts;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.PopAnswer;
import ai.horde.events.PopRequested;
import ai.horde.events.UserAccount;
import ai.horde.ingress.HordeSettings;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.Failures;
import ai.horde.ingress.http.Profanity;
import ai.horde.ingress.http.RestxDates;
import ai.horde.ingress.intake.IntakeBodies.PopMessage;
import ai.horde.ingress.kafka.CommandGateway;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.Workers;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
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
 * What every kind of worker's pop goes through, decided by the scheduler: who may pop (not anonymous, deleted
 * or flagged; not from an address in timeout), the worker's name and priority users as the reference cleans them, and the long-poll itself.
 * Each kind's pop ({@code WorkerJobs}, {@code ImageJobs}) adds what its workers can take and renders the
 * answer its workers expect.
 *
 * <p>A pop with no job is held open for {@code HORDE_POP_HOLD_MS} (default 15 s) and answered the moment a job
 * for it arrives; the answer comes at the latest 5 s after the hold, below the shortest worker timeout known
 * (the scribe bridge's 40 s). A pop with no reply at all (the scheduler is down) is answered with no job, so
 * workers simply poll again.
 *
 * <p>Every pop answer carries the worker's messages ({@link #messages}).
 *
 * <p>Known gaps (later issues): worker IP safety checks (IP timeouts are checked); a
 * worker that hangs up while its pop is held may be handed a job it never receives (its TTL returns it to the
 * queue).
 */
@Singleton
public final class WorkerPops {
  private static final List<String> FORBIDDEN_NAME_PARTS = List.of("colab", "tpu", "google");
  private static final Duration REPLY_GRACE = Duration.ofSeconds(5);

  private final CommandGateway gateway;
  private final HordeViews views;
  private final Identities identities;
  private final Clock clock;
  private final Duration hold;

  WorkerPops(CommandGateway gateway, HordeViews views, Identities identities, Clock clock, HordeSettings settings) {
    this.gateway = gateway;
    this.views = views;
    this.identities = identities;
    this.clock = clock;
    this.hold = settings.popHold();
  }

  /**
   * What every pop body says, as the worker sent it.
   *
   * @param models the models it serves, as its kind checked them
   */
  public record PopFields(String name, List<String> priorityUsernames, boolean nsfw, List<String> models,
      String bridgeAgent, int threads, int amount) {}

  /** The worker's owner, once it may pop at all. */
  public CompletableFuture<UserAccount> owner(String apiKey) {
    return identities.require(apiKey).thenApply(user -> {
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
      return user;
    });
  }

  /**
   * Asks the scheduler for jobs: the answer names them, or is empty ({@code job_ids} empty) with the reasons
   * requests were skipped; no answer in time is an empty one.
   *
   * @param capabilities what the worker can take, as its kind says it ({@code TextCapabilities}, ...)
   */
  public CompletableFuture<PopAnswer> pop(PopFields fields, Object capabilities, UserAccount owner,
      String workerIp) {
    Instant now = clock.instant();
    // Where the reference checks the worker's IP: after who may pop, before the name's own checks.
    views.ipTimeouts().check(workerIp, now.toEpochMilli());
    String cleaned = Workers.cleanName(fields.name());
    String name = name(cleaned, fields.bridgeAgent());
    String popId = UUID.randomUUID().toString();
    PopRequested pop = PopRequested.newBuilder()
        .setPopId(popId).setReplyTo(gateway.instanceId()).setUserId(owner.getUserId())
        .setUserTrusted(owner.getTrusted()).setWorkerName(name).setModels(fields.models())
        .setCapabilities(capabilities).setPriorityUserIds(priorityUsers(fields.priorityUsernames()))
        .setNsfw(fields.nsfw()).setBridgeAgent(fields.bridgeAgent())
        .setThreads(fields.threads()).setAmount(fields.amount())
        .setWorkerIp(workerIp).setAskedNameChars(cleaned.length())
        // The scheduler decides whether a new worker may join in invite-only mode (spec R3.17.2).
        .setInviteOnly(views.modes().getInviteOnly()).setWorkerInvited(owner.getWorkerInvited())
        .setRequestedAt(now).setHoldUntil(now.plus(hold))
        .setReplyDeadline(now.plus(hold).plus(REPLY_GRACE)).build();
    WorkKind kind = WorkKind.ofCapabilities(capabilities);
    return gateway.ask(Topics.of(kind).pops(), popId, pop, popId, hold.plus(REPLY_GRACE)).handle((reply, error) -> {
      if (error != null) {
        if (Failures.cause(error) instanceof TimeoutException) {
          return PopAnswer.newBuilder().setWorkerId("").setSkipped(Map.of()).build();
        }
        throw Failures.propagate(error);
      }
      if (reply instanceof ErrorAnswer e) {
        throw new ApiError(e.getHttpStatus(), e.getRc(), e.getMessage());
      }
      return (PopAnswer) reply;
    });
  }

  /**
   * The messages a pop answer shows its worker ({@code WorkerMessages#activeForPop}); none for a pop that got no
   * answer.
   */
  public List<PopMessage> messages(PopAnswer answer) {
    if (answer.getWorkerId().isEmpty()) {
      return List.of();
    }
    return views.workerMessages().activeForPop(answer.getWorkerId(), clock.millis()).stream()
        .map(m -> new PopMessage(m.getMessageId(), m.getMessage(), m.getOrigin(), RestxDates.rfc822(m.getExpiry())))
        .toList();
  }

  /**
   * The name as stored (the cleaned name, tags out and trimmed, cut to 100 characters; the scheduler suspects a
   * new worker of a longer one); a new worker's name and bridge agent must not be profane (checked only when the
   * worker is first created, as the reference does) nor attract attention.
   */
  private String name(String cleaned, String bridgeAgent) {
    String name = cleaned;
    if (name.length() > 100) {
      name = name.substring(0, 100);
    }
    if (name.isEmpty()) {
      throw ApiError.badRequest("BadRequest", "Please provide a name for your worker.");
    }
    if (!views.workers().nameTaken(name)) {
      Profanity.refuse(name, "worker name", "ProfaneWorkerName");
      Profanity.refuse(bridgeAgent, "bridge agent", "ProfaneBridgeAgent");
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

  /** At most {@code count} values, each cut to {@code length} characters. */
  public static List<String> limit(List<String> values, int count, int length) {
    return values.stream().limit(count).map(value -> value.length() > length ? value.substring(0, length) : value)
        .toList();
  }
}
