package ai.horde.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void countsAsTheEncoderDoes() {
    for (String text : new String[] {"", "abc", "über", "日本語", "a🐉b"}) {
      long expected = text.getBytes(StandardCharsets.UTF_8).length;
      assertThat(Utf8.length(text)).as(text).isEqualTo(expected);
    }
  }

  @Test
  void neverUnderestimatesAnUnpairedSurrogate() {
    String text = "\uD800 lone";
    assertThat(Utf8.length(text)).isGreaterThanOrEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }
}
