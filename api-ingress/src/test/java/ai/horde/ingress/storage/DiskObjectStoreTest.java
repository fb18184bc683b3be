package ai.horde.ingress.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the disk store keeps its files: the configured directory, else the data directory's, else its own. */
class DiskObjectStoreTest {
  private static StorageSettings settings(String dir, String dataDir) {
    return new StorageSettings(dir, dataDir, null, null, 16_000_000, Duration.ofHours(2), Duration.ofMinutes(1),
        Duration.ofMinutes(30));
  }

  @Test
  void underTheDataDirectoryAsTheLauncherRunsIt(@TempDir Path data) {
    try (DiskObjectStore store = new DiskObjectStore(settings(" ", data.toString()), Clock.systemUTC())) {
      assertThat(store.root()).isEqualTo(data.resolve("objects"));
      store.put("a.webp", new byte[] {1}, null);
    }
    assertThat(data.resolve("objects/a.webp")).as("kept across restarts").exists();
    assertThat(data.resolve("objects").resolve(UrlSigner.SECRET_FILE)).exists();
  }

  @Test
  void theConfiguredDirectoryFirst(@TempDir Path data, @TempDir Path elsewhere) {
    try (DiskObjectStore store = new DiskObjectStore(settings(elsewhere.toString(), data.toString()), Clock.systemUTC())) {
      assertThat(store.root()).isEqualTo(elsewhere);
    }
  }

  @Test
  void aTemporaryDirectoryOfItsOwnIsRemovedOnClose() {
    Path root;
    try (DiskObjectStore store = new DiskObjectStore(settings(null, ""), Clock.systemUTC())) {
      root = store.root();
      store.put("a.webp", new byte[] {1}, "image/webp");
      assertThat(Files.isDirectory(root)).isTrue();
    }
    assertThat(root).doesNotExist();
  }
}
