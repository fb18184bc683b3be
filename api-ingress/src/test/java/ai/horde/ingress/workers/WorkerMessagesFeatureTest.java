package ai.horde.ingress.workers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.DeleteWorkerMessage;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.PopAnswer;
import ai.horde.events.PostWorkerMessage;
import ai.horde.events.UserChanged;
import ai.horde.events.WorkerAnswer;
import ai.horde.events.WorkerCommand;
import ai.horde.events.WorkerMessage;
import ai.horde.events.WorkerState;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.ingress.fixtures.GivenViews.User;
import ai.horde.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Worker messages over HTTP (spec §1.4 W6–W9), with the scheduler scripted. */
@MicronautTest(transactional = false)
class WorkerMessagesFeatureTest extends FeatureTest {
  private static final String MESSAGES = "/api/v2/workers/messages";

  /** A scheduler that accepts every message as asked: the sender's id, 12 hours unless asked. */
  private void givenASchedulerThatAcceptsMessages() {
    deciders.answer(command -> {
      WorkerCommand envelope = (WorkerCommand) command;
      PostWorkerMessage post = (PostWorkerMessage) envelope.getCommand();
      Instant now = clock.instant();
      views.fold(Topics.WORKER_MESSAGES, post.getMessageId(), WorkerMessage.newBuilder()
          .setMessageId(post.getMessageId()).setWorkerId(envelope.getWorkerId()).setUserId(envelope.getRequesterId())
          .setMessage(post.getMessage()).setOrigin(Long.toString(envelope.getRequesterId())).setCreated(now)
          .setExpiry(now.plus(Duration.ofHours(post.getExpiryHours()))).build(), clock.millis());
      return new WorkerAnswer(envelope.getWorkerId(), post.getMessageId());
    });
  }

  private WorkerMessage given(String workerId, long userId, Duration expiresIn) {
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    WorkerMessage message = WorkerMessage.newBuilder().setMessageId(id).setWorkerId(workerId).setUserId(userId)
        .setMessage("hello " + id).setOrigin("AI Horde Moderators").setCreated(now).setExpiry(now.plus(expiresIn))
        .build();
    views.fold(Topics.WORKER_MESSAGES, id, message, clock.millis());
    return message;
  }

  @Test
  void theOwnersMessageIsTheSchedulersAndIsAnsweredAsTheReferenceRendersIt() {
    // Given
    User owner = given.user("msg-owner", 10);
    WorkerState worker = given.worker(owner, "msg-worker-1", List.of("m/x"));
    givenASchedulerThatAcceptsMessages();

    // When
    Answer posted = api.post(MESSAGES, "{\"worker_id\":\"" + worker.getWorkerId() + "\",\"message\":\"Update me\"}",
        "apikey", owner.apiKey());

    // Then
    assertThat(posted.status()).as(posted.body()).isEqualTo(200);
    WorkerCommand sent = deciders.written(Topics.WORKER_COMMANDS).get(0);
    assertThat(sent.getWorkerId()).isEqualTo(worker.getWorkerId());
    assertThat(sent.getRequesterId()).isEqualTo(owner.id());
    assertThat(((PostWorkerMessage) sent.getCommand()).getExpiryHours()).isEqualTo(12);
    assertThat(posted.json().get("worker_id").asText()).isEqualTo(worker.getWorkerId());
    assertThat(posted.json().get("user_id").asText()).isEqualTo(Long.toString(owner.id()));
    assertThat(posted.json().get("message").asText()).isEqualTo("Update me");
    assertThat(posted.json().get("expiry").asText()).matches("[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} "
        + "\\d\\d:\\d\\d:\\d\\d -0000");
    String id = posted.json().get("id").asText();
    assertThat(api.get(MESSAGES + "/" + id).json().get("message").asText()).isEqualTo("Update me");
  }

  @Test
  void aMessageBodyIsCheckedAgainstTheReferencesModel() {
    User owner = given.user("msg-validator", 10);

    assertThat(api.post(MESSAGES, "{\"message\":\"x\"}").json().get("errors").get("apikey").asText())
        .startsWith("User API key.");
    assertThat(api.post(MESSAGES, "{\"expiry\":5}", "apikey", owner.apiKey()).status()).isEqualTo(400);
    assertThat(api.post(MESSAGES, "{\"message\":\"x\",\"expiry\":721}", "apikey", owner.apiKey()).status())
        .isEqualTo(400);
    assertThat(api.post(MESSAGES, "{\"message\":\"x\",\"expiry\":0}", "apikey", owner.apiKey()).status())
        .isEqualTo(400);
    assertThat(api.post(MESSAGES, "{\"message\":\"x\",\"worker_id\":\"short\"}", "apikey", owner.apiKey()).status())
        .isEqualTo(400);
    assertThat(api.post(MESSAGES, "{\"message\":\"\"}", "apikey", owner.apiKey()).status()).isEqualTo(400);
    assertThat(api.post(MESSAGES, "{\"message\":\"x\"}", "apikey", "not-a-key").rc()).isEqualTo("InvalidAPIKey");
    assertThat(deciders.written(Topics.WORKER_COMMANDS)).isEmpty();
  }

  @Test
  void theSchedulersRefusalIsTheAnswer() {
    User stranger = given.user("msg-stranger", 10);
    deciders.answer(command -> new ErrorAnswer(403, "MessagesOnlyOwnWorkers",
        "You can only send messages to your own workers."));

    Answer refused = api.post(MESSAGES, "{\"worker_id\":\"" + UUID.randomUUID() + "\",\"message\":\"hi\"}",
        "apikey", stranger.apiKey());

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.rc()).isEqualTo("MessagesOnlyOwnWorkers");
  }

  @Test
  void aUserListsTheirOwnMessagesAndTheBroadcastsAModeratorListsAnyones() {
    // Given messages of two users, one expired, and a broadcast
    User alice = given.user("msg-alice", 10);
    User bob = given.user("msg-bob", 10);
    User mod = given.user("msg-mod", 0, UserChanged.newBuilder().setModerator(true).build());
    WorkerState worker = given.worker(alice, "msg-worker-2", List.of("m/x"));
    WorkerMessage active = given(worker.getWorkerId(), alice.id(), Duration.ofHours(1));
    WorkerMessage expired = given(worker.getWorkerId(), alice.id(), Duration.ofHours(-1));
    WorkerMessage bobs = given(worker.getWorkerId(), bob.id(), Duration.ofHours(1));
    WorkerMessage broadcast = given(null, mod.id(), Duration.ofHours(1));

    // Then
    assertThat(ids(api.get(MESSAGES, "apikey", alice.apiKey()))).contains(active.getMessageId(),
        broadcast.getMessageId()).doesNotContain(expired.getMessageId(), bobs.getMessageId());
    assertThat(ids(api.get(MESSAGES + "?validity=expired&user_id=" + alice.id(), "apikey", alice.apiKey())))
        .containsExactly(expired.getMessageId());
    assertThat(ids(api.get(MESSAGES + "?validity=all&worker_id=" + worker.getWorkerId() + "&user_id=" + bob.id(),
        "apikey", mod.apiKey()))).containsExactly(bobs.getMessageId());
    Answer others = api.get(MESSAGES + "?user_id=" + bob.id(), "apikey", alice.apiKey());
    assertThat(others.status()).isEqualTo(403);
    assertThat(others.body()).contains("You can only view your own messages.");
    Answer badValidity = api.get(MESSAGES + "?validity=soon", "apikey", alice.apiKey());
    assertThat(badValidity.status()).isEqualTo(400);
    assertThat(badValidity.body()).contains("validity can only be one of");
    assertThat(api.get(MESSAGES + "?page=2", "apikey", alice.apiKey()).json()).isEmpty();
    assertThat(api.get(MESSAGES).json().get("errors").get("apikey").asText()).startsWith("User API key.");
  }

  @Test
  void anUnknownMessageIsNotFoundAndADeletionIsTheSchedulers() {
    User alice = given.user("msg-deleter", 10);
    WorkerState worker = given.worker(alice, "msg-worker-3", List.of("m/x"));
    WorkerMessage message = given(worker.getWorkerId(), alice.id(), Duration.ofHours(1));

    Answer unknown = api.get(MESSAGES + "/no-such-message");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.rc()).isEqualTo("WorkermessageNotFound");
    assertThat(unknown.json().get("message").asText()).isEqualTo("Workermessage with ID 'no-such-message' not found.");
    assertThat(api.delete(MESSAGES + "/no-such-message", "apikey", alice.apiKey()).rc())
        .isEqualTo("WorkermessageNotFound");

    deciders.answer(command -> {
      views.fold(Topics.WORKER_MESSAGES, message.getMessageId(), null, clock.millis());
      return new WorkerAnswer(worker.getWorkerId(), message.getMessageId());
    });
    Answer deleted = api.delete(MESSAGES + "/" + message.getMessageId(), "apikey", alice.apiKey());
    assertThat(deleted.body()).isEqualTo("{\"message\":\"OK\"}");
    DeleteWorkerMessage sent = (DeleteWorkerMessage) deciders.written(Topics.WORKER_COMMANDS).get(0).getCommand();
    assertThat(sent.getCreatorId()).isEqualTo(alice.id());
    assertThat(api.get(MESSAGES + "/" + message.getMessageId()).status()).isEqualTo(404);
  }

  @Test
  void aPopShowsTheWorkersActiveMessagesAndTheBroadcasts() {
    User owner = given.user("msg-popper", 10);
    WorkerState worker = given.worker(owner, "msg-worker-5", List.of("m/x"));
    WorkerMessage own = given(worker.getWorkerId(), owner.id(), Duration.ofHours(1));
    WorkerMessage expired = given(worker.getWorkerId(), owner.id(), Duration.ofHours(-1));
    WorkerMessage broadcast = given(null, 1, Duration.ofHours(1));
    WorkerMessage anothers = given(UUID.randomUUID().toString(), owner.id(), Duration.ofHours(1));
    deciders.answer(command -> new PopAnswer(worker.getWorkerId(), List.of(), null, null, null, null, 0, List.of(),
        Map.of()));

    Answer popped = api.post("/api/v2/generate/text/pop", "{\"name\":\"msg-worker-5\",\"models\":[\"m/x\"]}",
        "apikey", owner.apiKey());

    assertThat(popped.status()).as(popped.body()).isEqualTo(200);
    // (the other tests' messages to every worker show too)
    assertThat(popped.json().get("messages").findValuesAsText("id"))
        .contains(own.getMessageId(), broadcast.getMessageId())
        .doesNotContain(expired.getMessageId(), anothers.getMessageId());
    assertThat(popped.json().get("messages").get(0).fieldNames()).toIterable()
        .containsExactlyInAnyOrder("id", "message", "origin", "expiry");
  }

  private static List<String> ids(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().findValuesAsText("id");
  }
}
