package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.accept;
import static ai.horde.scheduler.Fixtures.balance;
import static ai.horde.scheduler.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.accounts.Accounts;
import ai.horde.events.RequestAccepted;
import ai.horde.scheduler.SchedulerEvent.RequestQueued;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a request's queue priority starts (spec R3.5.1), decided by the scheduler alone. */
class QueuePriorityTest {
  private static long seed(RequestAccepted request, Long balanceCenti) {
    return QueuePriority.seedCenti(request, balanceCenti == null ? null : balance(request.getUserId(), balanceCenti).build());
  }

  @Test
  void aRequestStartsAtItsRequestersBalance() {
    assertThat(seed(request("r", 7).build(), 123_45L)).isEqualTo(123_45);
    // An account the ledger has not published yet: 0, or the anonymous floor
    assertThat(seed(request("r", 7).build(), null)).isZero();
    assertThat(seed(request("r", Accounts.ANONYMOUS_ID).build(), null)).isEqualTo(-50_00);
    // Never below the floor the ledger published with the balance
    assertThat(QueuePriority.seedCenti(request("r", 7).build(),
        balance(7, 3_00).setFloorCenti(Accounts.REGISTERED_FLOOR_CENTI).build())).isEqualTo(25_00);
  }

  @Test
  void aDowngradedRequestStartsAtMinusFiftyWhateverItsOwnerHas() {
    assertThat(seed(request("r", 7).setDowngraded(true).build(), 10_000_00L)).isEqualTo(-50_00);
  }

  @Test
  void aFlaggedRequesterStartsAtAThousandthOfItsKudosOrMinusAHundred() {
    assertThat(seed(request("r", 7).setRequesterFlagged(true).build(), 12_500_00L)).isEqualTo(12_00);
    // Python's round: half to even
    assertThat(seed(request("r", 7).setRequesterFlagged(true).build(), 2_500_00L)).isEqualTo(2_00);
    assertThat(seed(request("r", 7).setRequesterFlagged(true).build(), 10_00L)).isEqualTo(-100_00);
    // Flagged wins over downgraded, as the reference checks it first
    assertThat(seed(request("r", 7).setRequesterFlagged(true).setDowngraded(true).build(), 5_00L))
        .isEqualTo(-100_00);
  }

  @Test
  void theQueuedRequestCarriesItsPriorityForTheQueueAndItsStatus() {
    // Given / When a downgraded request of a rich owner is accepted
    SchedulerFixture horde = new SchedulerFixture();
    List<SchedulerEvent> events = horde.when(accept(request("cut", 7).setDowngraded(true).build(), 1000_00));
    // Then it waits at -50
    RequestQueued queued = (RequestQueued) events.get(0);
    assertThat(queued.request().getPriorityCenti()).isEqualTo(-50_00);
    assertThat(Outputs.of(queued, 0)).anySatisfy(output ->
        assertThat(((ai.horde.events.RequestStatus) output.value()).getPriorityCenti()).isEqualTo(-50_00));
  }
}
