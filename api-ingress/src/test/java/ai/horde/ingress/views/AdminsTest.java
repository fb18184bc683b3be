package ai.horde.ingress.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AdminsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void adminsAreTheAliasesOfAJsonList() {
    assertThat(Admins.parse("[\"db0#1\", \"x#2\", 3]", JSON)).containsExactlyInAnyOrder("db0#1", "x#2");
    assertThat(Admins.parse("db0#1", JSON)).isEmpty();
    assertThat(Admins.parse("{\"a\":1}", JSON)).isEmpty();
    assertThat(Admins.parse("", JSON)).isEmpty();
  }
}
