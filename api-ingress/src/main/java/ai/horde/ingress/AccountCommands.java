package ai.horde.ingress;

import ai.horde.events.AccountAnswer;
import ai.horde.events.AccountCommand;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.UserRegistrationAnswer;
import ai.horde.events.RegisterUser;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the account registry (the single writer of users, shared keys, teams and modes) to decide a command,
 * and answers once this instance's views hold what it decided: the registry writes its events in the same
 * transaction as its reply, so reading its topics up to their end after the reply shows them. A refusal
 * ({@code ErrorAnswer}) becomes the {@link HordeError} it names.
 */
@Singleton
final class AccountCommands {
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Duration CATCH_UP = Duration.ofSeconds(5);

  private final CommandGateway gateway;
  private final HordeViews views;

  AccountCommands(CommandGateway gateway, HordeViews views) {
    this.gateway = gateway;
    this.views = views;
  }

  /** @param requester the user whose key sent it: its id and whether it is an admin travel with the command */
  CompletableFuture<AccountAnswer> ask(UserAccount requester, Object command) {
    return send(requester.getUserId(), Admins.isAdmin(requester), command, AccountAnswer.class)
        .thenCompose(answer -> views.caughtUp(HordeViews.REGISTRY_TOPICS, CATCH_UP).handle((ok, error) -> answer));
  }

  /** A registration, which has no requester; the caller waits for the new key to show (see {@link ViewWaits}). */
  CompletableFuture<UserRegistrationAnswer> register(RegisterUser register) {
    return send(null, false, register, UserRegistrationAnswer.class);
  }

  private <A> CompletableFuture<A> send(Long requesterId, boolean admin, Object command, Class<A> answerType) {
    String commandId = UUID.randomUUID().toString();
    AccountCommand envelope = AccountCommand.newBuilder()
        .setCommandId(commandId).setReplyTo(gateway.instanceId())
        .setRequesterId(requesterId).setRequesterAdmin(admin)
        .setRequestedAt(Instant.now()).setCommand(command).build();
    return gateway.ask(Topics.ACCOUNT_COMMANDS, commandId, envelope, commandId, TIMEOUT).thenApply(reply -> {
      if (reply instanceof ErrorAnswer e) {
        throw new HordeError(e.getHttpStatus(), e.getRc(), e.getMessage());
      }
      if (!answerType.isInstance(reply)) {
        throw new IllegalStateException("unexpected reply from the registry: " + reply);
      }
      return answerType.cast(reply);
    });
  }
}
