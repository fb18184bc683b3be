package ai.horde.ingress.webhooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * One webhook POST over HTTPS to exactly the address the guard checked: the TCP connection is made to that
 * address, and TLS then verifies the certificate against the URL's host (SNI and hostname check as any client
 * does), so the name is not looked up a second time by someone else between the check and the connection. HTTP
 * is written by hand (HTTP/1.1, one request, {@code Connection: close}) because the JDK's clients resolve names
 * themselves; only the status line of the answer is read, and a redirect is an answer like any other (not
 * followed: a 3xx is not a 2xx, so it is tried again and then given up).
 *
 * <p>Connecting and each read wait at most {@link WebhookRetries#ATTEMPT_TIMEOUT}, and the attempt as a whole
 * {@link WebhookRetries#ATTEMPT_LIMIT}: a watchdog closes the socket then, whatever the receiver trickles.
 */
final class WebhookPoster {
  private static final int MAX_STATUS_LINE = 1024;

  private final SSLSocketFactory tls;
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "webhook-watchdog");
    thread.setDaemon(true);
    return thread;
  });

  WebhookPoster(SSLSocketFactory tls) {
    this.tls = tls;
  }

  /** The JVM's trusted CAs, or those of the operator's trust store ({@link WebhookSettings#trustStore}). */
  static WebhookPoster of(WebhookSettings settings) {
    if (settings.trustStore() == null || settings.trustStore().isBlank()) {
      return new WebhookPoster((SSLSocketFactory) SSLSocketFactory.getDefault());
    }
    try (InputStream in = Files.newInputStream(Path.of(settings.trustStore().strip()))) {
      char[] password = settings.trustStorePassword() == null ? null : settings.trustStorePassword().toCharArray();
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, password);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return new WebhookPoster(context.getSocketFactory());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read HORDE_WEBHOOK_TRUST_STORE " + settings.trustStore(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use HORDE_WEBHOOK_TRUST_STORE " + settings.trustStore(), e);
    }
  }

  /**
   * POSTs {@code json} to the target at {@code address}.
   *
   * @return the answer's status code
   * @throws IOException when no answer came (refused, TLS failed, timed out, not HTTP)
   */
  int post(WebhookTarget target, InetAddress address, byte[] json) throws IOException {
    int timeout = (int) WebhookRetries.ATTEMPT_TIMEOUT.toMillis();
    try (Socket socket = new Socket()) {
      ScheduledFuture<?> deadline = watchdog.schedule(() -> closeQuietly(socket),
          WebhookRetries.ATTEMPT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      try {
        socket.connect(new InetSocketAddress(address, target.port()), timeout);
        socket.setSoTimeout(timeout);
        try (SSLSocket secure = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true)) {
          SSLParameters parameters = secure.getSSLParameters();
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
          secure.setSSLParameters(parameters);
          secure.startHandshake();
          OutputStream out = secure.getOutputStream();
          out.write(head(target, json.length).getBytes(StandardCharsets.US_ASCII));
          out.write(json);
          out.flush();
          return status(secure.getInputStream());
        }
      } finally {
        deadline.cancel(false);
      }
    }
  }

  private static String head(WebhookTarget target, int length) {
    String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
    return "POST " + target.target() + " HTTP/1.1\r\n"
        + "Host: " + (target.port() == 443 ? host : host + ":" + target.port()) + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + length + "\r\n"
        + "User-Agent: AI-Horde\r\n"
        + "Connection: close\r\n\r\n";
  }

  /** The status code of an answer's status line ({@code HTTP/1.1 200 OK}). */
  static int status(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (line.size() >= MAX_STATUS_LINE) {
        throw new IOException("status line too long");
      }
      line.write(b);
    }
    String[] parts = line.toString(StandardCharsets.US_ASCII).strip().split(" ");
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
      throw new IOException("not an HTTP answer");
    }
    return Integer.parseInt(parts[1]);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing on the deadline: nothing to do about it
    }
  }

  void close() {
    watchdog.shutdownNow();
  }
}
