package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.T0;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.workerCommand;
import static ai.horde.scheduler.SchedulerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.DeleteWorkerMessage;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.PostWorkerMessage;
import ai.horde.events.WorkerMessage;
import ai.horde.scheduler.Outputs.Output;
import ai.horde.scheduler.SchedulerCommand.ManageWorker;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerEvent.WorkerCommandRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerMessageDeleted;
import ai.horde.scheduler.SchedulerEvent.WorkerMessagePosted;
import ai.horde.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Worker messages (W7, W9) as the scheduler decides them: given a worker of user 9, when a message command. */
class WorkerMessagingTest {
  private static final long OWNER = 9;
  private static final long STRANGER = 10;
  private static final long ANONYMOUS = 0;

  private final SchedulerFixture horde = new SchedulerFixture();
  private String w1;

  @BeforeEach
  void givenAWorkerOfUserNine() {
    horde.given(new Pop(pop("p0", "w1", OWNER).build()));
    w1 = horde.state.workerNamed("w1").getWorkerId();
  }

  private List<SchedulerEvent> post(String workerId, long requester, boolean moderator,
      PostWorkerMessage.Builder message) {
    return horde.when(new ManageWorker(workerCommand("m1", workerId, requester, message.build())
        .setRequesterModerator(moderator).build()));
  }

  private static PostWorkerMessage.Builder message() {
    return PostWorkerMessage.newBuilder().setMessageId("msg-1").setMessage("Please update your bridge")
        .setOrigin("the owner's note");
  }

  private List<SchedulerEvent> delete(long requester, boolean moderator, long creator) {
    return horde.when(new ManageWorker(workerCommand("d1", w1, requester, new DeleteWorkerMessage("msg-1", creator))
        .setRequesterModerator(moderator).build()));
  }

  private static void assertRefused(List<SchedulerEvent> events, int status, String rc, String message) {
    ErrorAnswer error = only(events, WorkerCommandRejected.class).error();
    assertThat(error.getHttpStatus()).isEqualTo(status);
    assertThat(error.getRc()).isEqualTo(rc);
    assertThat(error.getMessage()).isEqualTo(message);
    assertThat(events).hasSize(1);
  }

  @Test
  void theOwnerMessagesTheirWorkerUnderTheirOwnIdForTwelveHoursByDefault() {
    WorkerMessage sent = only(post(w1, OWNER, false, message()), WorkerMessagePosted.class).message();

    assertThat(sent.getMessageId()).isEqualTo("msg-1");
    assertThat(sent.getWorkerId()).isEqualTo(w1);
    assertThat(sent.getUserId()).isEqualTo(OWNER);
    assertThat(sent.getOrigin()).isEqualTo("9");
    assertThat(sent.getCreated()).isEqualTo(T0);
    assertThat(sent.getExpiry()).isEqualTo(T0.plus(Duration.ofHours(12)));
  }

  @Test
  void aPostedMessageIsPublishedByItsIdAndAnsweredToTheCaller() {
    WorkerMessagePosted posted = only(post(w1, OWNER, false, message()), WorkerMessagePosted.class);

    List<Output> out = Outputs.of(posted, T0.toEpochMilli());

    assertThat(out).extracting(Output::topic).containsExactly(Topics.WORKER_MESSAGES, Topics.REPLIES);
    assertThat(out.get(0).key()).isEqualTo("msg-1");
    assertThat(out.get(0).value()).isEqualTo(posted.message());
  }

  @Test
  void anExpiryIsCappedAtThirtyDays() {
    WorkerMessage sent = only(post(w1, OWNER, false, message().setExpiryHours(5000)), WorkerMessagePosted.class)
        .message();

    assertThat(sent.getExpiry()).isEqualTo(T0.plus(Duration.ofHours(720)));
  }

  @Test
  void aStrangerMayNotMessageSomeoneElsesWorker() {
    assertRefused(post(w1, STRANGER, false, message()), 403, "MessagesOnlyOwnWorkers",
        "You can only send messages to your own workers.");
  }

  @Test
  void aNonModeratorMayNotMessageEveryWorker() {
    // The reference crashes here (500); it is the same refusal as a stranger's worker.
    assertRefused(post("", OWNER, false, message()), 403, "MessagesOnlyOwnWorkers",
        "You can only send messages to your own workers.");
  }

  @Test
  void aModeratorMessagesAnyWorkerOrEveryWorkerUnderTheOriginTheyChoose() {
    WorkerMessage toW1 = only(post(w1, STRANGER, true, message()), WorkerMessagePosted.class).message();
    WorkerMessage toAll = only(post("", STRANGER, true, message().setOrigin(null)), WorkerMessagePosted.class)
        .message();

    assertThat(toW1.getOrigin()).isEqualTo("the owner's note");
    assertThat(toAll.getWorkerId()).isNull();
    assertThat(toAll.getOrigin()).isEqualTo("AI Horde Moderators");
  }

  @Test
  void anUnknownWorkerIsNotFoundAndTheAnonymousUserIsRefused() {
    String unknown = UUID.randomUUID().toString();

    assertRefused(post(unknown, STRANGER, true, message()), 404, "WorkerNotFound",
        "Worker with ID '" + unknown + "' not found.");
    assertRefused(post(w1, ANONYMOUS, false, message()), 403, "AnonForbidden",
        "Anonymous user is forbidden from performing this operation");
  }

  @Test
  void onlyTheSenderOrAModeratorDeletesAMessage() {
    assertRefused(delete(STRANGER, false, OWNER), 403, "Forbidden", "You can only delete your own messages.");

    assertThat(only(delete(OWNER, false, OWNER), WorkerMessageDeleted.class).messageId()).isEqualTo("msg-1");
    WorkerMessageDeleted byMod = only(delete(STRANGER, true, OWNER), WorkerMessageDeleted.class);
    Output tombstone = Outputs.of(byMod, T0.toEpochMilli()).get(0);
    assertThat(tombstone.topic()).isEqualTo(Topics.WORKER_MESSAGES);
    assertThat(tombstone.key()).isEqualTo("msg-1");
    assertThat(tombstone.value()).isNull();
  }
}
