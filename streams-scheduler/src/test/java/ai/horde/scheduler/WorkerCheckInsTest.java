package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.workerCommand;
import static ai.horde.scheduler.SchedulerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.DeleteWorker;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerCommand.ManageWorker;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerEvent.CheckInDeferred;
import ai.horde.scheduler.SchedulerEvent.WorkerCheckedIn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pop's check-in: what changed is published at once, "still here" is coalesced, nothing is dropped. */
class WorkerCheckInsTest {
  private static final List<String> M = List.of("koboldcpp/thirteen");
  private static final List<String> OTHER = List.of("koboldcpp/other");

  private final SchedulerFixture horde = new SchedulerFixture();
  private int pops;

  private Pop popWith(List<String> models) {
    pops++;
    return new Pop(pop("p" + pops, "w1", 9, Instant.ofEpochMilli(horde.now)).setModels(models).build());
  }

  private WorkerState listed() {
    return horde.state.workerNamed("w1");
  }

  @BeforeEach
  void aWorkerPastItsFirstWindow() {
    // Given a worker registered a minute ago, whose last check-in is 10 s old
    horde.given(popWith(M));
    horde.advance(Duration.ofSeconds(50)).given(popWith(M));
    horde.advance(Duration.ofSeconds(10));
  }

  @Test
  void everyChangeOfWhatItServesIsPublishedAtOnce() {
    // When it pops with [OTHER], then [M], within one second
    WorkerState other = only(horde.when(popWith(OTHER)), WorkerCheckedIn.class).worker();
    horde.advance(Duration.ofMillis(500));
    WorkerState back = only(horde.when(popWith(M)), WorkerCheckedIn.class).worker();

    // Then both were published as they came, and the worker lists [M] as of the last pop
    assertThat(other.getModels()).isEqualTo(OTHER);
    assertThat(back.getModels()).isEqualTo(M);
    assertThat(listed()).isEqualTo(back);
    assertThat(listed().getLastCheckInAt().toEpochMilli()).isEqualTo(horde.now);
  }

  @Test
  void aStillHerePopInsideTheWindowIsPublishedWhenTheWindowEnds() {
    long lastPublished = listed().getLastCheckInAt().toEpochMilli();
    // When it pops unchanged twice inside the window
    assertThat(horde.when(popWith(M))).filteredOn(WorkerCheckedIn.class::isInstance).isEmpty();
    horde.advance(Duration.ofSeconds(5));
    only(horde.when(popWith(M)), CheckInDeferred.class);
    long lastSeen = horde.now;

    // Then nothing is published before the window ends
    horde.advance(Duration.ofSeconds(14));
    assertThat(horde.tick()).isEmpty();
    assertThat(listed().getLastCheckInAt().toEpochMilli()).isEqualTo(lastPublished);

    // And once it ends, one check-in as of the latest pop, with the uptime up to it
    horde.advance(Duration.ofSeconds(1));
    WorkerState flushed = only(horde.tick(), WorkerCheckedIn.class).worker();
    assertThat(flushed.getLastCheckInAt().toEpochMilli()).isEqualTo(lastSeen);
    assertThat(flushed.getUptimeSeconds()).isEqualTo(65);
    assertThat(horde.tick()).isEmpty();
  }

  @Test
  void aChangeAfterADeferredPopReplacesIt() {
    horde.given(popWith(M));
    horde.advance(Duration.ofSeconds(1));
    assertThat(only(horde.when(popWith(OTHER)), WorkerCheckedIn.class).worker().getModels()).isEqualTo(OTHER);
    // Nothing older is published over it when the window ends
    horde.advance(Duration.ofSeconds(30));
    assertThat(horde.tick()).isEmpty();
    assertThat(listed().getModels()).isEqualTo(OTHER);
  }

  @Test
  void aDeletedWorkersDeferredCheckInIsForgotten() {
    horde.given(popWith(M));
    horde.given(new ManageWorker(workerCommand("d1", listed().getWorkerId(), 9, new DeleteWorker()).build()));
    horde.advance(Duration.ofSeconds(30));
    assertThat(horde.tick()).isEmpty();
  }
}
