package ai.horde.ingress.image;

import ai.horde.ingress.image.SourceImages.Decoded;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Source images sent as URLs, downloaded as the reference does (2 s to answer, at most 5 MB) and kept until the
 * request stores them, so each is fetched once. Blocking: called off the event loop.
 *
 * <p>Known gap: any http(s) address is fetched, including ones inside the horde's own network; a deployment
 * that cares limits the ingress's outbound traffic.
 */
@Singleton
public final class SourceDownloads {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private final Map<String, byte[]> fetched = new ConcurrentHashMap<>();

  /** The image at {@code url}, read as the reference reads a download; refused as it refuses one. */
  public Decoded download(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw SourceImages.downloadFailed();
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw SourceImages.downloadFailed();
    }
    try {
      HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        throw SourceImages.downloadFailed();
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes((int) SourceImages.MAX_DOWNLOADED_BYTES + 1);
      }
      Decoded decoded = SourceImages.readDownloaded(body, length);
      fetched.put(url, body);
      return decoded;
    } catch (IOException e) {
      throw SourceImages.downloadFailed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SourceImages.downloadFailed();
    }
  }

  /** The bytes a download read, handed over once; downloaded again if they are gone. */
  byte[] take(String url) {
    byte[] body = fetched.remove(url);
    if (body == null) {
      download(url);
      body = fetched.remove(url);
    }
    return body;
  }
}
