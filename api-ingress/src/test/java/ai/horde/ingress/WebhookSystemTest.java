package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks over real HTTPS (spec R3.20.1, issue 12 item 7): the test's own receiver on loopback, with a key made
 * for it here, trusted by the horde through {@code HORDE_WEBHOOK_TRUST_STORE}; private targets allowed for this
 * horde ({@code HORDE_WEBHOOK_ALLOW_PRIVATE}), since the receiver is on loopback. That they are refused by
 * default is {@code webhooks.WebhookFeatureTest}'s.
 */
class WebhookSystemTest {
  private static final String PASSWORD = "receiver";
  private static final String MODEL = "koboldcpp/LLaMA2-13B-Psyfighter2";

  @TempDir
  static Path data;
  @TempDir
  static Path keys;
  static HordeProcess horde;
  static HttpsServer receiver;
  /** What each path of the receiver was sent, and how many 500s it answers before a 200. */
  static final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> failuresToAnswer = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Path keyStore = keys.resolve("receiver.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    KeyStore key = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      key.load(in, PASSWORD.toCharArray());
    }
    // The horde trusts the receiver's certificate, and only it
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("receiver", key.getCertificate("receiver"));
    Path trustStore = keys.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(trustStore)) {
      trust.store(out, PASSWORD.toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(key, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);

    receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.setHttpsConfigurator(new HttpsConfigurator(tls));
    receiver.createContext("/hook/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      JsonNode body = HordeProcess.JSON.readTree(exchange.getRequestBody().readAllBytes());
      received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(body);
      AtomicInteger failures = failuresToAnswer.get(path);
      int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.start();

    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "3000", "HORDE_WEBHOOK_ALLOW_PRIVATE", "true",
        "HORDE_WEBHOOK_TRUST_STORE", trustStore.toString(), "HORDE_WEBHOOK_TRUST_STORE_PASSWORD", PASSWORD)).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  private static String webhook(String name) {
    return "https://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/" + name;
  }

  /** A text request with a webhook, served by a worker: the request's id, and the job's id and reward. */
  private static Completion complete(String hook, String worker, String text) throws Exception {
    String owner = horde.testUser(worker + "-owner", 100).get("api_key").asText();
    Response accepted = horde.post("/generate/text/async", "{\"prompt\":\"Once\",\"models\":[\"" + MODEL + "\"],"
        + "\"params\":{\"max_length\":80},\"webhook\":\"" + webhook(hook) + "\"}", "apikey", HordeProcess.ANONYMOUS);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String pop = "{\"name\":\"" + worker + "\",\"models\":[\"" + MODEL + "\"],\"max_length\":512,"
        + "\"max_context_length\":4096,\"bridge_agent\":\"KoboldCppEmbedWorker:2:https://github.com/LostRuins/koboldcpp\"}";
    JsonNode job = await().atMost(30, TimeUnit.SECONDS).until(() -> horde.post("/generate/text/pop", pop, "apikey", owner)
        .json(), answer -> !answer.get("id").isNull());
    Response submitted = horde.post("/generate/text/submit", "{\"id\":\"" + job.get("id").asText()
        + "\",\"generation\":" + HordeProcess.JSON.valueToTree(text) + ",\"seed\":42}", "apikey", owner);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    return new Completion(accepted.json().get("id").asText(), job.get("id").asText(),
        submitted.json().get("reward").asDouble());
  }

  private record Completion(String requestId, String jobId, double reward) {}

  private static List<JsonNode> receivedAt(String hook) {
    return received.getOrDefault("/hook/" + hook, List.of());
  }

  @Test
  void aCompletionIsPostedOnceWithTheReferencesBody() throws Exception {
    // When a text request with a webhook is completed by a worker
    Completion done = complete("once", "webhook-worker", " there was a horde 🐉");

    // Then the receiver gets the job's status entry with its ids and reward
    await().atMost(20, TimeUnit.SECONDS).until(() -> !receivedAt("once").isEmpty());
    JsonNode body = receivedAt("once").get(0);
    assertThat(body.get("text").asText()).isEqualTo(" there was a horde 🐉");
    assertThat(body.get("seed").asLong()).isEqualTo(42);
    assertThat(body.get("worker_id").isTextual()).isTrue();
    assertThat(body.get("worker_name").asText()).isEqualTo("webhook-worker");
    assertThat(body.get("model").asText()).isEqualTo(MODEL);
    assertThat(body.get("state").asText()).isEqualTo("ok");
    assertThat(body.get("gen_metadata").isArray()).isTrue();
    assertThat(body.get("id").asText()).isEqualTo(done.jobId());
    assertThat(body.get("request").asText()).isEqualTo(done.requestId());
    assertThat(body.get("kudos").asDouble()).isEqualTo(done.reward());
    // And only once
    await().during(Duration.ofSeconds(3)).atMost(5, TimeUnit.SECONDS).until(() -> receivedAt("once").size() == 1);
  }

  @Test
  void aWebhookAnswered500IsTriedAgain() throws Exception {
    // Given a receiver that answers the first POST with a 500
    failuresToAnswer.put("/hook/flaky", new AtomicInteger(1));

    // When a request with its webhook is completed
    Completion done = complete("flaky", "flaky-worker", "again");

    // Then the same body comes a second time, and that answered 200 ends it
    await().atMost(20, TimeUnit.SECONDS).until(() -> receivedAt("flaky").size() >= 2);
    assertThat(receivedAt("flaky").get(1)).isEqualTo(receivedAt("flaky").get(0));
    assertThat(receivedAt("flaky").get(1).get("id").asText()).isEqualTo(done.jobId());
    await().during(Duration.ofSeconds(3)).atMost(5, TimeUnit.SECONDS).until(() -> receivedAt("flaky").size() == 2);
  }
}
