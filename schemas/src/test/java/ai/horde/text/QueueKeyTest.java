package ai.horde.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueKeyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void moreKudosGoesFirstAtTheSameTime() {
    var rich = QueueKey.of(100_00, T0, "b");
    var poor = QueueKey.of(10_00, T0, "a");
    assertThat(rich).isLessThan(poor);
  }

  @Test
  void waitingTenSecondsIsWorthFiftyKudos() {
    // Given an older request with 50 kudos less, 10 s earlier: they tie on priority, the older wins
    var older = QueueKey.of(0, T0, "z");
    var richerButLater = QueueKey.of(50_00, T0.plusSeconds(10), "a");
    assertThat(older.score()).isEqualTo(richerButLater.score());
    assertThat(older).isLessThan(richerButLater);
    // And one more kudo puts the later one ahead
    assertThat(QueueKey.of(51_00, T0.plusSeconds(10), "a")).isLessThan(older);
  }

  @Test
  void sameScoreAndTimeGoInIdOrder() {
    assertThat(QueueKey.of(0, T0, "a")).isLessThan(QueueKey.of(0, T0, "b"));
    assertThat(QueueKey.of(0, T0, "a")).isEqualByComparingTo(QueueKey.of(0, T0, "a"));
  }

  @Test
  void sortsAQueue() {
    List<QueueKey> keys = new ArrayList<>(List.of(
        QueueKey.of(-50_00, T0, "anon"), QueueKey.of(1000_00, T0.plusSeconds(60), "rich"), QueueKey.of(0, T0, "zero")));
    keys.sort(null);
    assertThat(keys).extracting(QueueKey::requestId).containsExactly("rich", "zero", "anon");
  }
}
