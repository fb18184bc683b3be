package ai.horde.ingress.workers;

import ai.horde.events.UserAccount;
import ai.horde.events.WorkerMessage;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.QueryArgs;
import ai.horde.ingress.http.RestxDates;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.Visibility;
import ai.horde.ingress.views.WorkerMessages;
import ai.horde.ingress.workers.WorkerBodies.WorkerMessageDetails;
import ai.horde.topics.Topics;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The worker message reads (spec §1.4 W6, W8), from the views' {@link WorkerMessages}: W6 lists a user's
 * messages (a non-moderator only their own), 50 a page; W8 shows one message to anybody.
 *
 * <p>Two of the reference's quirks are not kept: its pages are offset by {@code page - 1} rows instead of pages,
 * and a non-moderator who names their own {@code user_id} is refused (it compares a string with a number); here
 * a page is 50 messages on from the last and one's own id is accepted.
 */
@Singleton
final class WorkerMessageReads {
  static final int PAGE_SIZE = 50;
  static final String USER_ID_HELP = "Filter the messages by user id (numerical). If user is not moderator, "
      + "they can only see their own messages.";
  private static final Set<String> VALIDITIES = Set.of("active", "expired", "all");

  private final Identities identities;
  private final HordeViews views;
  private final Visibility visibility;
  private final Clock clock;

  WorkerMessageReads(Identities identities, HordeViews views, Visibility visibility, Clock clock) {
    this.identities = identities;
    this.views = views;
    this.visibility = visibility;
    this.clock = clock;
  }

  /** W6, after the key was found to be present. */
  CompletableFuture<List<WorkerMessageDetails>> list(String apiKey, @Nullable String userId,
      @Nullable String workerId, @Nullable String validity, @Nullable String page) {
    return identities.require(apiKey).thenApply(requester -> {
      Predicate<WorkerMessage> filter = filter(requester, userId, workerId, validity, clock.millis());
      int from = (page(page) - 1) * PAGE_SIZE;
      return views.workerMessages().matching(filter).stream().skip(from).limit(PAGE_SIZE)
          .map(m -> render(m, true)).toList();
    });
  }

  /** W8: anybody may read a message by its id. */
  CompletableFuture<WorkerMessageDetails> byId(String messageId) {
    return message(messageId).thenApply(message -> render(message, true));
  }

  /** The message of an id, after catching up when this instance does not know it yet; else 404. */
  CompletableFuture<WorkerMessage> message(String messageId) {
    return visibility.find(() -> views.workerMessages().byId(messageId), List.of(Topics.WORKER_MESSAGES))
        .thenApply(found -> found.orElseThrow(() -> notFound(messageId)));
  }

  /**
   * Which messages W6 shows the requester: a non-moderator's own (asking for another user's is 403), a
   * moderator's any user's; messages to every worker go with any user; then the worker and the validity.
   */
  static Predicate<WorkerMessage> filter(UserAccount requester, @Nullable String userIdParam,
      @Nullable String workerId, @Nullable String validityParam, long now) {
    Long userId = userIdParam == null ? null
        : QueryArgs.integer(userIdParam, "user_id", USER_ID_HELP).min(BigInteger.valueOf(Long.MAX_VALUE))
            .longValue();
    if (!requester.getModerator()) {
      if (userId != null && userId != requester.getUserId()) {
        throw new ApiError(403, "Forbidden", "You can only view your own messages.");
      }
      userId = requester.getUserId();
    }
    String validity = validityParam == null || validityParam.isEmpty() ? "active" : validityParam;
    if (!VALIDITIES.contains(validity)) {
      throw ApiError.badRequest("BadRequest", "validity can only be one of 'active, 'expired', or 'all'");
    }
    Long user = userId;
    return m -> (user == null || m.getUserId() == user || m.getWorkerId() == null)
        && (workerId == null || workerId.equals(m.getWorkerId()))
        && switch (validity) {
          case "active" -> WorkerMessages.active(m, now);
          case "expired" -> !WorkerMessages.active(m, now);
          default -> true;
        };
  }

  /** A message as the reference's model renders it; a worker's details show it without its id. */
  static WorkerMessageDetails render(WorkerMessage message, boolean withId) {
    return new WorkerMessageDetails(withId ? message.getMessageId() : null, message.getWorkerId(),
        Long.toString(message.getUserId()), message.getMessage(), message.getOrigin(),
        RestxDates.rfc822(message.getCreated()), RestxDates.rfc822(message.getExpiry()));
  }

  static ApiError notFound(String messageId) {
    // The reference's ThingNotFound("WorkerMessage", id): the thing's name capitalize()d, as Python does.
    return new ApiError(404, "WorkermessageNotFound", "Workermessage with ID '" + messageId + "' not found.");
  }

  private static int page(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return 1;
    }
    BigInteger page = QueryArgs.integer(value, "page", "Which page of results to return. Each page has 50 messages.");
    return page.signum() > 0 ? page.min(BigInteger.valueOf(Integer.MAX_VALUE / PAGE_SIZE)).intValue() : 1;
  }
}
