package ai.horde.ingress.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Image storage settings ({@code horde.storage.*} in application.yml, each mapped from the environment variable
 * the README documents). The S3 ones are {@link S3Settings}.
 *
 * @param dir where the disk store keeps its files ({@code HORDE_STORAGE_DIR}); blank: {@code <dataDir>/objects}
 * @param dataDir the horde's data directory ({@code HORDE_DATA_DIR}, which the launcher always passes); blank
 *     (ingress started on its own): a new temporary directory, so objects and URLs do not outlive the process
 * @param publicUrl the horde's root URL as workers and requesters reach it ({@code HORDE_PUBLIC_URL}, e.g.
 *     {@code https://horde.example.org}); blank: taken from each request ({@link PublicUrl})
 * @param signingSecret what the disk store's URLs are signed with ({@code HORDE_STORAGE_SECRET}); blank: a random
 *     one, kept in {@link #dir} so that URLs survive a restart
 * @param maxObjectSize the largest body a PUT to the disk store takes, in bytes ({@code HORDE_STORAGE_MAX_BYTES});
 *     bodies past {@code micronaut.server.max-request-size} (16 MB) are refused before it is looked at
 * @param retention how long an object is kept ({@code HORDE_IMAGE_RETENTION}; the reference prunes its buckets of
 *     everything older than two hours)
 * @param sweepInterval how often objects older than the retention are deleted ({@code HORDE_IMAGE_SWEEP_INTERVAL})
 * @param urlLifetime how long a pre-signed URL works ({@code HORDE_IMAGE_URL_LIFETIME}; the reference's are
 *     valid for 1800 s)
 */
@ConfigurationProperties("horde.storage")
record StorageSettings(@Nullable String dir, @Nullable String dataDir, @Nullable String publicUrl,
    @Nullable String signingSecret, long maxObjectSize, Duration retention, Duration sweepInterval,
    Duration urlLifetime) {

  StorageSettings {
    dir = blankToNull(dir);
    dataDir = blankToNull(dataDir);
    publicUrl = blankToNull(publicUrl);
    signingSecret = blankToNull(signingSecret);
    if (publicUrl != null) {
      URI uri = URI.create(publicUrl);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("HORDE_PUBLIC_URL must be an absolute URL such as https://horde.example.org,"
            + " not " + publicUrl);
      }
    }
  }

  /** Whether the disk store's directory is a temporary one of its own, to be removed when it closes. */
  boolean temporaryDirectory() {
    return dir == null && dataDir == null;
  }

  /** The disk store's directory: {@link #dir}, else {@code <dataDir>/objects}, else a new temporary directory. */
  Path directory() {
    if (dir != null) {
      return Path.of(dir).toAbsolutePath();
    }
    if (dataDir != null) {
      return Path.of(dataDir).toAbsolutePath().resolve("objects");
    }
    try {
      return Files.createTempDirectory("horde-objects");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
