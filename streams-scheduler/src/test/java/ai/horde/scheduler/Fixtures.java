package ai.horde.scheduler;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountBalance;
import ai.horde.events.PopRequested;
import ai.horde.events.RequestAccepted;
import ai.horde.events.SubmitRequested;
import ai.horde.events.TextCapabilities;
import ai.horde.events.TextCriteria;
import ai.horde.events.WorkerCommand;
import ai.horde.image.ImageModelReference;
import ai.horde.text.ModelReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Commands as ingress would send them, with the reference's defaults. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  static final ImageModelReference IMAGE_MODELS = ImageModelReference.load();
  static final ModelReference MODELS = new ModelReference(Map.of("koboldcpp/thirteen", 13_000_000_000L));
  static final String VALIDATED_BRIDGE = "KoboldCppEmbedWorker:2:https://github.com/LostRuins/koboldcpp";

  private Fixtures() {}

  static RequestAccepted.Builder request(String id, long userId) {
    return RequestAccepted.newBuilder().setRequestId(id).setUserId(userId)
        .setPayloadJson("{\"prompt\":\"Once upon a time\",\"n\":1,\"max_length\":80,\"max_context_length\":2048}")
        .setPromptChars(17).setN(1).setCriteria(TextCriteria.newBuilder().build()).setAcceptedAt(T0);
  }

  /** A request whose requester has no kudos (or whose balance does not matter to the test). */
  static SchedulerCommand.AcceptRequest accept(RequestAccepted request) {
    return accept(request, 0);
  }

  /** A request whose requester's balance, as the ledger last published it, is {@code balanceCenti}. */
  static SchedulerCommand.AcceptRequest accept(RequestAccepted request, long balanceCenti) {
    return new SchedulerCommand.AcceptRequest(request, balance(request.getUserId(), balanceCenti).build());
  }

  static AccountBalance.Builder balance(long userId, long balanceCenti) {
    return AccountBalance.newBuilder().setAccount(Accounts.user(userId)).setBalanceCenti(balanceCenti)
        .setUpdatedAt(T0);
  }

  /** The rules of every kind of work, as the service runs them. */
  static List<KindRules> kinds() {
    return List.of(new TextRules(SchedulerSettings.defaults(), MODELS), new ImageRules(IMAGE_MODELS),
        new AlchemyRules());
  }

  /** What a text worker's pop says it can take. */
  static TextCapabilities limits(int maxLength, int maxContextLength) {
    return TextCapabilities.newBuilder().setMaxLength(maxLength).setMaxContextLength(maxContextLength).build();
  }

  static TextCriteria.Builder criteria() {
    return TextCriteria.newBuilder();
  }

  static PopRequested.Builder pop(String id, String workerName, long userId) {
    return pop(id, workerName, userId, T0);
  }

  /** A pop sent at {@code at}, not held, whose ingress waits 30 s for the answer. */
  static PopRequested.Builder pop(String id, String workerName, long userId, Instant at) {
    return PopRequested.newBuilder().setPopId(id).setReplyTo("ingress-1").setUserId(userId)
        .setWorkerName(workerName).setModels(List.of("koboldcpp/thirteen")).setBridgeAgent(VALIDATED_BRIDGE)
        .setRequestedAt(at).setHoldUntil(at).setReplyDeadline(at.plusSeconds(30));
  }

  /** A worker command of a non-moderator, as ingress sends it for PUT or DELETE /workers/{id}. */
  static WorkerCommand.Builder workerCommand(String id, String workerId, long requesterId, Object command) {
    return WorkerCommand.newBuilder().setCommandId(id).setReplyTo("ingress-1").setWorkerId(workerId)
        .setRequesterId(requesterId).setRequestedAt(T0).setCommand(command);
  }

  static SubmitRequested.Builder submit(String id, String jobId, long userId) {
    return SubmitRequested.newBuilder().setSubmitId(id).setReplyTo("ingress-1").setUserId(userId)
        .setJobId(jobId).setGeneration(" and they lived happily ever after.").setSubmittedAt(T0);
  }
}
