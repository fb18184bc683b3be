package ai.horde.ingress.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keys are plain file names and plain URL path segments; the reference's names are keys. */
class ObjectKeysTest {
  private static final UUID ID = UUID.fromString("0d4a4e7c-93b1-4bd4-9a4c-1f1f5c7b2e10");

  @Test
  void theReferencesNamesAreKeys() {
    assertThat(ObjectKeys.generation(ID)).isEqualTo(ID + ".webp");
    assertThat(ObjectKeys.sourceImage(ID)).isEqualTo(ID + "_src.webp");
    assertThat(ObjectKeys.sourceMask(ID)).isEqualTo(ID + "_msk.webp");
    assertThat(ObjectKeys.extraSourceImage(ID, 2)).isEqualTo(ID + "_extra_src_2.webp");
    for (String key : new String[] {ObjectKeys.generation(ID), ObjectKeys.sourceMask(ID), ID + "_exra_src_0.webp",
        "a", "A-b_c.d.e", "x".repeat(200)}) {
      assertThat(ObjectKeys.check(key)).isEqualTo(key);
    }
  }

  @Test
  void nothingThatLeavesTheDirectoryOrNeedsEscaping() {
    for (String key : new String[] {null, "", ".", "..", "../a.webp", "a/b", "a\\b", "/etc/passwd", ".url-signing-secret",
        ".types", "a b", "a%2Fb", "a?b", "é.webp", "a\0b", "x".repeat(201)}) {
      assertThat(ObjectKeys.valid(key)).as(String.valueOf(key)).isFalse();
      assertThatThrownBy(() -> ObjectKeys.check(key)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void contentTypesFromTheExtension() {
    assertThat(ObjectKeys.contentTypeOf("a.webp")).isEqualTo("image/webp");
    assertThat(ObjectKeys.contentTypeOf("a.WEBP")).isEqualTo("image/webp");
    assertThat(ObjectKeys.contentTypeOf("a.png")).isEqualTo("image/png");
    assertThat(ObjectKeys.contentTypeOf("a")).isEqualTo("application/octet-stream");
  }
}
