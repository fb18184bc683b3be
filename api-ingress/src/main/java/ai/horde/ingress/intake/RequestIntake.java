package ai.horde.ingress.intake;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.AccountBalance;
import ai.horde.events.RequestAccepted;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.kafka.CommandGateway;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Effect;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.SharedKey;
import ai.horde.ingress.webhooks.WebhookGuard;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * What every kind of generation request goes through on its way in, whatever its params: who makes it (a
 * shared key's owner, or anonymous when a used-up key may downgrade), the checks the reference makes of every
 * kind in the same words (maintenance, webhooks, concurrency, IP timeouts), the upfront-kudos hold, and the send that a 202
 * waits for. Each kind's intake ({@code TextRequests},
 * {@code ImageRequests}) calls these in its kind's order, around its own params' checks and price.
 */
@Singleton
public final class RequestIntake {
  /** How long an upfront hold may stay before the ledger frees it by itself. */
  public static final Duration HOLD_FOR = Duration.ofHours(2);

  private final CommandGateway gateway;
  private final Decisions decisions;
  private final HordeViews views;
  private final Identities identities;
  private final WebhookGuard webhooks;
  private final Clock clock;

  RequestIntake(CommandGateway gateway, Decisions decisions, HordeViews views, Identities identities,
      WebhookGuard webhooks, Clock clock) {
    this.gateway = gateway;
    this.decisions = decisions;
    this.views = views;
    this.identities = identities;
    this.webhooks = webhooks;
    this.clock = clock;
  }

  /** Who makes a request (spec R1.1 step 8), with the shared key it came with, and whether it is downgraded. */
  public record Requester(UserAccount user, SharedKey key, boolean downgraded) {
    public String sharedKeyHash() {
      return key == null ? null : key.hash();
    }
  }

  /**
   * The checks made before the key is looked at: maintenance mode (thrown at once), then the webhook's scheme
   * (thrown at once) and where it points ({@link WebhookGuard}: the returned future fails with the refusal).
   */
  public CompletableFuture<Void> checkOpen(String webhook) {
    if (views.modes().getMaintenance()) {
      throw ApiError.badRequest("MaintenanceMode", "AI Horde has entered maintenance mode. Please try again later.");
    }
    return webhooks.check(webhook);
  }

  /** A shared key's owner, or the key's user; a used-up shared key runs as anonymous when allowed (R3.15.4). */
  public CompletableFuture<Requester> requester(String apiKey, boolean allowDowngrade) {
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

  /** The user's jobs of this kind still waiting, plus {@code n}, may not exceed their concurrency. */
  public void checkConcurrency(WorkKind kind, UserAccount user, int n) {
    int waiting = views.statuses(kind).waitingJobs(user.getUserId());
    if (waiting + n > user.getConcurrency()) {
      throw new ApiError(429, "TooManyPrompts", user.getUserId() == Accounts.ANONYMOUS_ID
          ? "Too many anonymous requests on using the AI Horde currently (" + waiting + "/" + user.getConcurrency()
              + "). Please consider getting a personal API key at https://aihorde.net/register which will also "
              + "provide higher priority."
          : "Parallel requests (" + waiting + ") exceeded user limit (" + user.getConcurrency()
              + "). Please try again later or request to increase your concurrency.");
    }
  }

  /** R1.1 step 18: the client's address may not be in timeout (403 TimeoutIP), right after the concurrency. */
  public void checkIp(String clientIp) {
    views.ipTimeouts().check(clientIp, clock.millis());
  }

  /**
   * Whether the requester's balance, as this instance sees it, could hold the upfront kudos now: what a dry run,
   * which holds nothing, is priced by.
   */
  public boolean affordableNow(UserAccount user, long requiredCenti) {
    AccountBalance balance = views.balance(Accounts.user(user.getUserId())).orElse(null);
    long floor = balance == null || balance.getFloorCenti() == null ? Accounts.floorCenti(user) : balance.getFloorCenti();
    return balance == null ? affordable(0, floor, 0, requiredCenti)
        : affordable(balance.getBalanceCenti(), floor, balance.getHeldCenti(), requiredCenti);
  }

  /** Whether an account could hold {@code requiredCenti} now: balance − floor − active holds (spec §4.6). */
  public static boolean affordable(long balanceCenti, long floorCenti, long heldCenti, long requiredCenti) {
    return balanceCenti - floorCenti - heldCenti >= requiredCenti;
  }

  /**
   * Asks the ledger to hold the upfront kudos of a request on its requester's account: true once held, false
   * when the balance cannot cover them. A hold whose answer did not come in time is freed again, since one
   * placed anyway would lock the kudos for hours.
   */
  public CompletableFuture<Boolean> holdUpfront(UserAccount user, String requestId, long requiredCenti) {
    String account = Accounts.user(user.getUserId());
    String holdId = KudosCommands.upfrontHold(requestId);
    Instant now = clock.instant();
    return decisions.ledger(KudosCommands.reserve(account, holdId, requiredCenti, now.plus(HOLD_FOR), now),
            Effect.NONE)
        .whenComplete((answer, error) -> {
          if (error != null) {
            decisions.tell(KudosCommands.release(account, holdId, clock.instant()));
          }
        }).thenApply(answer -> answer.getOk());
  }

  /** Frees a hold placed for a request that was not queued after all. */
  public void release(UserAccount user, String holdId) {
    decisions.tell(KudosCommands.release(Accounts.user(user.getUserId()), holdId, clock.instant()));
  }

  /**
   * Sends an accepted request to its kind's queue and shows it at once on this instance; a hold placed for it
   * is released if Kafka does not take it. Completes once Kafka acknowledged it: what a 202 waits for.
   */
  public CompletableFuture<Void> send(WorkKind kind, RequestAccepted accepted) {
    Instant now = clock.instant();
    return gateway.send(Topics.of(kind).requests(), accepted.getRequestId(), accepted).whenComplete((sent, error) -> {
      if (error != null && accepted.getHoldId() != null) {
        decisions.tell(KudosCommands.release(Accounts.user(accepted.getUserId()), accepted.getHoldId(), now));
      }
    }).thenRun(() -> views.statuses(kind).accepted(accepted, now.toEpochMilli()));
  }
}
