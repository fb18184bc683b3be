package ai.horde.ingress.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RankedSetTest {
  private final RankedSet<Integer> set = new RankedSet<>();

  @Test
  void aRankCountsTheElementsBeforeWhetherOrNotTheElementIsThere() {
    // Given a few elements
    for (int element : new int[] {30, 10, 20, 40}) {
      set.add(element);
    }
    // Then each ranks after those smaller, and so does an absent one
    assertThat(set.rank(10)).isZero();
    assertThat(set.rank(30)).isEqualTo(2);
    assertThat(set.rank(25)).isEqualTo(2);
    assertThat(set.rank(99)).isEqualTo(4);
    // And adding again or removing what is absent changes nothing
    assertThat(set.add(20)).isFalse();
    assertThat(set.remove(25)).isFalse();
    assertThat(set.size()).isEqualTo(4);
  }

  @Test
  void ranksAgreeWithCountingAcrossManyBlocksAsElementsComeAndGo() {
    // Given thousands of elements added and removed in a random order (many blocks split and emptied)
    TreeSet<Integer> counted = new TreeSet<>();
    Random random = new Random(13);
    for (int i = 0; i < 20_000; i++) {
      int element = random.nextInt(5_000);
      if (random.nextInt(3) == 0) {
        // When some are removed
        assertThat(set.remove(element)).isEqualTo(counted.remove(element));
      } else {
        assertThat(set.add(element)).isEqualTo(counted.add(element));
      }
    }
    // Then every rank is what counting the smaller elements gives
    assertThat(set.size()).isEqualTo(counted.size());
    for (int element = -1; element <= 5_000; element += 7) {
      assertThat(set.rank(element)).isEqualTo(counted.headSet(element).size());
    }
  }
}
