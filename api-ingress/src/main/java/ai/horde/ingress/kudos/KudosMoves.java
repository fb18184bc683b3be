package ai.horde.ingress.kudos;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.TransferKudos;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.kudos.KudosBodies.KudosAwarded;
import ai.horde.ingress.kudos.KudosBodies.KudosTransferInput;
import ai.horde.ingress.kudos.KudosBodies.KudosTransferred;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Effect;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.SharedKey;
import ai.horde.ingress.views.Visibility;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /kudos/transfer} and {@code POST /kudos/award} (spec §1.7): finds who sends and who receives
 * ({@link TransferRules}), and asks the ledger, which decides the rest where the payer's balance is and
 * answers once the kudos moved (docs/decisions/0006). Answered once this instance's balances show the move.
 *
 * <p>A transfer's id is {@code transfer:<source account>:<uuid of the Idempotency-Key>}, so a retry with the
 * same key is the same command: the ledger moves the kudos once and refuses the key with other parameters
 * ({@code IdempotencyKeyConflict}). Without the header every call is a new transfer. A shared key's id as the
 * username sends the kudos to its owner and raises what the key may spend.
 *
 * <p>Known gap: the {@code donated} bucket for education accounts. The rate limits (1/s and
 * 90/h per key) are {@code limits.RateLimitFilter}'s.
 */
@Singleton
final class KudosMoves {
  private final Decisions decisions;
  private final HordeViews views;
  private final Identities identities;
  private final Visibility visibility;
  private final Clock clock;

  KudosMoves(Decisions decisions, HordeViews views, Identities identities, Visibility visibility, Clock clock) {
    this.decisions = decisions;
    this.views = views;
    this.identities = identities;
    this.visibility = visibility;
    this.clock = clock;
  }

  CompletableFuture<KudosTransferred> transfer(KudosTransferInput input, String apiKey, String idempotencyKey) {
    return identities.require(apiKey).thenCompose(source -> destination(input.username())
        .thenCompose(destination -> {
          SharedKey key = destination.key();
          boolean expired = key != null && key.validity(clock.instant()) == SharedKey.Validity.EXPIRED;
          TransferRules.checkTransfer(source, destination.user(), expired);
          TransferRules.checkFits(input.amount());
          UserAccount target = destination.user().get();
          String sourceAccount = Accounts.user(source.getUserId());
          // The key is hashed: the destination sees the transfer id in its postings, and the key is the sender's.
          String transferId = "transfer:" + sourceAccount + ":" + (idempotencyKey == null ? UUID.randomUUID()
              : UUID.nameUUIDFromBytes((sourceAccount + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8)));
          KudosCommand transfer = KudosCommands.transfer(sourceAccount, transferId,
              Accounts.user(target.getUserId()), input.amount().longValueExact() * 100,
              KudosCommands.roles(source, target), clock.instant());
          if (key != null) {
            // Sent to a shared key: its owner receives the kudos, and the key may spend that much more.
            ((TransferKudos) transfer.getCommand()).setDestinationSharedKey(key.hash());
          }
          return decisions.ledger(transfer, Effect.writtenTo(Topics.KUDOS_BALANCES));
        }))
        .thenApply(answer -> {
          if (!answer.getOk()) {
            // The ledger refuses transfers with an ErrorAnswer; a plain "no" can only mean not enough kudos.
            throw ApiError.badRequest("KudosTransferNotEnough", "Not enough kudos.");
          }
          return new KudosTransferred(input.amount());
        });
  }

  CompletableFuture<KudosAwarded> award(KudosTransferInput input, String apiKey) {
    return identities.require(apiKey).thenCompose(awarder -> user(TransferRules.targetId(input.username()))
        .thenCompose(target -> {
          TransferRules.checkAward(awarder, target, input.amount());
          long centi = input.amount().longValueExact() * 100;
          Instant now = clock.instant();
          // Kudos out of nothing: credited to the user against the mint, so the books still balance.
          KudosTransaction award = KudosTransaction.newBuilder()
              .setTransactionId("award:" + UUID.randomUUID())
              .setKind(KudosKind.AWARD)
              .setLegs(List.of(new KudosLeg(Accounts.user(target.get().getUserId()), centi),
                  new KudosLeg(Accounts.MINT, -centi)))
              .setReference(Accounts.alias(awarder))
              .setOccurredAt(now).build();
          return decisions.ledger(KudosCommands.transaction(award, now), Effect.writtenTo(Topics.KUDOS_BALANCES));
        }))
        .thenApply(answer -> {
          if (!answer.getOk()) {
            throw new IllegalStateException("the ledger did not apply an award: " + answer);
          }
          return new KudosAwarded(input.amount());
        });
  }

  /** Whom a transfer goes to: the user a username names, else the owner of the shared key it is. */
  private record Destination(Optional<UserAccount> user, SharedKey key) {}

  private CompletableFuture<Destination> destination(String username) {
    return user(TransferRules.targetId(username)).thenCompose(user -> {
      if (user.isPresent()) {
        return CompletableFuture.completedFuture(new Destination(user, null));
      }
      return identities.sharedKey(username).thenApply(key -> key
          .map(found -> new Destination(Optional.of(found.owner()), found))
          .orElseGet(() -> new Destination(Optional.empty(), null)));
    });
  }

  /** The user of an id; a user registered elsewhere a moment ago is found after catching up. */
  private CompletableFuture<Optional<UserAccount>> user(OptionalLong id) {
    if (id.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    long userId = id.getAsLong();
    return visibility.find(() -> views.users().byId(userId), List.of(Topics.USER_EVENTS));
  }
}
