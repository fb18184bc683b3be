package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.T0;
import static ai.horde.scheduler.Fixtures.accept;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.request;
import static ai.horde.scheduler.Fixtures.submit;
import static ai.horde.scheduler.Fixtures.workerCommand;
import static ai.horde.scheduler.SchedulerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.DeleteWorker;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.ModifyWorker;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerCommand.ExpirePop;
import ai.horde.scheduler.SchedulerCommand.ManageWorker;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerCommand.Submit;
import ai.horde.scheduler.SchedulerEvent.JobFaulted;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.PopRejected;
import ai.horde.scheduler.SchedulerEvent.SubmitRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerCheckedIn;
import ai.horde.scheduler.SchedulerEvent.WorkerCommandRejected;
import ai.horde.scheduler.SchedulerEvent.WorkerDeleted;
import ai.horde.scheduler.SchedulerEvent.WorkerModified;
import ai.horde.scheduler.SchedulerEvent.WorkerRegistered;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** PUT and DELETE /workers/{id} as the scheduler decides them: given pops and commands, when a command. */
class WorkerManagementTest {
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

  private List<SchedulerEvent> modify(long requester, boolean moderator, ModifyWorker.Builder change) {
    return horde.when(new ManageWorker(workerCommand("c1", w1, requester, change.build())
        .setRequesterModerator(moderator).build()));
  }

  private List<SchedulerEvent> delete(String workerId, long requester, boolean moderator) {
    return horde.when(new ManageWorker(workerCommand("d1", workerId, requester, new DeleteWorker())
        .setRequesterModerator(moderator).build()));
  }

  private static ModifyWorker.Builder change() {
    return ModifyWorker.newBuilder();
  }

  private static ErrorAnswer refusal(List<SchedulerEvent> events) {
    return only(events, WorkerCommandRejected.class).error();
  }

  private static void assertRefused(List<SchedulerEvent> events, int status, String rc, String message) {
    ErrorAnswer error = refusal(events);
    assertThat(error.getHttpStatus()).isEqualTo(status);
    assertThat(error.getRc()).isEqualTo(rc);
    assertThat(error.getMessage()).isEqualTo(message);
    assertThat(events).hasSize(1);
  }

  private Pop popAt(String popId, String worker, long user, Duration after) {
    horde.advance(after);
    return new Pop(pop(popId, worker, user, Instant.ofEpochMilli(horde.now)).build());
  }

  @Nested
  class Modify {
    @Test
    void anUnknownWorkerIsNotFoundBeforeAnythingElse() {
      // When an anonymous requester modifies a worker that does not exist
      String unknown = UUID.randomUUID().toString();
      var events = horde.when(new ManageWorker(workerCommand("c1", unknown, ANONYMOUS,
          change().setMaintenance(true).build()).build()));
      // Then it is not found (and not forbidden)
      assertRefused(events, 404, "WorkerNotFound", "Worker with ID '" + unknown + "' not found.");
    }

    @Test
    void aWorkerIdThatIsNoUuidIsNotFound() {
      var events = horde.when(new ManageWorker(workerCommand("c1", "w1", OWNER,
          change().setMaintenance(true).build()).build()));
      assertRefused(events, 404, "WorkerNotFound", "Worker with ID 'w1' not found.");
    }

    @Test
    void theAnonymousUserMayModifyNoWorker() {
      assertRefused(modify(ANONYMOUS, false, change().setInfo("hi")), 403, "AnonForbiddenWorker",
          "Anonymous user is forbidden from performing this operation");
    }

    @Test
    void nothingAskedIsRefused() {
      assertRefused(modify(OWNER, false, change()), 400, "NoWorkerModSelected", "No worker modification selected!");
      // A maintenance message is only used when maintenance is set
      assertRefused(modify(OWNER, false, change().setMaintenanceMsg("back soon")), 400, "NoWorkerModSelected",
          "No worker modification selected!");
    }

    @Test
    void theOwnerPutsItsWorkerIntoMaintenanceWithAMessageAndTakesItOut() {
      // When the owner sets maintenance with a message
      var on = only(modify(OWNER, false, change().setMaintenance(true).setMaintenanceMsg("back soon")),
          WorkerModified.class);
      // Then the worker is in maintenance with that message, and stored so
      assertThat(on.after().getMaintenance()).isTrue();
      assertThat(on.after().getMaintenanceMsg()).isEqualTo("back soon");
      assertThat(horde.state.worker(w1).getMaintenanceMsg()).isEqualTo("back soon");
      // And when it ends maintenance, the message goes with it
      var off = only(modify(OWNER, false, change().setMaintenance(false)), WorkerModified.class);
      assertThat(off.after().getMaintenance()).isFalse();
      assertThat(off.after().getMaintenanceMsg()).isNull();
    }

    @Test
    void maintenanceWithoutAMessageGetsTheDefaultOne() {
      var on = only(modify(OWNER, false, change().setMaintenance(true)), WorkerModified.class);
      assertThat(on.after().getMaintenanceMsg()).isEqualTo(Matching.DEFAULT_MAINTENANCE_MESSAGE);
    }

    @Test
    void aStrangerMayNotSetMaintenanceOrInfo() {
      assertRefused(modify(STRANGER, false, change().setMaintenance(true)), 403, "NotOwner",
          "You're not an admin. Sod off!");
      assertRefused(modify(STRANGER, false, change().setInfo("mine now")), 403, "NotOwner",
          "You're not an admin. Sod off!");
      assertThat(horde.state.worker(w1).getMaintenance()).isFalse();
      assertThat(horde.state.worker(w1).getInfo()).isNull();
    }

    @Test
    void aModeratorMaySetAnotherUsersMaintenanceAndInfo() {
      var changed = only(modify(STRANGER, true, change().setMaintenance(true).setInfo("checked by a mod")),
          WorkerModified.class);
      assertThat(changed.after().getMaintenance()).isTrue();
      assertThat(changed.after().getInfo()).isEqualTo("checked by a mod");
    }

    @Test
    void onlyAModeratorMayPause() {
      assertRefused(modify(OWNER, false, change().setPaused(true)), 403, "NotModerator", "You're not a mod. BTFO!");
      assertThat(only(modify(STRANGER, true, change().setPaused(true)), WorkerModified.class).after().getPaused())
          .isTrue();
    }

    @Test
    void aStrangerMayNotRenameOrMoveAWorker() {
      assertRefused(modify(STRANGER, false, change().setName("stolen")), 403, "NotModerator",
          "You're not a mod. BTFO!");
      assertRefused(modify(STRANGER, false, change().setTeamId("team-1")), 403, "NotModerator",
          "You're not a mod. BTFO!");
      assertThat(horde.state.workerNamed("stolen")).isNull();
    }

    @Test
    void aRefusedFieldChangesNoneOfTheOthers() {
      // When the owner asks for maintenance and a pause (which only a moderator may set)
      var events = modify(OWNER, false, change().setMaintenance(true).setPaused(true));
      // Then nothing changes
      assertThat(refusal(events).getRc()).isEqualTo("NotModerator");
      assertThat(horde.state.worker(w1).getMaintenance()).isFalse();
    }

    @Test
    void aRenamedWorkerFreesItsOldName() {
      // When the owner renames w1
      var renamed = only(modify(OWNER, false, change().setName("w1-renamed")), WorkerModified.class);
      // Then the worker goes by its new name
      assertThat(renamed.after().getName()).isEqualTo("w1-renamed");
      assertThat(horde.state.workerNamed("w1-renamed").getWorkerId()).isEqualTo(w1);
      assertThat(horde.state.workerNamed("w1")).isNull();
      // And its owner pops it by the new name, while the old one is anyone's to take
      assertThat(horde.when(popAt("p1", "w1-renamed", OWNER, Duration.ofSeconds(31))))
          .noneMatch(e -> e instanceof WorkerRegistered || e instanceof PopRejected);
      var taken = only(horde.when(new Pop(pop("p2", "w1", STRANGER, Instant.ofEpochMilli(horde.now)).build())),
          WorkerRegistered.class);
      assertThat(taken.worker().getWorkerId()).isNotEqualTo(w1);
    }

    @Test
    void aNameTakenByAnotherWorkerIsRefused() {
      horde.given(new Pop(pop("p1", "w2", STRANGER).build()));
      assertRefused(modify(OWNER, false, change().setName("w2")), 400, "WorkerNameAlreadyExists",
          "The specified worker name 'w2' is already taken!");
      assertThat(horde.state.worker(w1).getName()).isEqualTo("w1");
      // While a worker's own name is not taken from it
      assertThat(only(modify(OWNER, false, change().setName("w1")), WorkerModified.class).after().getName())
          .isEqualTo("w1");
      assertThat(horde.state.workerNamed("w1").getWorkerId()).isEqualTo(w1);
    }

    @Test
    void aWorkerJoinsAndLeavesATeam() {
      String team = UUID.randomUUID().toString();
      assertThat(only(modify(OWNER, false, change().setTeamId(team)), WorkerModified.class).after().getTeamId())
          .isEqualTo(team);
      assertThat(only(modify(OWNER, false, change().setTeamId("")), WorkerModified.class).after().getTeamId())
          .isNull();
    }

    @Test
    void aCheckInKeepsWhatWasModified() {
      // Given the worker in maintenance with info and a team
      modify(OWNER, false, change().setMaintenance(true).setMaintenanceMsg("soon").setInfo("about").setTeamId("t"));
      // When it pops again past the check-in debounce and nothing is waiting
      var events = horde.when(popAt("p1", "w1", OWNER, Duration.ofSeconds(31)));
      // Then its check-in keeps them, and the pop is told it is in maintenance
      WorkerState checkedIn = only(events, WorkerCheckedIn.class).worker();
      assertThat(checkedIn.getMaintenance()).isTrue();
      assertThat(checkedIn.getInfo()).isEqualTo("about");
      assertThat(checkedIn.getTeamId()).isEqualTo("t");
      ErrorAnswer error = only(events, PopRejected.class).error();
      assertThat(error.getRc()).isEqualTo("WorkerMaintenance");
      assertThat(error.getMessage()).isEqualTo("soon");
    }

    @Test
    void renamingAnswersTheParkedPopOfTheOldName() {
      // Given a pop of w1 parked for 20 s
      horde.given(new Pop(pop("p1", "w1", OWNER).setHoldUntil(T0.plusSeconds(20)).build()));
      // When it is renamed
      var events = modify(OWNER, false, change().setName("w1-renamed"));
      // Then the parked pop is answered with no job
      assertThat(only(events, PopAnswered.class).pop().getPopId()).isEqualTo("p1");
      assertThat(horde.state.parkedPops()).isEmpty();
    }
  }

  @Nested
  class Delete {
    @Test
    void theOwnerDeletesItsWorkerAndTheNameIsFreeAgain() {
      // When the owner deletes w1
      var deleted = only(delete(w1, OWNER, false), WorkerDeleted.class);
      // Then it is gone with its name
      assertThat(deleted.worker().getName()).isEqualTo("w1");
      assertThat(horde.state.worker(w1)).isNull();
      assertThat(horde.state.workerNamed("w1")).isNull();
      assertThat(horde.state.workersOwnedBy(OWNER)).isZero();
      // And another user may take the name, for a new worker
      var registered = only(horde.when(new Pop(pop("p1", "w1", STRANGER).build())), WorkerRegistered.class);
      assertThat(registered.worker().getWorkerId()).isNotEqualTo(w1);
      assertThat(registered.worker().getOwnerUserId()).isEqualTo(STRANGER);
    }

    @Test
    void aModeratorMayDeleteAnotherUsersWorker() {
      assertThat(delete(w1, STRANGER, true)).hasAtLeastOneElementOfType(WorkerDeleted.class);
      assertThat(horde.state.worker(w1)).isNull();
    }

    @Test
    void aStrangerMayNotDelete() {
      assertRefused(delete(w1, STRANGER, false), 403, "NotOwner", "You're not an admin. Sod off!");
      assertThat(horde.state.worker(w1)).isNotNull();
    }

    @Test
    void theAnonymousUserMayNotDelete() {
      assertRefused(delete(w1, ANONYMOUS, false), 403, "AnonForbiddenWorker",
          "Anonymous user is forbidden from performing this operation");
    }

    @Test
    void anUnknownWorkerIsNotFound() {
      String unknown = UUID.randomUUID().toString();
      assertRefused(delete(unknown, OWNER, false), 404, "WorkerNotFound", "Worker with ID '" + unknown + "' not found.");
    }

    @Test
    void aDeletedWorkersParkedPopIsAnsweredWithNoJob() {
      // Given a pop of w1 parked for 20 s
      horde.given(new Pop(pop("p1", "w1", OWNER).setHoldUntil(T0.plusSeconds(20)).build()));
      // When w1 is deleted
      var events = delete(w1, OWNER, false);
      // Then that pop is answered first, with no job, and nothing is left parked
      assertThat(events.get(0)).isInstanceOf(PopAnswered.class);
      PopAnswered answered = (PopAnswered) events.get(0);
      assertThat(answered.pop().getPopId()).isEqualTo("p1");
      assertThat(answered.skipped()).isEmpty();
      assertThat(horde.state.parkedPops()).isEmpty();
      // And a request arriving later is not offered to it
      assertThat(horde.when(accept(request("r1", 7).build()))).noneMatch(JobsAssigned.class::isInstance);
    }

    @Test
    void aJobInFlightOfADeletedWorkerCannotBeSubmittedAndTimesOut() {
      // Given a job of user 7's request handed to w1
      horde.given(accept(request("r1", 7).build()));
      String job = only(horde.when(new Pop(pop("p1", "w1", OWNER).build())), JobsAssigned.class).jobs().get(0)
          .getJobId();
      // When w1 is deleted and its bridge still submits
      delete(w1, OWNER, false);
      var submitted = horde.when(new Submit(submit("s1", job, OWNER).build()));
      // Then the submit is refused (its owner cannot be checked any more) and nothing is paid
      assertThat(only(submitted, SubmitRejected.class).error().getRc()).isEqualTo("WrongCredentials");
      assertThat(submitted).hasSize(1);
      // And at its TTL the job is aborted and its request waits again, without bringing the worker back
      horde.advance(Duration.ofSeconds(150));
      JobFaulted faulted = only(horde.tick(), JobFaulted.class);
      assertThat(faulted.worker()).isNull();
      assertThat(faulted.request().getProgress().getN()).isEqualTo(1);
      assertThat(horde.state.worker(w1)).isNull();
      // And another worker takes it
      assertThat(horde.when(popAt("p2", "w2", STRANGER, Duration.ZERO)))
          .hasAtLeastOneElementOfType(JobsAssigned.class);
    }

    @Test
    void aParkedPopWhoseWorkerIsGoneOnlyEnds() {
      // Given a parked pop whose worker is no longer stored (which deleting never leaves behind)
      horde.given(new Pop(pop("p1", "w1", OWNER).setHoldUntil(T0.plusSeconds(20)).build()));
      horde.workers.delete(w1);
      horde.workerNames.delete("w1");
      // When its hold ends
      horde.advance(Duration.ofSeconds(20));
      var events = horde.when(new ExpirePop("p1"));
      // Then it is answered with no job
      assertThat(only(events, PopAnswered.class).pop().getPopId()).isEqualTo("p1");
      assertThat(horde.state.parkedPops()).isEmpty();
    }
  }
}
