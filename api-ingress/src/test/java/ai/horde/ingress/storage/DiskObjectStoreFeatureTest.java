package ai.horde.ingress.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.fixtures.FeatureTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The disk store over real HTTP, as a worker and a requester use it: a worker PUTs its webp to the upload URL it
 * was given (no Content-Type, as the reGen worker sends it) and gets 200; the download URL answers the same bytes
 * as image/webp. What is not a URL the horde gave out for that key, method and time is refused with JSON.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskObjectStoreFeatureTest extends FeatureTest implements TestPropertyProvider {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX = 64 * 1024;

  @Inject
  ObjectStore store;
  @Inject
  PublicUrl publicUrl;
  @Inject
  ObjectSweep sweep;

  private Path dir;

  @Override
  public Map<String, String> getProperties() {
    try {
      dir = Files.createTempDirectory("objects-feature-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Map.of("horde.storage.dir", dir.toString(), "horde.storage.max-object-size", Integer.toString(MAX),
        "horde.storage.sweep-interval", "200ms");
  }

  @AfterAll
  void removeTheDirectory() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private record Answer(int status, byte[] body, String contentType) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private static Answer send(String method, URI url, byte[] body, String... headers) throws Exception {
    java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<byte[]> response = HTTP.send(request.build(), BodyHandlers.ofByteArray());
    return new Answer(response.statusCode(), response.body(),
        response.headers().firstValue("Content-Type").orElse(null));
  }

  private URI base() {
    return server.getURI();
  }

  private static byte[] webp(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    System.arraycopy("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 0, Math.min(size, 16));
    return bytes;
  }

  @Test
  void aWorkersUploadIsWhatTheRequesterDownloads() throws Exception {
    assertThat(store).isInstanceOf(DiskObjectStore.class);
    String key = ObjectKeys.generation(java.util.UUID.randomUUID());
    byte[] image = webp(40_000);

    // The URLs are absolute, at the horde as the caller reached it (its Host header: no HORDE_PUBLIC_URL here)
    URI root = publicUrl.of(HttpRequest.GET("/api/v2/generate/pop").header("Host", base().getAuthority()));
    assertThat(root.toString()).isEqualTo("http://" + base().getAuthority());
    URI upload = store.uploadUrl(key, root);
    assertThat(upload.getScheme()).isEqualTo("http");
    assertThat(upload.getPath()).isEqualTo("/api/v2/objects/" + key);
    assertThat(upload.getQuery()).matches("expires=\\d+&signature=[0-9a-f]{64}");

    Answer put = send("PUT", upload, image); // as the reGen worker: no Content-Type
    assertThat(put.status()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(200);

    Answer got = send("GET", store.downloadUrl(key, root), null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.contentType()).isEqualTo("image/webp");
    assertThat(got.body()).isEqualTo(image);
    // What a status with r2: false reads
    assertThat(store.get(key)).hasValueSatisfying(o -> assertThat(o.bytes()).isEqualTo(image));

    // A retried upload replaces the object, and a content type sent with it is what the download answers with
    byte[] png = webp(1_000);
    assertThat(send("PUT", upload, png, "Content-Type", "image/png").status()).isEqualTo(200);
    Answer again = send("GET", store.downloadUrl(key, root), null);
    assertThat(again.contentType()).isEqualTo("image/png");
    assertThat(again.body()).isEqualTo(png);
    // A catch-all type says no more than the key: curl --data-binary sends a form's, boto3 an octet-stream
    for (String catchAll : new String[] {"application/octet-stream", "application/x-www-form-urlencoded"}) {
      assertThat(send("PUT", upload, image, "Content-Type", catchAll).status()).as(catchAll).isEqualTo(200);
      Answer plain = send("GET", store.downloadUrl(key, root), null);
      assertThat(plain.contentType()).as(catchAll).isEqualTo("image/webp");
      assertThat(plain.body()).as(catchAll).isEqualTo(image);
    }
  }

  @Test
  void aSourceImageStoredAtRequestTimeIsDownloadedByTheWorker() throws Exception {
    String key = ObjectKeys.sourceImage(java.util.UUID.randomUUID());
    byte[] image = webp(5_000);
    store.put(key, image, null);

    Answer got = send("GET", store.downloadUrl(key, base()), null);

    assertThat(got.status()).isEqualTo(200);
    assertThat(got.contentType()).isEqualTo("image/webp");
    assertThat(got.body()).isEqualTo(image);
    store.delete(key);
    assertThat(send("GET", store.downloadUrl(key, base()), null).status()).isEqualTo(404);
  }

  @Test
  void aTamperedUrlIsRefused() throws Exception {
    String key = "tampered.webp";
    store.put(key, webp(100), null);
    String download = store.downloadUrl(key, base()).toString();
    String signature = download.substring(download.indexOf("signature=") + 10);
    char flipped = signature.charAt(0) == 'a' ? 'b' : 'a';

    for (URI forged : new URI[] {
        URI.create(download.replace("signature=" + signature, "signature=" + flipped + signature.substring(1))),
        URI.create(download.replaceFirst("expires=(\\d+)", "expires=9$1")), // a later expiry than was signed
        URI.create(download.replace("/" + key + "?", "/other.webp?")), // another key's URL
        URI.create(download.substring(0, download.indexOf('?'))), // none at all
        URI.create(download.replaceFirst("expires=\\d+", "expires=soon"))}) {
      Answer refused = send("GET", forged, null);
      assertThat(refused.status()).as(forged.toString()).isEqualTo(403);
      assertThat(refused.contentType()).startsWith("application/json");
      assertThat(refused.json().path("rc").asText()).isEqualTo("ObjectUrlInvalid");
      assertThat(refused.json().path("message").asText()).isNotEmpty();
    }
    // A download URL does not upload
    Answer put = send("PUT", URI.create(download), webp(10));
    assertThat(put.status()).isEqualTo(403);
    assertThat(put.json().path("rc").asText()).isEqualTo("ObjectUrlInvalid");
    assertThat(send("GET", URI.create(download), null).body()).isEqualTo(webp(100));
  }

  @Test
  void anExpiredUrlIsRefused() throws Exception {
    String key = "expired.webp";
    store.put(key, webp(100), null);
    // A URL the horde signed, whose expiry has passed: signed with the secret kept in the directory
    UrlSigner signer = UrlSigner.load(null, dir);
    long past = java.time.Instant.now().minusSeconds(1).getEpochSecond();
    for (String method : new String[] {"GET", "PUT"}) {
      URI expired = URI.create(base() + "/api/v2/objects/" + key + "?expires=" + past + "&signature="
          + signer.sign(method, key, past));
      Answer refused = send(method, expired, method.equals("PUT") ? webp(10) : null);
      assertThat(refused.status()).as(method).isEqualTo(403);
      assertThat(refused.json().path("rc").asText()).isEqualTo("ObjectUrlExpired");
    }
    long future = java.time.Instant.now().plusSeconds(60).getEpochSecond();
    assertThat(send("GET", URI.create(base() + "/api/v2/objects/" + key + "?expires=" + future + "&signature="
        + signer.sign("GET", key, future)), null).status()).isEqualTo(200);
  }

  @Test
  void badAndUnknownKeys() throws Exception {
    UrlSigner signer = UrlSigner.load(null, dir);
    long future = java.time.Instant.now().plusSeconds(60).getEpochSecond();
    // Not keys: the signing secret itself, and paths that try to leave the directory
    for (String path : new String[] {UrlSigner.SECRET_FILE, ".types", "a%2F..%2F..%2Fetc%2Fpasswd", "..%2Fsecret",
        "%2E%2E", "with%20space.webp"}) {
      Answer refused = send("GET", URI.create(base() + "/api/v2/objects/" + path + "?expires=" + future
          + "&signature=" + signer.sign("GET", path, future)), null);
      assertThat(refused.status()).as(path).isEqualTo(400);
      assertThat(refused.contentType()).as(path).startsWith("application/json");
      assertThat(refused.json().path("rc").asText()).as(path).isEqualTo("InvalidObjectKey");
    }

    Answer unknown = send("GET", store.downloadUrl("never-stored.webp", base()), null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("rc").asText()).isEqualTo("ObjectNotFound");
  }

  @Test
  void anOversizedUploadIs413Json() throws Exception {
    String key = "big.webp";
    URI upload = store.uploadUrl(key, base());

    Answer refused = send("PUT", upload, webp(MAX + 1));

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.contentType()).startsWith("application/json");
    assertThat(refused.json().path("rc").asText()).isEqualTo("PayloadTooLarge");
    assertThat(store.get(key)).isEmpty();
    assertThat(send("PUT", upload, webp(MAX)).status()).isEqualTo(200);
  }

  @Test
  void theSweepRunsOnItsScheduleAndHealthShowsIt() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sweep.last() != null);
    var health = api.get("/health");
    assertThat(health.json().path("details").path("objects").path("status").asText()).isEqualTo("UP");
    assertThat(health.json().path("details").path("objects").path("details").path("location").asText())
        .isEqualTo(dir.toString());
    assertThat(health.json().path("details").path("objects").path("details").has("last_sweep")).isTrue();
  }

  @Test
  void theRoutesAreNotInTheApiDocument() {
    assertThat(api.get("/api/swagger.json").body()).doesNotContain("/api/v2/objects");
  }
}
