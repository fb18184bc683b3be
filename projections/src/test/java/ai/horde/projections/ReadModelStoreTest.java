package ai.horde.projections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text the read models are given is text PostgreSQL can hold. */
class ReadModelStoreTest {
  @Test
  void aNulBecomesTheReplacementCharacterAndTheRestIsKept() {
    assertThat(ReadModelStore.storable("a\u0000b\u0000")).isEqualTo("a\uFFFDb\uFFFD");
    assertThat(ReadModelStore.storable("é 🦄")).isEqualTo("é 🦄");
  }
}
