package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kudos_details as the reference shows it: its eight buckets, always present, in kudos. */
class UserDetailsTest {
  @Test
  void everyReferenceBucketIsPresentAndOthersAreDropped() {
    var details = UserDetails.kudosDetails(Map.of("gifted", -12_50L, "received", 3_00L, "uptime", 99_00L));
    List<String> names = new java.util.ArrayList<>();
    details.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("accumulated", "gifted", "donated", "admin", "received", "recurring",
        "awarded", "styled");
    assertThat(details.get("gifted").asDouble()).isEqualTo(-12.5);
    assertThat(details.get("received").asDouble()).isEqualTo(3.0);
    assertThat(details.get("accumulated").isDouble()).isTrue();
    assertThat(details.get("accumulated").asDouble()).isZero();
  }
}
