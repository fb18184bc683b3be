package ai.horde.text;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.Progress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextProgressRulesTest {
  private static Progress.Builder progress(int n, int jobs) {
    return Progress.newBuilder().setN(n).setJobs(jobs).setExpiresAt(Instant.EPOCH);
  }

  @Test
  void notDoneWhileJobsWait() {
    assertThat(TextProgressRules.done(progress(1, 1).build())).isFalse();
    assertThat(TextProgressRules.waiting(progress(1, 1).build())).isEqualTo(1);
  }

  @Test
  void doneWhenEveryJobIsDelivered() {
    assertThat(TextProgressRules.done(progress(0, 2).setFinished(1).setProcessing(1).build())).isFalse();
    assertThat(TextProgressRules.done(progress(0, 2).setFinished(2).build())).isTrue();
  }

  @Test
  void notDoneWhileAJobIsInFlightEvenAfterRestarts() {
    // The reference's formula would say done here: 0 finished + 2 restarted - 1 processing >= 1 job
    assertThat(TextProgressRules.done(progress(0, 1).setRestarted(2).setProcessing(1).build())).isFalse();
    assertThat(TextProgressRules.done(progress(0, 1).setRestarted(2).setFinished(1).build())).isTrue();
  }

  @Test
  void faultedIsDone() {
    assertThat(TextProgressRules.done(progress(1, 1).setFaulted(true).build())).isTrue();
  }

  @Test
  void cancelledIsDoneOnceNothingIsInFlight() {
    assertThat(TextProgressRules.done(progress(0, 1).setCancelled(true).setProcessing(1).build())).isFalse();
    assertThat(TextProgressRules.done(progress(0, 0).setCancelled(true).build())).isTrue();
  }

  @Test
  void waitingNeverExceedsJobsNotStarted() {
    assertThat(TextProgressRules.waiting(progress(2, 3).setProcessing(2).build())).isEqualTo(1);
  }
}
