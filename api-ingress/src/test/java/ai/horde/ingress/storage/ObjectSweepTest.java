package ai.horde.ingress.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.ingress.fixtures.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep deletes what is older than the retention and keeps the rest, by the injected clock. */
class ObjectSweepTest {
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final Duration RETENTION = Duration.ofHours(2);

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock(T0);

  private StorageSettings settings() {
    return new StorageSettings(dir.toString(), null, null, null, 16_000_000, RETENTION, Duration.ofMinutes(1),
        Duration.ofMinutes(30));
  }

  @Test
  void objectsOlderThanTheRetentionAreDeletedAndNewerOnesStay() {
    DiskObjectStore store = new DiskObjectStore(settings(), clock);
    ObjectSweep sweep = new ObjectSweep(store, settings(), clock);
    store.put("old.webp", bytes("old"), null);
    store.put("old_src.webp", bytes("old source"), "image/png");
    clock.advance(Duration.ofMinutes(90));
    store.put("new.webp", bytes("new"), null);

    clock.advance(Duration.ofMinutes(30)); // the old ones are exactly two hours old: not older than the retention
    assertThat(sweep.sweep()).isZero();
    assertThat(store.get("old.webp")).isPresent();

    clock.advance(Duration.ofSeconds(1));
    assertThat(sweep.sweep()).isEqualTo(2);
    assertThat(store.get("old.webp")).isEmpty();
    assertThat(store.get("old_src.webp")).isEmpty();
    assertThat(Files.exists(dir.resolve(".types/old_src.webp"))).as("its content type goes with it").isFalse();
    assertThat(store.get("new.webp")).hasValueSatisfying(o -> assertThat(o.bytes()).isEqualTo(bytes("new")));
    assertThat(sweep.last()).isEqualTo(new ObjectSweep.Outcome(clock.instant(), 2, null));

    clock.advance(Duration.ofMinutes(90));
    assertThat(sweep.sweep()).isEqualTo(1);
    assertThat(store.get("new.webp")).isEmpty();
  }

  @Test
  void theSigningSecretAndForeignFilesAreNotObjects() throws IOException {
    DiskObjectStore store = new DiskObjectStore(settings(), clock);
    String secret = Files.readString(dir.resolve(UrlSigner.SECRET_FILE));
    Files.writeString(dir.resolve("not a key.txt"), "someone else's");
    clock.advance(Duration.ofDays(1));

    new ObjectSweep(store, settings(), clock).sweep();

    assertThat(Files.readString(dir.resolve(UrlSigner.SECRET_FILE))).isEqualTo(secret);
    assertThat(dir.resolve("not a key.txt")).exists();
    // And the same secret after a restart: URLs handed out before it still work
    DiskObjectStore restarted = new DiskObjectStore(settings(), clock);
    assertThat(restarted.uploadUrl("a.webp", java.net.URI.create("http://h")))
        .isEqualTo(store.uploadUrl("a.webp", java.net.URI.create("http://h")));
  }

  @Test
  void leftoversOfACrashAreRemovedOnceOld() throws IOException {
    DiskObjectStore store = new DiskObjectStore(settings(), clock);
    Path halfWritten = Files.writeString(dir.resolve(".incoming/put-1.tmp"), "half");
    Path orphanType = Files.writeString(dir.resolve(".types/gone.webp"), "image/png");
    Files.setLastModifiedTime(halfWritten, java.nio.file.attribute.FileTime.from(T0));
    Files.setLastModifiedTime(orphanType, java.nio.file.attribute.FileTime.from(T0));
    clock.advance(RETENTION.plusSeconds(1));

    new ObjectSweep(store, settings(), clock).sweep();

    assertThat(halfWritten).doesNotExist();
    assertThat(orphanType).doesNotExist();
  }

  @Test
  void aFailedSweepIsRecordedForHealth() throws IOException {
    DiskObjectStore store = new DiskObjectStore(settings(), clock);
    ObjectSweep sweep = new ObjectSweep(store, settings(), clock);
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertThatThrownBy(sweep::sweep).isInstanceOf(UncheckedIOException.class);
    assertThat(sweep.last().failure()).isNotNull();
    sweep.scheduled(); // the scheduled run logs instead of throwing, and tries again next time
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
