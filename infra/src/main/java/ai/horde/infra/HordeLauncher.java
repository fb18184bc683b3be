package ai.horde.infra;

import ai.horde.infra.ServiceCatalogue.Service;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.ParentWatchdog;
import ai.horde.runtime.ServiceMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command horde: starts the Kafka broker and PostgreSQL (unless {@code KAFKA_BOOTSTRAP_SERVERS} /
 * {@code HORDE_JDBC_URL} point at existing ones), creates the topics, and runs every built service as a
 * child JVM that is restarted when it exits. Stops it all on SIGINT/SIGTERM: services, then the broker,
 * then PostgreSQL.
 *
 * <p>Known gaps: a SIGKILL of the launcher cannot stop the children (they notice through
 * {@code ParentWatchdog}) nor PostgreSQL (the next start stops it); services start without waiting for
 * each other (only the announcement waits for all of them).
 */
public final class HordeLauncher implements AutoCloseable {
  static final String KAFKA_PORT = "HORDE_KAFKA_PORT";
  static final String KAFKA_CONTROLLER_PORT = "HORDE_KAFKA_CONTROLLER_PORT";
  static final String PG_PORT = "HORDE_PG_PORT";
  static final String JDBC_URL = "HORDE_JDBC_URL";
  static final String JDBC_USER = "HORDE_JDBC_USER";
  static final String JDBC_PASSWORD = "HORDE_JDBC_PASSWORD";
  static final String HTTP_PORT = "HORDE_HTTP_PORT";
  static final String HOME = "HORDE_HOME";
  static final String SERVICES = "HORDE_SERVICES";
  /** Extra JVM flags for every service, split at whitespace; {@code {service}} becomes the service's name. */
  static final String SERVICE_JAVA_OPTIONS = "HORDE_SERVICE_JAVA_OPTIONS";
  /** {@code false} runs the launcher and the services without class data archives (see {@link ClassDataSharing}). */
  static final String CLASS_DATA_SHARING = "HORDE_CLASS_DATA_SHARING";
  /** Where the JVMs' class jars and archives are kept, under the home: beside the build, wiped by a clean. */
  static final String CLASS_DATA_DIR = "target/class-data";

  private static final Logger LOG = LoggerFactory.getLogger(HordeLauncher.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  /** How long the announcement waits for the other services once the API answers. */
  private static final Duration LATE_GRACE = Duration.ofSeconds(60);
  /** A poll costs a starting service little; polling every 500 ms made "up" late by 250 ms on average. */
  private static final Duration READINESS_POLL = Duration.ofMillis(50);

  private final HordeEnv env;
  private EmbeddedKafkaBroker broker; // null when using an existing cluster
  private EmbeddedPostgresServer postgres; // null when using an existing database
  private String bootstrapServers;
  private String jdbcUrl;
  private final List<ServiceProcess> services = new ArrayList<>();
  private boolean closed;

  public HordeLauncher(HordeEnv env) {
    this.env = env;
  }

  public static void main(String[] args) throws InterruptedException {
    HordeEnv env = HordeEnv.system();
    ParentWatchdog.watch(env); // under LauncherSupervisor: gone with it
    HordeLauncher launcher = new HordeLauncher(env);
    Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "horde-shutdown"));
    try {
      // Not through HordeEnv, which reads an empty value as unset: here empty means "no service".
      launcher.start(System.getProperty(SERVICES, System.getenv(SERVICES)));
    } catch (RuntimeException e) {
      System.err.println("horde: cannot start: " + Objects.requireNonNullElse(e.getMessage(), e.toString()));
      System.exit(1);
    }
    launcher.announceWhenUp();
    Thread.currentThread().join(); // until SIGINT or SIGTERM runs the shutdown hook
  }

  /**
   * Starts everything and returns once the broker, PostgreSQL and the topics are ready and the services
   * are started. On failure, stops what it had started and throws.
   *
   * @param serviceSelection the value of {@code HORDE_SERVICES}: comma-separated names, {@code null} for
   *     all, empty for none
   */
  public synchronized void start(String serviceSelection) {
    try {
      Path home = Path.of(env.get(HOME, ".")).toAbsolutePath();
      List<Service> catalogue = ServiceCatalogue.read(home, serviceSelection);
      boolean classDataSharing = Boolean.parseBoolean(env.get(CLASS_DATA_SHARING, "true"));
      startKafkaAndPostgres();
      TopicBootstrap.createAll(bootstrapServers, env.replicationFactor());
      Map<String, String> environment = serviceEnvironment();
      for (Service service : catalogue) {
        ClassDataSharing.Run run = classDataSharing
            ? ClassDataSharing.prepare(service.name(), service.classpath(), home.resolve(CLASS_DATA_DIR))
            : ClassDataSharing.without(service.classpath());
        services.add(ServiceProcess.start(service.name(), command(service, run), environment, run.afterExit()));
        LOG.info("started {}", service.name());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Stops the services, then the broker, then PostgreSQL; a failing step does not skip the later ones. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("stopping");
    services.forEach(service -> attempt("stopping " + service.name(), service::stop));
    services.forEach(service -> attempt("stopping " + service.name(), service::awaitStopped));
    if (broker != null) {
      attempt("stopping the Kafka broker", broker::close);
    }
    if (postgres != null) {
      attempt("stopping PostgreSQL", postgres::close);
    }
    LOG.info("stopped");
  }

  private void startKafkaAndPostgres() {
    Path dataDir = env.dataDir();
    CompletableFuture<EmbeddedKafkaBroker> kafka = env.get(HordeEnv.BOOTSTRAP, null) != null
        ? CompletableFuture.completedFuture(null)
        : inBackground("Kafka broker", () -> new EmbeddedKafkaBroker(dataDir.resolve("kafka"),
            env.getInt(KAFKA_PORT, 29092), env.getInt(KAFKA_CONTROLLER_PORT, 29093)));
    CompletableFuture<EmbeddedPostgresServer> database = env.get(JDBC_URL, null) != null
        ? CompletableFuture.completedFuture(null)
        : inBackground("PostgreSQL", () -> new EmbeddedPostgresServer(dataDir.resolve("postgres"),
            env.getInt(PG_PORT, 25432)));
    // Wait for both before acting on a failure: whichever did start must be stopped again.
    broker = kafka.handle((started, failure) -> started).join();
    postgres = database.handle((started, failure) -> started).join();
    try {
      kafka.join();
      database.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    bootstrapServers = broker != null ? broker.bootstrapServers() : env.bootstrapServers();
    jdbcUrl = postgres != null ? postgres.jdbcUrl() : env.get(JDBC_URL, null);
    LOG.info("Kafka at {}, PostgreSQL at {}", bootstrapServers, jdbcUrl);
  }

  /** Added to the inherited environment; the HTTP port too, as the launcher polls it to announce the API. */
  private Map<String, String> serviceEnvironment() {
    boolean embeddedDatabase = postgres != null;
    return Map.of(
        HordeEnv.BOOTSTRAP, bootstrapServers,
        JDBC_URL, jdbcUrl,
        JDBC_USER, embeddedDatabase ? EmbeddedPostgresServer.USER : env.get(JDBC_USER, "postgres"),
        JDBC_PASSWORD, embeddedDatabase ? "" : env.get(JDBC_PASSWORD, ""),
        HordeEnv.DATA_DIR, env.dataDir().toString(),
        HTTP_PORT, Integer.toString(httpPort()),
        HordeEnv.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
  }

  /**
   * The serial collector suits these small heaps on few cores. No {@code -XX:TieredStopAtLevel=1}: measured
   * here it starts a JVM about 1.5 s sooner but costs a third to a half of the throughput of hot code, and
   * services run long. {@value #SERVICE_JAVA_OPTIONS} adds flags (a profiler, say: {@code
   * -XX:StartFlightRecording=filename=/tmp/{service}.jfr}); they come after these, so they can override them.
   */
  private List<String> command(Service service, ClassDataSharing.Run run) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + service.heap(), "-XX:+UseSerialGC"));
    command.addAll(run.jvmOptions());
    command.addAll(javaOptions(env, SERVICE_JAVA_OPTIONS, service.name()));
    command.addAll(List.of("-cp", run.classpath(), service.mainClass()));
    return command;
  }

  /** The JVM flags a variable lists (space-separated), {@code {service}} replaced by the JVM's name. */
  static List<String> javaOptions(HordeEnv env, String variable, String name) {
    return Arrays.stream(env.get(variable, "").strip().split("\\s+")).filter(option -> !option.isEmpty())
        .map(option -> option.replace("{service}", name)).toList();
  }

  /**
   * Prints one line once every service it started is ready: the API answers its heartbeat, the others their
   * {@code /health/readiness} (the scheduler and the ledger once their Streams client runs: until then a pop, a
   * registration or a kudos command would only wait for them). A service without a metrics port ({@code 0}) is
   * not waited for. If the API answers but another service is still not ready {@link #LATE_GRACE} later, the line
   * is printed anyway with a warning naming it, and its readiness is logged when it comes; nothing is announced
   * if the API does not answer within {@link #READY_TIMEOUT}.
   */
  private void announceWhenUp() {
    Map<String, HttpRequest> notReady = new LinkedHashMap<>();
    String api = "http://localhost:" + httpPort() + "/api/v2";
    for (ServiceProcess service : services) {
      int port = ServiceMetrics.port(env, service.name());
      String url = service.name().equals("ingress") ? api + "/status/heartbeat"
          : port != 0 ? "http://localhost:" + port + "/health/readiness" : null;
      if (url != null) {
        notReady.put(service.name(), HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build());
      }
    }
    String announcement = notReady.containsKey("ingress") ? "AI Horde is up: " + api
        : "AI Horde services are up: " + String.join(", ", notReady.keySet());
    boolean announced = notReady.isEmpty();
    long announceBy = Long.MAX_VALUE; // once the API answers: LATE_GRACE later at the latest
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long began = System.nanoTime();
    try {
      while (!notReady.isEmpty() && System.nanoTime() - began < READY_TIMEOUT.toNanos()) {
        for (Iterator<Map.Entry<String, HttpRequest>> waiting = notReady.entrySet().iterator(); waiting.hasNext(); ) {
          Map.Entry<String, HttpRequest> service = waiting.next();
          if (answersOk(http, service.getValue())) {
            LOG.info("{} ready", service.getKey());
            waiting.remove();
            if (service.getKey().equals("ingress")) {
              announceBy = System.nanoTime() + LATE_GRACE.toNanos();
            }
          }
        }
        if (!announced && (notReady.isEmpty() || System.nanoTime() > announceBy)) {
          announce(announcement, notReady.keySet());
          announced = true;
        }
        if (!notReady.isEmpty()) {
          Thread.sleep(READINESS_POLL.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!announced && announceBy != Long.MAX_VALUE) {
      announce(announcement, notReady.keySet());
    }
    if (!notReady.isEmpty()) {
      LOG.warn("{} not ready within {} s; the services keep running", notReady.keySet(), READY_TIMEOUT.toSeconds());
    }
  }

  /** Prints the announcement, after a warning naming the services that are not ready yet, if any. */
  private static void announce(String announcement, Set<String> notReady) {
    if (!notReady.isEmpty()) {
      LOG.warn("{} not ready yet; announcing the API, they are still starting", notReady);
    }
    System.out.println(announcement);
  }

  private static boolean answersOk(HttpClient http, HttpRequest request) throws InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  private int httpPort() {
    return env.getInt(HTTP_PORT, 7001);
  }

  /** Starts a server on a thread of its own and logs how long it took. */
  private static <T> CompletableFuture<T> inBackground(String what, Supplier<T> start) {
    // Not the common pool: on 2 cores it has one thread, and the two servers would start one after the other.
    return CompletableFuture.supplyAsync(() -> {
      long began = System.nanoTime();
      T started = start.get();
      LOG.info("{} ready in {} ms", what, (System.nanoTime() - began) / 1_000_000);
      return started;
    }, task -> new Thread(task, "start-" + what).start());
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void attempt(String what, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      LOG.error("{} failed", what, e);
    }
  }
}
