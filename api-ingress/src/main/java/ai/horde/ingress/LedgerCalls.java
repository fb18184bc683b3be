package ai.horde.ingress;

import ai.horde.accounts.KudosCommands;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.KudosCommand;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Ingress's calls to the kudos ledger ({@code horde.kudos-commands}, keyed by the account whose task decides
 * the command; see docs/decisions/0006). {@link #ask} waits for the ledger's reply: an {@code ErrorAnswer} or
 * a {@code KudosAnswer}. With no reply in time the call fails with a {@code TimeoutException}, which
 * {@link Responses#of} answers 503 {@code ServiceUnavailable}, as for every command that went unanswered: a
 * ledger that is down is not the client's fault.
 *
 * <p>Known gap: a command that timed out may still be applied later (a transfer, an award, a hold): the client
 * sees 503 for something that happened. A retried transfer with the same {@code Idempotency-Key} is then
 * answered as a replay; a hold left behind expires on its own.
 */
@Singleton
final class LedgerCalls {
  /** A transfer is answered after two ledger steps (debit at the source, credit at the destination). */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CommandGateway gateway;

  LedgerCalls(CommandGateway gateway) {
    this.gateway = gateway;
  }

  /** Sends the command, answered to this instance; completes with the reply's body. */
  CompletableFuture<Object> ask(KudosCommand command) {
    String correlationId = UUID.randomUUID().toString();
    KudosCommand asking = KudosCommands.replyingTo(command, gateway.instanceId(), correlationId);
    return gateway.ask(Topics.KUDOS_COMMANDS, asking.getAccount(), asking, correlationId, TIMEOUT);
  }

  /** Sends the command without waiting for its effect; completes once Kafka has it. */
  CompletableFuture<Void> tell(KudosCommand command) {
    return gateway.send(Topics.KUDOS_COMMANDS, command.getAccount(), command).thenApply(sent -> null);
  }

  /** The ledger's refusal, as the failure its HTTP call answers with. */
  static HordeError refusal(ErrorAnswer answer) {
    return new HordeError(answer.getHttpStatus(), answer.getRc(), answer.getMessage());
  }

  /** A reply of a kind this call cannot get: a fault of the ledger, answered 500 and logged. */
  static IllegalStateException unexpected(Object reply) {
    return new IllegalStateException("unexpected reply from the kudos ledger: " + reply);
  }
}
