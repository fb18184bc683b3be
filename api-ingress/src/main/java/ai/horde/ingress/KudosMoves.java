package ai.horde.ingress;

import static ai.horde.ingress.JsonShape.integer;
import static ai.horde.ingress.JsonShape.object;
import static ai.horde.ingress.JsonShape.string;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.KudosAnswer;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.TransferKudos;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /kudos/transfer} and {@code POST /kudos/award} (spec §1.7): checks the body and the key, decides
 * what needs the users ({@link TransferRules}), and asks the ledger, which decides the rest where the payer's
 * balance is and answers once the kudos moved (docs/decisions/0006). A 200 is sent only after this
 * instance's balances show the move, so that the caller's next {@code find_user} here sees it.
 *
 * <p>A transfer's id is {@code transfer:<source account>:<uuid of the Idempotency-Key>}, so a retry with the
 * same key is the same command: the ledger moves the kudos once and refuses the key with other parameters
 * ({@code IdempotencyKeyConflict}). Without the header every call is a new transfer.
 *
 * <p>A shared key's id as the username sends the kudos to its owner and raises what the key may spend
 * ({@code TransferKudos.destination_shared_key}, spec §1.7).
 *
 * <p>Known gaps: the reference's rate limits (1/s and 90/h per key), suspicion (see {@link TransferRules}),
 * and the {@code donated} bucket for education accounts.
 */
@Singleton
final class KudosMoves {
  private static final String API_KEY_HELP = "The sending user's API key.";
  private static final String USERNAME_HELP = "The user ID which will receive the kudos.";
  private static final long DEFAULT_AMOUNT = 100;
  private static final Duration CATCH_UP = Duration.ofSeconds(2);
  /** Neither body is schema-validated by the reference; its parser wants a string and an int. */
  private static final JsonShape BODY = object().field("username", string()).field("amount", integer());

  private final LedgerCalls ledger;
  private final HordeViews views;
  private final Identities identities;

  KudosMoves(LedgerCalls ledger, HordeViews views, Identities identities) {
    this.ledger = ledger;
    this.views = views;
    this.identities = identities;
  }

  CompletableFuture<MutableHttpResponse<String>> transfer(String body, String apiKey, String idempotencyKey) {
    JsonNode json = parse(body, apiKey);
    BigInteger amount = amount(json);
    String username = json.get("username").asText();
    return identities.require(apiKey).thenCompose(source -> destination(username)
        .thenCompose(destination -> {
          Optional<UserAccount> target = destination.user();
          Identities.SharedKey key = destination.key();
          boolean expired = key != null
              && SharedKeyIntake.validity(key.state(), null, Instant.now()) == SharedKeyIntake.Validity.EXPIRED;
          TransferRules.checkTransfer(source, target, expired).ifPresent(refusal -> {
            throw refusal.error();
          });
          if (!TransferRules.fits(amount)) {
            throw TransferRules.tooLarge(amount).error();
          }
          String sourceAccount = Accounts.user(source.getUserId());
          // The key is hashed: the destination sees the transfer id in its postings, and the key is the sender's.
          String transferId = "transfer:" + sourceAccount + ":" + (idempotencyKey == null ? UUID.randomUUID()
              : UUID.nameUUIDFromBytes((sourceAccount + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8)));
          ErrorAnswer roles = TransferRules.checkRoles(source, target.get()).map(TransferRules.Refusal::answer)
              .orElse(null);
          KudosCommand transfer = KudosCommands.transfer(sourceAccount, transferId,
              Accounts.user(target.get().getUserId()), amount.longValueExact() * 100, roles, Instant.now());
          if (key != null) {
            // Sent to a shared key: its owner receives the kudos, and the key may spend that much more.
            ((TransferKudos) transfer.getCommand()).setDestinationSharedKey(key.hash());
          }
          return ledger.ask(transfer);
        }))
        .thenCompose(reply -> {
          if (reply instanceof ErrorAnswer e) {
            throw LedgerCalls.refusal(e);
          }
          if (!(reply instanceof KudosAnswer answer)) {
            throw LedgerCalls.unexpected(reply);
          }
          if (!answer.getOk()) {
            // The ledger refuses transfers with an ErrorAnswer; a plain "no" can only mean not enough kudos.
            throw HordeError.badRequest("KudosTransferNotEnough", "Not enough kudos.");
          }
          return shown(Responses.JSON.createObjectNode().put("transferred", amount));
        });
  }

  CompletableFuture<MutableHttpResponse<String>> award(String body, String apiKey) {
    JsonNode json = parse(body, apiKey);
    BigInteger amount = amount(json);
    String username = json.get("username").asText();
    return identities.require(apiKey).thenCompose(awarder -> user(TransferRules.targetId(username))
        .thenCompose(target -> {
          TransferRules.checkAward(awarder, target).ifPresent(refusal -> {
            throw refusal.error();
          });
          if (!TransferRules.fits(amount)) {
            throw HordeError.badRequest("BadRequest", "The award is larger than any balance can be.");
          }
          long centi = amount.longValueExact() * 100;
          Instant now = Instant.now();
          // Kudos out of nothing: credited to the user against the mint, so the books still balance.
          KudosTransaction award = KudosTransaction.newBuilder()
              .setTransactionId("award:" + UUID.randomUUID())
              .setKind(KudosKind.AWARD)
              .setLegs(List.of(new KudosLeg(Accounts.user(target.get().getUserId()), centi),
                  new KudosLeg(Accounts.MINT, -centi)))
              .setReference(Accounts.alias(awarder))
              .setOccurredAt(now).build();
          return ledger.ask(KudosCommands.transaction(award, now));
        }))
        .thenCompose(reply -> {
          if (reply instanceof ErrorAnswer e) {
            throw LedgerCalls.refusal(e);
          }
          if (!(reply instanceof KudosAnswer answer) || !answer.getOk()) {
            throw LedgerCalls.unexpected(reply);
          }
          return shown(Responses.JSON.createObjectNode().put("awarded", amount));
        });
  }

  /** The body, checked as the reference's parser checks it: apikey header and username required. */
  private static JsonNode parse(String body, String apiKey) {
    JsonNode json = Bodies.parse(body, BODY);
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", API_KEY_HELP);
    }
    if (Bodies.missing(json, "username")) {
      throw InvalidPayload.missingField("username", USERNAME_HELP);
    }
    return json;
  }

  private static BigInteger amount(JsonNode json) {
    return Bodies.missing(json, "amount") ? BigInteger.valueOf(DEFAULT_AMOUNT) : json.get("amount").bigIntegerValue();
  }

  /** Whom a transfer goes to: the user a username names, else the owner of the shared key it is. */
  private record Destination(Optional<UserAccount> user, Identities.SharedKey key) {}

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
    return views.find(() -> views.users.byId(userId), List.of(Topics.USER_EVENTS));
  }

  /**
   * 200 once the balances this instance shows include the move (the ledger wrote them before it answered);
   * if catching up takes too long the answer goes anyway: the kudos did move.
   */
  private CompletableFuture<MutableHttpResponse<String>> shown(JsonNode answer) {
    return views.caughtUp(List.of(Topics.KUDOS_BALANCES), CATCH_UP).handle((ok, error) -> Responses.ok(answer));
  }
}
