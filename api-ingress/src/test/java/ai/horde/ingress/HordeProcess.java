package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ledger.LedgerReplay;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.ServiceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole horde, started the way the README starts it: the infra launcher's supervisor as a child process,
 * which starts the launcher, which starts the embedded broker and PostgreSQL and every service from this
 * checkout's build. Each instance gets free ports and its own data directory; {@link #kill()} is a SIGKILL of
 * the supervisor, after which the launcher halts (as on a SIGKILL of its own), its services stop themselves, and
 * a new instance on the same directory resumes. Public for {@code bench/horde} (the bench module's
 * HordeBenchmark), which measures a horde started this way.
 */
public final class HordeProcess implements AutoCloseable {
  static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  static final String ANONYMOUS = "0000000000";
  static final ObjectMapper JSON = new ObjectMapper();
  /** The launcher's warning when it announces the API before every service is ready. */
  private static final Pattern NOT_READY = Pattern.compile("\\[([a-z, ]+)] not ready yet; announcing the API");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Path dataDir;
  final int httpPort;
  final int pgPort;
  private final int kafkaPort;
  private final int controllerPort;
  /** Where the scheduler, the ledger and the projections serve their metrics and health, by service. */
  public final Map<String, Integer> metricsPorts;
  private final Map<String, String> extraEnv;
  private Process launcher;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final List<String> notReadyDumps = new CopyOnWriteArrayList<>();

  public HordeProcess(Path dataDir, Map<String, String> extraEnv) throws IOException {
    this(dataDir, extraEnv, freePort(), freePort(), freePort(), freePort(),
        Map.of("scheduler", freePort(), "ledger", freePort(), "projections", freePort()));
  }

  private HordeProcess(Path dataDir, Map<String, String> extraEnv, int httpPort, int pgPort, int kafkaPort,
      int controllerPort, Map<String, Integer> metricsPorts) {
    this.dataDir = dataDir;
    this.extraEnv = extraEnv;
    this.metricsPorts = metricsPorts;
    this.httpPort = httpPort;
    this.pgPort = pgPort;
    this.kafkaPort = kafkaPort;
    this.controllerPort = controllerPort;
  }

  /** A new launcher on the same data directory and ports, as a restart after a crash would be. */
  public HordeProcess again() {
    return new HordeProcess(dataDir, extraEnv, httpPort, pgPort, kafkaPort, controllerPort, metricsPorts);
  }

  /**
   * Another ingress instance of this horde: a launcher of its own (its own port and data directory) that starts
   * only ingress, against this horde's broker and database. Start it after this one.
   */
  HordeProcess anotherIngress(Path dataDir) throws IOException {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("HORDE_SERVICES", "ingress");
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
    env.put("HORDE_JDBC_URL", jdbcUrl());
    env.put("HORDE_JDBC_USER", "postgres");
    return new HordeProcess(dataDir, env);
  }

  /** Starts the launcher and waits until the API answers its heartbeat. */
  public HordeProcess start() throws Exception {
    String classpath = HOME.resolve("infra/target/classes") + ":"
        + Files.readString(HOME.resolve("infra/target/classpath.txt")).strip();
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", classpath, "ai.horde.infra.LauncherSupervisor")
        .directory(HOME.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.remove("KAFKA_BOOTSTRAP_SERVERS");
    env.remove("HORDE_JDBC_URL");
    env.put("HORDE_HOME", HOME.toString());
    env.put("HORDE_DATA_DIR", dataDir.toString());
    env.put("HORDE_HTTP_PORT", Integer.toString(httpPort));
    env.put("HORDE_PG_PORT", Integer.toString(pgPort));
    env.put("HORDE_KAFKA_PORT", Integer.toString(kafkaPort));
    env.put("HORDE_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
    env.put("HORDE_TEST_APIKEYS", "1");
    // Tests call faster than any client may; RateLimitsSystemTest turns the limits on.
    env.put("HORDE_TEST_RATELIMIT_DISABLED", "true");
    metricsPorts.forEach((service, port) -> env.put(ServiceMetrics.portVariable(service), Integer.toString(port)));
    env.putAll(extraEnv);
    launcher = builder.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          output.add(line);
          if (Boolean.getBoolean("horde.test.verbose")) {
            System.out.println("[horde] " + line);
          }
        }
      } catch (IOException e) {
        // the launcher is gone
      }
    }, "horde-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < deadline) {
      if (!launcher.isAlive()) {
        throw new IllegalStateException("the launcher exited:\n" + String.join("\n", output));
      }
      if (output.stream().anyMatch(line -> line.contains("AI Horde is up"))) {
        dumpServicesNotReady();
        return this;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the horde did not come up:\n" + String.join("\n", output));
  }

  /**
   * A process's command line, read from /proc ({@code ProcessHandle.Info} leaves it out when it is long, as a class
   * path makes it); empty once the process is gone.
   */
  public static String commandLine(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
    } catch (IOException | UncheckedIOException gone) {
      return "";
    }
  }

  /**
   * The launcher announced the API while some service was still not ready a minute after it (it says so in a
   * warning): prints that service's threads, which is all a CI log can show of why. Seen once, the ledger after a
   * kill: it had wiped its corrupted stores and was never RUNNING within three minutes.
   */
  private void dumpServicesNotReady() throws IOException {
    for (String line : output()) {
      Matcher late = NOT_READY.matcher(line);
      if (!late.find()) {
        continue;
      }
      System.out.println("[horde] " + line);
      for (String service : late.group(1).split(", ")) {
        for (ProcessHandle process : launcher.toHandle().descendants().toList()) {
          if (commandLine(process).contains("ai.horde." + service + ".")) {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.pid()), "Thread.print")
                .redirectErrorStream(true).start();
            String dump = "threads of " + service + " (not ready):\n"
                + new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            notReadyDumps.add(dump);
            System.out.println("[horde] " + dump);
          }
        }
      }
    }
  }

  /** The thread dumps {@link #start()} took of services the launcher announced the API without. */
  List<String> notReadyDumps() {
    return List.copyOf(notReadyDumps);
  }

  /** SIGKILL of the launcher's supervisor: nothing gets to shut down cleanly. */
  void kill() throws InterruptedException {
    launcher.destroyForcibly();
    launcher.waitFor(30, TimeUnit.SECONDS);
    // Its services halt once they see it gone; wait until the API port is free again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && portInUse(httpPort)) {
      Thread.sleep(100);
    }
  }

  /** SIGTERM, as Ctrl-C: everything shuts down in order. */
  @Override
  public void close() throws InterruptedException {
    if (launcher != null && launcher.isAlive()) {
      launcher.destroy();
      if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
        launcher.destroyForcibly();
      }
    }
  }

  /**
   * Runs one of the horde's command-line tools against this horde, as {@code ./horde} runs it: the main class
   * of a module, on that module's classpath; answers what it printed, once it exited 0.
   */
  String tool(String module, String mainClass, String... args) throws Exception {
    String classpath = HOME.resolve(module).resolve("target/classes") + ":"
        + Files.readString(HOME.resolve(module).resolve("target/classpath.txt")).strip();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
    builder.environment().put("HORDE_JDBC_URL", jdbcUrl());
    builder.environment().put("HORDE_JDBC_USER", "postgres");
    Process tool = builder.start();
    String printed = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tool.waitFor(2, TimeUnit.MINUTES)).as(printed).isTrue();
    assertThat(tool.exitValue()).as(printed).isZero();
    return printed;
  }

  public List<String> output() {
    return new ArrayList<>(output);
  }

  public String bootstrapServers() {
    return "localhost:" + kafkaPort;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + pgPort + "/horde";
  }

  Connection database() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  // HTTP

  public Response get(String path, String... headers) throws Exception {
    return send(request(path, headers).GET().build());
  }

  Response delete(String path, String... headers) throws Exception {
    return send(request(path, headers).DELETE().build());
  }

  public Response post(String path, String body, String... headers) throws Exception {
    return send(request(path, headers).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public Response put(String path, String body, String... headers) throws Exception {
    return send(request(path, headers).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public CompletableFuture<Response> postAsync(String path, String body, String... headers) {
    HttpRequest request = request(path, headers).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(Response::new);
  }

  Response send(HttpRequest request) throws Exception {
    return new Response(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  /** The API's base address, as clients are configured with it. */
  public String baseUrl() {
    return "http://localhost:" + httpPort + "/api/v2";
  }

  HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .timeout(Duration.ofSeconds(60));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  /** A user's balance, as find_user shows it. */
  double kudos(String key) throws Exception {
    Response found = get("/find_user", "apikey", key);
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    return found.json().get("kudos").asDouble();
  }

  /** Uploads to a link as a worker does: the link byte for byte, the bytes as the body, no Content-Type. */
  static int upload(String url, byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** What a link serves, once it answered 200. */
  static byte[] download(String url) throws Exception {
    HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** A test resource's bytes. */
  static byte[] resource(String name) throws IOException {
    try (InputStream in = HordeProcess.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  /** An untrusted user with kudos, minted through the test route. */
  JsonNode testUser(String name, int kudos) throws Exception {
    return testUser(name, kudos, false, false);
  }

  /** A user with kudos, minted through the test route; a trusted user's earnings are spendable at once. */
  JsonNode testUser(String name, int kudos, boolean trusted) throws Exception {
    return testUser(name, kudos, trusted, false);
  }

  /** A user with kudos and roles, minted through the test route. */
  public JsonNode testUser(String name, int kudos, boolean trusted, boolean moderator) throws Exception {
    Response created = post("/dev/test-user", "{\"username\":\"" + name + "\",\"oauth_id\":\"" + name
        + "\",\"kudos\":" + kudos + ",\"trusted\":" + trusted + ",\"moderator\":" + moderator + "}");
    assertThat(created.status()).isEqualTo(201);
    return created.json();
  }

  /**
   * The kudos books, once they came out clean (within a minute: a ledger that just restarted or is still
   * settling catches up first): the journal's replay matches the ledger's live state account by account, every
   * transaction balances, no posting twice, all balances sum to zero.
   */
  LedgerReplay.Report cleanLedgerReplay() {
    HordeEnv env = HordeEnv.of(Map.of(HordeEnv.BOOTSTRAP, bootstrapServers()));
    AtomicReference<LedgerReplay.Report> clean = new AtomicReference<>();
    await().atMost(60, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).untilAsserted(() -> {
      LedgerReplay.Report report = LedgerReplay.run(env, "horde-ledger", 5);
      assertThat(report.drift()).isEmpty();
      assertThat(report.unbalanced()).isEmpty();
      assertThat(report.duplicates()).isEmpty();
      assertThat(report.liveSum()).isZero();
      assertThat(report.clean()).isTrue();
      clean.set(report);
    });
    return clean.get();
  }

  /** An HTTP response with its body read as JSON. */
  public record Response(int status, String body, java.net.http.HttpHeaders headers) {
    Response(HttpResponse<String> response) {
      this(response.statusCode(), response.body(), response.headers());
    }

    public JsonNode json() throws IOException {
      return HordeProcess.JSON.readTree(body);
    }
  }

  /** Ports handed out in this JVM: a horde started later must not be given one an earlier horde binds. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A free port below the kernel's ephemeral range (32768 and up here): a port the OS picks for a socket of its
   * own choosing (ServerSocket(0)) can be taken, before the horde binds it, by any outgoing connection, such as
   * a Kafka client's, and then stays taken for minutes.
   */
  private static int freePort() throws IOException {
    Random random = new Random();
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      if (HANDED_OUT.add(port)) {
        if (!portInUse(port)) {
          return port;
        }
      }
    }
    throw new IOException("no free port below the ephemeral range");
  }

  private static boolean portInUse(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
