package ai.horde.ingress.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Seeds as the reference reads them: shifted right 32 bits at a time until below 2³², however long. */
class ImagePayloadsTest {
  @Test
  void aSeedIsShiftedBy32BitsUntilItIsBelowTwoToThe32() {
    assertThat(ImagePayloads.shrink(BigInteger.valueOf(4_294_967_295L))).isEqualTo(4_294_967_295L);
    assertThat(ImagePayloads.shrink(BigInteger.ONE.shiftLeft(32))).isEqualTo(1);
    assertThat(ImagePayloads.shrink(BigInteger.valueOf(0xABCD_1234_5678L))).isEqualTo(0xABCDL);
    assertThat(ImagePayloads.shrink(BigInteger.valueOf(0xFFFF_FFFFL).shiftLeft(64).add(BigInteger.TEN)))
        .isEqualTo(0xFFFF_FFFFL);
    assertThat(ImagePayloads.seedOf("1234")).isEqualTo(1234);
    assertThat(ImagePayloads.seedOf("ab")).isEqualTo('a' + ('b' << 8));
  }

  @Test
  void aMegabyteSeedTakesNoTime() {
    // Found by FuzzSystemTest: such a seed held a request for more than a minute.
    long seed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ImagePayloads.seedOf("a".repeat(1 << 20)));
    assertThat(seed).isEqualTo(ImagePayloads.seedOf("aaaa"));
  }
}
