package ai.horde.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.KudosAccount;
import ai.horde.events.KudosHold;
import ai.horde.events.SharedKeyUsage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * {@link AccountBook#copyOf}: the copy a step changes shares nothing changeable with the stored account, which
 * the account task keeps decoded and hands to the next step.
 */
class AccountCopyTest {
  @Test
  void aCopyIsEqualAndChangingItLeavesTheStoredAccountAsItWas() {
    // Given
    KudosAccount stored = KudosAccount.newBuilder().setAccount("user:1").setBalanceCenti(10_00)
        .setHolds(new HashMap<>(Map.of("upfront:r1", new KudosHold(5_00L, Instant.EPOCH))))
        .setDetails(new HashMap<>(Map.of("accumulated", 1_00L)))
        .setReceivedFrom(new HashMap<>(Map.of("user:2", 1L)))
        .setSharedKeys(new HashMap<>(Map.of("key-a", new SharedKeyUsage(1_00L, 0L)))).build();
    KudosAccount before = KudosAccount.newBuilder(stored).build();

    // When
    KudosAccount copy = AccountBook.copyOf(stored);
    copy.getHolds().clear();
    copy.getDetails().put("accumulated", 2_00L);
    copy.getReceivedFrom().clear();
    copy.getSharedKeys().clear();
    copy.setBalanceCenti(0L);

    // Then
    assertThat(AccountBook.copyOf(stored)).isEqualTo(stored);
    assertThat(stored).isEqualTo(before);
  }

  @Test
  void everyMapOfTheAccountIsANewOneInTheCopy() {
    // Given
    KudosAccount stored = KudosAccount.newBuilder().setAccount("user:1").build();

    // When
    KudosAccount copy = AccountBook.copyOf(stored);

    // Then: a map field added to the schema later is copied too
    for (Schema.Field field : KudosAccount.getClassSchema().getFields()) {
      if (field.schema().getType() == Schema.Type.MAP) {
        assertThat(copy.get(field.pos())).as(field.name()).isNotSameAs(stored.get(field.pos()));
      }
    }
  }
}
