package ai.horde.ingress.views;

import ai.horde.accounts.KudosCommands;
import ai.horde.events.AccountCommand;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.KudosAnswer;
import ai.horde.events.KudosCommand;
import ai.horde.events.RatingRequested;
import ai.horde.events.SubmitAnswer;
import ai.horde.events.SubmitRequested;
import ai.horde.events.UserAccount;
import ai.horde.events.WorkerAnswer;
import ai.horde.events.WorkerCommand;
import ai.horde.ingress.HordeSettings;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.kafka.CommandGateway;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one way ingress asks a decider (the account registry, the kudos ledger, the scheduler) and answers with
 * what it decided: the command goes out with this instance as its reply address; a refusal
 * ({@code ErrorAnswer}) becomes the {@link ApiError} it names; an answer completes only once the views show the
 * decision's {@link Effect}, so that the caller's next read sees it. One deadline covers it all
 * ({@code horde.command-timeout}): no reply by then is a 503; a view slower than that is not waited for
 * (the decision stands).
 *
 * <p>Pops are not asked here: their wait is the pop's hold, and no answer is an empty pop, not a failure.
 */
@Singleton
public final class Decisions {
  /** What the account registry writes: after its reply, these hold what it decided. */
  public static final List<Topic<String, ?>> REGISTRY_TOPICS = List.of(Topics.USER_EVENTS, Topics.SHARED_KEYS,
      Topics.TEAMS, Topics.HORDE_MODES);

  private final CommandGateway gateway;
  private final Visibility visibility;
  private final Admins admins;
  private final Clock clock;
  private final Duration timeout;

  Decisions(CommandGateway gateway, Visibility visibility, Admins admins, Clock clock, HordeSettings settings) {
    this.gateway = gateway;
    this.visibility = visibility;
    this.admins = admins;
    this.clock = clock;
    this.timeout = settings.commandTimeout();
  }

  /** A registry command, answered once the views hold the registry's writes. */
  public <A> CompletableFuture<A> registry(@Nullable UserAccount requester, Object command, Class<A> answerType) {
    return registry(requester, command, answerType, answer -> Effect.writtenTo(REGISTRY_TOPICS));
  }

  /**
   * A registry command whose effect goes further (the ledger books a change the registry decided).
   *
   * @param requester the user whose key sent it (its id and whether it is an admin travel with it); null for
   *     a registration
   */
  public <A> CompletableFuture<A> registry(@Nullable UserAccount requester, Object command, Class<A> answerType,
      Function<A, Effect> effect) {
    AccountCommand envelope = accountCommand(requester, command, gateway.instanceId());
    String commandId = envelope.getCommandId();
    return ask(Topics.ACCOUNT_COMMANDS, commandId, envelope, commandId, answerType, effect);
  }

  /** A report to the registry that nobody waits on (a corrupt prompt); completes once Kafka has it. */
  public CompletableFuture<Void> report(Object command) {
    AccountCommand envelope = accountCommand(null, command, null);
    return gateway.send(Topics.ACCOUNT_COMMANDS, envelope.getCommandId(), envelope);
  }

  private AccountCommand accountCommand(@Nullable UserAccount requester, Object command, @Nullable String replyTo) {
    return AccountCommand.newBuilder()
        .setCommandId(UUID.randomUUID().toString()).setReplyTo(replyTo)
        .setRequesterId(requester == null ? null : requester.getUserId())
        .setRequesterAdmin(admins.isAdmin(requester))
        .setRequestedAt(clock.instant()).setCommand(command).build();
  }

  /** A command to the ledger, keyed by the account whose task decides it. */
  public CompletableFuture<KudosAnswer> ledger(KudosCommand command, Effect effect) {
    String correlationId = UUID.randomUUID().toString();
    KudosCommand asking = KudosCommands.replyingTo(command, gateway.instanceId(), correlationId);
    return ask(Topics.KUDOS_COMMANDS, asking.getAccount(), asking, correlationId, KudosAnswer.class,
        answer -> effect);
  }

  /** A command to the ledger that nobody waits for; completes once Kafka has it. */
  public CompletableFuture<Void> tell(KudosCommand command) {
    return gateway.send(Topics.KUDOS_COMMANDS, command.getAccount(), command);
  }

  /** A worker's change or deletion, decided by the scheduler; answered once the views hold the worker. */
  public CompletableFuture<WorkerAnswer> worker(UserAccount requester, String workerId, Object command) {
    return workerCommand(requester, workerId, command, Topics.WORKERS);
  }

  /**
   * A worker message's posting or deletion, decided by the scheduler (which owns the workers); answered once
   * the views hold the message.
   *
   * @param workerId the message's worker, or empty for a message to every worker
   */
  public CompletableFuture<WorkerAnswer> workerMessage(UserAccount requester, String workerId, Object command) {
    return workerCommand(requester, workerId, command, Topics.WORKER_MESSAGES);
  }

  private CompletableFuture<WorkerAnswer> workerCommand(UserAccount requester, String workerId, Object command,
      Topic<String, ?> writes) {
    String commandId = UUID.randomUUID().toString();
    WorkerCommand envelope = WorkerCommand.newBuilder().setCommandId(commandId).setReplyTo(gateway.instanceId())
        .setWorkerId(workerId).setRequesterId(requester.getUserId())
        .setRequesterModerator(requester.getModerator()).setRequestedAt(clock.instant()).setCommand(command)
        .build();
    return ask(Topics.WORKER_COMMANDS, workerId, envelope, commandId, WorkerAnswer.class,
        answer -> Effect.writtenTo(writes));
  }

  /** A worker's generation of a job of this kind, decided by the scheduler; this call names it and its reply. */
  public CompletableFuture<SubmitAnswer> submit(WorkKind kind, SubmitRequested.Builder generation) {
    SubmitRequested submit = generation.setSubmitId(UUID.randomUUID().toString()).setReplyTo(gateway.instanceId())
        .build();
    return ask(Topics.of(kind).submits(), submit.getJobId(), submit, submit.getSubmitId(), SubmitAnswer.class,
        answer -> Effect.NONE);
  }

  /** Aesthetic ratings of an image request, decided by the scheduler; this call names them and their reply. */
  public CompletableFuture<SubmitAnswer> rate(RatingRequested.Builder rating) {
    RatingRequested rated = rating.setRatingId(UUID.randomUUID().toString()).setReplyTo(gateway.instanceId()).build();
    return ask(Topics.IMAGE_RATINGS, rated.getRequestId(), rated, rated.getRatingId(), SubmitAnswer.class,
        answer -> Effect.NONE);
  }

  private <V, A> CompletableFuture<A> ask(Topic<String, V> topic, String key, V command, String correlationId,
      Class<A> answerType, Function<A, Effect> effect) {
    Instant deadline = clock.instant().plus(timeout);
    return gateway.ask(topic, key, command, correlationId, timeout).thenCompose(reply -> {
      if (reply instanceof ErrorAnswer e) {
        throw new ApiError(e.getHttpStatus(), e.getRc(), e.getMessage());
      }
      if (!answerType.isInstance(reply)) {
        throw new IllegalStateException("unexpected reply to " + topic.name() + ": " + reply);
      }
      A answer = answerType.cast(reply);
      return visibility.shown(effect.apply(answer), deadline).thenApply(shown -> answer);
    });
  }
}
