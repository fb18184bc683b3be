package ai.horde.work;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AlchemyCriteria;
import org.junit.jupiter.api.Test;

class SharedCopiesTest {
  private final SharedCopies<Object> shared = new SharedCopies<>();

  private static AlchemyCriteria form(String form) {
    return AlchemyCriteria.newBuilder().setForm(form).setInterrogationId("i1").build();
  }

  @Test
  void equalValuesShareOneCopyWhileAnyHolderKeepsIt() {
    // Given two holders of equal criteria and one of other criteria
    Object first = shared.share(form("caption"));
    Object second = shared.share(form("caption"));
    Object other = shared.share(form("nsfw"));
    // Then the equal ones share one copy
    assertThat(second).isSameAs(first).isNotSameAs(other);
    assertThat(shared.size()).isEqualTo(2);
    // When one holder lets go, the copy stays for the other
    shared.release(first);
    assertThat(shared.share(form("caption"))).isSameAs(first);
  }

  @Test
  void aCopyIsDroppedWithItsLastHolder() {
    // Given one holder of some criteria
    Object first = shared.share(form("caption"));
    // When it lets go
    shared.release(first);
    // Then nothing is held, and equal criteria shared later are a new copy
    assertThat(shared.size()).isZero();
    assertThat(shared.share(form("caption"))).isNotSameAs(first).isEqualTo(first);
  }
}
