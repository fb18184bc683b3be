package ai.horde.ingress.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store's pre-signed URLs against a configured endpoint, by their shape only: there is no S3 server here,
 * and presigning needs none. What matters to a worker: a PUT URL that signs the host alone (it sends no
 * Content-Type and no checksum), valid the reference's 30 minutes, at the configured endpoint and bucket.
 */
class S3ObjectStoreTest {
  private static final StorageSettings SETTINGS = new StorageSettings(null, null, null, null, 16_000_000,
      Duration.ofHours(2), Duration.ofMinutes(1), Duration.ofMinutes(30));

  private static Map<String, String> query(URI url) {
    return Arrays.stream(url.getRawQuery().split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
            p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }

  @Test
  void pathStyleUrlsAtACustomEndpoint() {
    S3Settings s3 = new S3Settings("http://127.0.0.1:9000", null, "horde-images", "AKIDEXAMPLE", "secret", null, null);
    try (S3ObjectStore store = new S3ObjectStore(s3, SETTINGS)) {
      String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
      URI upload = store.uploadUrl("3f2c.webp", URI.create("http://ignored"));
      URI download = store.downloadUrl("3f2c.webp", URI.create("http://ignored"));

      for (URI url : new URI[] {upload, download}) {
        assertThat(url.getScheme()).isEqualTo("http");
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isEqualTo(9000);
        assertThat(url.getPath()).isEqualTo("/horde-images/3f2c.webp");
        Map<String, String> query = query(url);
        assertThat(query).containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
            .containsEntry("X-Amz-Expires", "1800")
            .containsEntry("X-Amz-SignedHeaders", "host")
            .containsEntry("X-Amz-Credential", "AKIDEXAMPLE/" + today + "/us-east-1/s3/aws4_request");
        assertThat(query.get("X-Amz-Signature")).matches("[0-9a-f]{64}");
        assertThat(query.get("X-Amz-Date")).startsWith(today + "T");
        // Nothing the worker would have to send along: no checksum, no content type
        assertThat(query.keySet()).noneMatch(k -> k.toLowerCase().contains("checksum"))
            .noneMatch(k -> k.toLowerCase().contains("content-type"));
      }
      assertThat(query(upload).get("X-Amz-Signature")).isNotEqualTo(query(download).get("X-Amz-Signature"));
    }
  }

  @Test
  void virtualHostUrlsWithAPrefixAndARegion() {
    S3Settings s3 = new S3Settings("https://account.r2.example.com", "auto", "horde-images", "AKIDEXAMPLE", "secret",
        "false", "images/");
    try (S3ObjectStore store = new S3ObjectStore(s3, SETTINGS)) {
      URI download = store.downloadUrl("9a_src.webp", null);

      assertThat(download.getScheme()).isEqualTo("https");
      assertThat(download.getHost()).isEqualTo("horde-images.account.r2.example.com");
      assertThat(download.getPort()).isEqualTo(-1);
      assertThat(download.getPath()).isEqualTo("/images/9a_src.webp");
      assertThat(query(download).get("X-Amz-Credential")).endsWith("/auto/s3/aws4_request");
      assertThat(store.location()).isEqualTo("https://account.r2.example.com bucket horde-images under images/");
    }
  }

  @Test
  void keysAreCheckedAsOnDisk() {
    S3Settings s3 = new S3Settings("http://127.0.0.1:9000", null, "horde-images", "AKIDEXAMPLE", "secret", null, null);
    try (S3ObjectStore store = new S3ObjectStore(s3, SETTINGS)) {
      for (String bad : new String[] {"../x.webp", "a/b.webp", ".hidden", "", "x".repeat(201)}) {
        assertThatThrownBy(() -> store.uploadUrl(bad, null)).as(bad).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void aBucketMakesS3TheStoreAndTakesTheDiskRoutesAway(@TempDir Path dir) {
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "horde.storage.s3.endpoint", "http://127.0.0.1:9000", "horde.storage.s3.bucket", "horde-images",
        "horde.storage.s3.access-key", "AKIDEXAMPLE", "horde.storage.s3.secret-key", "secret"), Environment.TEST)) {
      assertThat(context.getBean(ObjectStore.class)).isInstanceOf(S3ObjectStore.class);
      assertThat(context.findBean(DiskObjectStore.class)).isEmpty();
      assertThat(context.findBean(ObjectController.class)).isEmpty();
    }
    try (ApplicationContext context = ApplicationContext.run(Map.of("horde.storage.dir", dir.toString()),
        Environment.TEST)) {
      assertThat(context.getBean(ObjectStore.class)).isInstanceOf(DiskObjectStore.class);
      assertThat(context.findBean(ObjectController.class)).isPresent();
    }
  }
}
