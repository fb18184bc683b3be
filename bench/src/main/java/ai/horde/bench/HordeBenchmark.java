package ai.horde.bench;

import ai.horde.ingress.HordeProcess;
import ai.horde.ledger.LedgerBenchmark;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/horde}: the whole horde, started as {@code ./horde run} starts it (the launcher as a child
 * process, through the system tests' {@link HordeProcess}), measured over loopback in one run of at most
 * {@value #BUDGET_MINUTES} minutes, each figure beside a raw Kafka baseline measured on the horde's own broker in
 * the same run; it ends with issue 13's acceptance targets, each with its figure and PASS or FAIL.
 *
 * <p>Phases, in this order (arguments select some; start and raw always run, as the others need them):
 * <ul>
 *   <li>{@code start}: launcher start to "AI Horde is up" (every service ready) on a fresh data directory,
 *       beside the broker's own start as the launcher logs it; after a first start and stop that records the
 *       class data archives if this build has none.</li>
 *   <li>{@code raw}: produce (acks=all, idempotent, linger 0) → read_committed consume round trips.</li>
 *   <li>{@code pops}: a backlog of text requests spread over {@value Crowd#MODELS} models and 100 requesters,
 *       popped by 200 workers of trusted owners, {@value #POP_CONCURRENCY} at once, each pop followed by its
 *       submit, after 3,000 warm-up pops (the JIT) and once the machine is quiet again after the fill; the
 *       backlog goes from 3,500 to 2,500 while measured.</li>
 *   <li>{@code held}: a pop held open, answered after the request's 202.</li>
 *   <li>{@code ledger}: settlements through the running horde's ledger service beside the raw exactly-once
 *       fold run in this JVM ({@link LedgerBenchmark#besideRunningLedger}).</li>
 *   <li>{@code intake}: text requests accepted per second beside heartbeat GETs per second, both by wrk with
 *       {@value #CONNECTIONS} connections for {@value #WRK_SECONDS} s; then every 202 must be in the
 *       scheduler's queue (its {@code horde_scheduler_waiting_requests} gauge). Beside them each process's CPU
 *       milliseconds per GET and per accepted request, the latter until every 202 is queued (the ledger's tax and
 *       the projections' fold run on after the load; so does the horde's idle work, a few percent).</li>
 *   <li>{@code 100k}: the backlog grown to 100,000 waiting requests; each process's heap after a full GC and RSS;
 *       pops at that size; then a SIGTERM of the launcher and a start on the same data, timed until a pop gets
 *       a job from the restored queue.</li>
 * </ul>
 *
 * <p>Known gaps: the clients (this JVM, wrk) share the horde's 2 cores, so every figure includes their cost;
 * on a shared machine the figures are noisy (compare with the same run's raw baseline); a phase that fails is
 * reported and the next runs on.
 */
public final class HordeBenchmark {
  private static final int BUDGET_MINUTES = 10;
  private static final List<String> PHASES = List.of("pops", "held", "ledger", "intake", "100k");
  private static final int POP_CONCURRENCY = 8;
  /** Below this share of the machine's CPU the horde counts as settled after filling its queue. */
  private static final double SETTLED_CPU = 0.25;
  private static final int CONNECTIONS = 32;
  private static final int WRK_SECONDS = 15;
  private static final int WORKERS = 200;
  private static final int OWNERS = 20;
  private static final int POP_REQUESTERS = 100;
  /** Enough requesters, at 500 waiting jobs each, for 100,000 waiting requests and the intake phase's. */
  private static final int ALL_REQUESTERS = 300;
  private static final int BIG_BACKLOG = 100_000;
  private static final Pattern BROKER_READY = Pattern.compile("Kafka broker ready in (\\d+) ms");
  private static final Pattern LOG_TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) .*Kafka at ");
  private static final Pattern SERVICE_READY =
      Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) .*HordeLauncher - (\\w+) ready$");
  private static final Pattern VIEWS_READ = Pattern.compile("views read the topics in (\\d+) ms");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Set<String> phases;
  private final long began = System.nanoTime();
  private final List<String> figures = new ArrayList<>();
  private final List<String> targets = new ArrayList<>();
  private final Path data;
  private volatile HordeProcess horde;
  private Crowd crowd;
  private Latencies roundTrip;
  private Latencies backlogPops;

  private HordeBenchmark(Set<String> phases, Path data) {
    this.phases = phases;
    this.data = data;
  }

  public static void main(String[] args) throws Exception {
    Set<String> phases = new LinkedHashSet<>(args.length == 0 ? PHASES : List.of(args));
    if (!PHASES.containsAll(phases)) {
      System.err.println("usage: bench/horde [" + String.join("|", PHASES) + "]...   (default: all of them)");
      System.exit(2);
    }
    // HORDE_BENCH_KEEP_DATA=1 keeps the data directory (e.g. 100,000 waiting requests to restart on by hand).
    boolean keep = System.getenv("HORDE_BENCH_KEEP_DATA") != null;
    Path data = Files.createTempDirectory("horde-bench");
    HordeBenchmark bench = new HordeBenchmark(phases, data);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::stopHorde, "stop-horde"));
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(Duration.ofMinutes(BUDGET_MINUTES).toMillis());
        System.out.println("over the " + BUDGET_MINUTES + "-minute budget: stopping");
        System.exit(3);
      } catch (InterruptedException done) {
        // finished in time
      }
    }, "budget");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      bench.run();
    } finally {
      bench.stopHorde();
      if (keep) {
        System.out.println("data directory kept: " + data);
      } else {
        deleteQuietly(data);
      }
    }
    System.exit(0);
  }

  private void run() {
    System.out.printf("bench/horde %s: phases start raw %s; %d cores; pops %d at once; wrk %d connections%n",
        LocalDate.now(), String.join(" ", phases), Runtime.getRuntime().availableProcessors(), POP_CONCURRENCY,
        CONNECTIONS);
    if (!phase("start", this::start)) {
      return;
    }
    phase("raw", () -> {
      roundTrip = RawKafka.roundTrips(horde.bootstrapServers(), 200);
      System.out.println("raw Kafka produce -> read_committed consume   " + roundTrip);
      figures.add(row("raw Kafka produce → read_committed round trip", roundTrip.toString(), "(the baseline)"));
    });
    if (phases.contains("pops") || phases.contains("held") || phases.contains("intake") || phases.contains("100k")) {
      phase("users", () -> {
        int requesters = phases.contains("intake") || phases.contains("100k") ? ALL_REQUESTERS : POP_REQUESTERS;
        crowd = Crowd.create(horde, requesters, OWNERS, WORKERS);
        System.out.printf("%d requesters (concurrency %d), %d trusted owners, %d workers with %d of %d models each%n",
            requesters, Crowd.CONCURRENCY, OWNERS, WORKERS, Crowd.MODELS_PER_WORKER, Crowd.MODELS);
      });
    }
    if (phases.contains("pops")) {
      phase("pops", this::backlogPops);
    }
    if (phases.contains("held")) {
      phase("held", this::heldPops);
    }
    if (phases.contains("ledger")) {
      phase("ledger", this::ledger);
    }
    if (phases.contains("intake")) {
      phase("intake", this::intake);
    }
    if (phases.contains("100k")) {
      phase("100k", this::bigBacklog);
    }
    System.out.printf("%n== figures (bench/horde, %s, total %.0f s)%n", LocalDate.now(), seconds(began));
    System.out.println("| path | here | raw Kafka in the same run |");
    System.out.println("|---|---|---|");
    figures.forEach(System.out::println);
    System.out.printf("%n== issue 13 acceptance%n");
    System.out.println("| target | figure | wanted | result |");
    System.out.println("|---|---|---|---|");
    targets.forEach(System.out::println);
  }

  private void start() throws Exception {
    // The first start of a build records the services' class data archives as they stop (ClassDataSharing in
    // infra); every later start maps them, so that is the start measured.
    long first = System.nanoTime();
    Path firstData = Files.createTempDirectory("horde-bench-first");
    try {
      new HordeProcess(firstData, Map.of()).start().close();
    } finally {
      deleteQuietly(firstData);
    }
    System.out.printf("a first start and stop (records the class data archives if this build has none) %.1f s%n",
        seconds(first));
    LocalTime launched = LocalTime.now();
    long start = System.nanoTime();
    horde = new HordeProcess(data, Map.of()).start();
    double up = seconds(start);
    List<String> output = horde.output();
    String brokerReady = output.stream().map(BROKER_READY::matcher).filter(Matcher::find).map(m -> m.group(1) + " ms")
        .findFirst().orElse("?");
    Optional<Double> kafkaAt = output.stream().map(LOG_TIME::matcher).filter(Matcher::find)
        .map(m -> Duration.between(launched, LocalTime.parse(m.group(1))).toMillis() / 1e3).findFirst();
    String broker = String.format("broker ready in %s, 'Kafka at' logged %s after the launch", brokerReady,
        kafkaAt.map(s -> String.format("%.1f s", s)).orElse("?"));
    System.out.printf("fresh data directory: launch to 'AI Horde is up' (every service ready) %.1f s; %s%n", up,
        broker);
    printReadiness(launched);
    figures.add(row("start to serving (built, fresh data)", String.format("%.1f s", up), broker));
    target("5. start to serving (built)", String.format("%.1f s", up), "≤ 12 s", up <= 12);
  }

  private void backlogPops() throws Exception {
    // A horde a minute old still compiles its hot paths, on the cores the pops need: 200 warm-up pops gave p50 90,
    // p99 210 ms; 3,000 gave p50 39, p99 91 ms (same machine, same hour). The steady state is what is measured.
    int warmUp = 3_000;
    int measured = 1_000;
    // From 3,500 waiting to 2,500 while measured: around 3,000 on average.
    int backlog = 3_500 + warmUp;
    fill(backlog, POP_REQUESTERS);
    backlogPops = crowd.pops(warmUp, measured, POP_CONCURRENCY);
    System.out.printf("pop with a job, backlog 3,500 -> 2,500, %d at once   %s%n", POP_CONCURRENCY, backlogPops);
    figures.add(row("pop with a 3,000-request backlog (" + POP_CONCURRENCY + " at once)", backlogPops.toString(),
        rawP50()));
    target("1. pop with a 3,000 backlog: p99", ms(backlogPops.p99()), "≤ 15 ms", backlogPops.p99() <= 15);
  }

  private void heldPops() throws Exception {
    Latencies held = crowd.heldPops(100);
    System.out.println("held pop answered after the 202   " + held);
    double ratio = held.p50() / roundTrip.p50();
    System.out.printf("ratio to the raw round trip's p50: %.1f%n", ratio);
    figures.add(row("held pop answered after the request's 202", held + String.format(" (%.1f× raw p50)", ratio),
        rawP50()));
    target("1. held pop after the 202: p50", String.format("%s (%.1f× raw %s)", ms(held.p50()), ratio,
        ms(roundTrip.p50())), "≤ 2× raw round trip p50", ratio <= 2);
    target("1. held pop after the 202: p99", ms(held.p99()), "≤ 15 ms", held.p99() <= 15);
  }

  private void ledger() throws Exception {
    Path state = Files.createTempDirectory("horde-bench-raw-fold");
    try {
      LedgerBenchmark.Comparison ledger = LedgerBenchmark.besideRunningLedger(horde.bootstrapServers(), state,
          1_000_000_000L, 20_000, 1_000, Duration.ofMinutes(3));
      double ratio = ledger.ledgerPerSecond() / ledger.rawPerSecond();
      System.out.printf("%d settlements (median of 3): ledger %.0f/s, raw exactly-once fold %.0f/s, ratio %.2f%n",
          ledger.settlements(), ledger.ledgerPerSecond(), ledger.rawPerSecond(), ratio);
      figures.add(row("kudos settlements per second, running horde's ledger",
          String.format("%.0f/s (%.2f of raw)", ledger.ledgerPerSecond(), ratio),
          String.format("raw exactly-once fold %.0f/s (%d records)", ledger.rawPerSecond(), ledger.settlements())));
      target("3. ledger settlements per second", String.format("%.0f/s", ledger.ledgerPerSecond()), "≥ 20,000/s",
          ledger.ledgerPerSecond() >= 20_000);
      target("3. ledger / raw exactly-once fold", String.format("%.2f (raw %.0f/s)", ratio, ledger.rawPerSecond()),
          "≥ 0.5", ratio >= 0.5);
    } finally {
      deleteQuietly(state);
    }
  }

  private void intake() throws Exception {
    if (!Wrk.installed()) {
      System.out.println("wrk is not installed (Debian: apt-get install -y wrk): intake not measured");
      target("2. accepted text requests / heartbeat GETs", "not measured (no wrk)", "≥ 50 %", null);
      return;
    }
    Map<String, Double> cpuBefore = HordeJvms.cpuSeconds(data);
    Wrk.Run heartbeat = Wrk.get(horde.baseUrl() + "/status/heartbeat", CONNECTIONS, WRK_SECONDS);
    Map<String, Double> cpuHeartbeat = HordeJvms.cpuSeconds(data);
    System.out.printf("heartbeat GET: %.0f/s (mean latency %s)%n", heartbeat.perSecond(), heartbeat.meanLatency());
    String heartbeatCpu = cpuPerRequest(cpuBefore, cpuHeartbeat, heartbeat.perSecond() * WRK_SECONDS);
    System.out.println("  CPU per GET: " + heartbeatCpu);
    long before = schedulerWaiting();
    Wrk.Run intake = Wrk.textAsync(horde.baseUrl() + "/generate/text/async", CONNECTIONS, WRK_SECONDS,
        crowd.requesters, Crowd.MODELS);
    long ended = System.nanoTime();
    double acceptedPerSecond = intake.accepted() / (double) WRK_SECONDS;
    System.out.printf("text async: %d accepted (202), %d refused, %.0f accepted/s (mean latency %s)%n",
        intake.accepted(), intake.refused(), acceptedPerSecond, intake.meanLatency());
    if (intake.refused() > 0) {
      System.out.print(intake.output());
    }
    long expected = before + intake.accepted();
    long waiting = awaitWaiting(expected, Duration.ofSeconds(90));
    // More may wait than wrk counted: requests in flight when wrk stopped were accepted but not counted.
    boolean allQueued = waiting >= expected;
    String check = String.format("scheduler waiting %d, %d before + %d accepted: %s (%.1f s after the load ended)",
        waiting, before, intake.accepted(), allQueued ? "every 202 is queued (" + (waiting - expected)
            + " more: answered after wrk stopped counting)" : "MISSING " + (expected - waiting), seconds(ended));
    System.out.println(check);
    // Until every 202 is queued: what the scheduler, the ledger and the projections do after the load counts too.
    String intakeCpu = cpuPerRequest(cpuHeartbeat, HordeJvms.cpuSeconds(data), intake.accepted());
    System.out.println("  CPU per accepted request, the load and its processing: " + intakeCpu);
    figures.add(row("CPU per accepted text request (its processing included) / per heartbeat GET", intakeCpu,
        heartbeatCpu));
    System.out.println("ingress's queued_text_requests: "
        + horde.get("/status/performance").json().get("queued_text_requests").asLong());
    double ratio = acceptedPerSecond / heartbeat.perSecond();
    figures.add(row("text async accepted per second, " + CONNECTIONS + " connections (wrk)",
        String.format("%.0f/s, mean latency %s; %s", acceptedPerSecond, intake.meanLatency(),
            allQueued ? "all queued" : "NOT all queued"),
        String.format("heartbeat GET %.0f/s", heartbeat.perSecond())));
    target("2. accepted text requests / heartbeat GETs", String.format("%.0f / %.0f = %.0f %%, %s", acceptedPerSecond,
        heartbeat.perSecond(), ratio * 100, allQueued ? "all 202s queued" : "202s MISSING from the queue"), "≥ 50 %",
        ratio >= 0.5 && allQueued);
  }

  /** Each process's CPU milliseconds per request between two readings, and their total. */
  private static String cpuPerRequest(Map<String, Double> before, Map<String, Double> after, double requests) {
    StringBuilder each = new StringBuilder();
    double total = 0;
    for (Map.Entry<String, Double> used : after.entrySet()) {
      double ms = (used.getValue() - before.getOrDefault(used.getKey(), 0.0)) * 1000 / Math.max(1, requests);
      total += ms;
      each.append(String.format("%s %.3f, ", used.getKey(), ms));
    }
    return String.format("%stotal %.3f ms", each, total);
  }

  private void bigBacklog() throws Exception {
    long waiting = schedulerWaiting();
    if (waiting < BIG_BACKLOG) {
      long start = System.nanoTime();
      int missing = (int) (BIG_BACKLOG - waiting);
      fill(missing, crowd.requesters.size());
      System.out.printf("grew the backlog by %d in %.0f s%n", missing, seconds(start));
    }
    System.out.printf("%d waiting requests%n", schedulerWaiting());
    double schedulerAndIngress = 0;
    for (HordeJvms.Memory memory : HordeJvms.measure()) {
      System.out.printf("  %-16s pid %-7d heap after full GC %8s   RSS %6.0f MB%n", memory.name(), memory.pid(),
          memory.heapAfterGcMb().map(mb -> String.format("%.0f MB", mb)).orElse("-"), memory.rssMb());
      if (memory.name().equals("scheduler") || memory.name().equals("ingress")) {
        schedulerAndIngress += memory.heapAfterGcMb().orElse(0.0);
      }
    }
    System.out.printf("scheduler + ingress heap after GC: %.0f MB%n", schedulerAndIngress);
    figures.add(row("100,000 waiting: scheduler + ingress heap after GC", String.format("%.0f MB", schedulerAndIngress),
        "-"));
    target("4. 100,000 waiting: scheduler + ingress heap after GC", String.format("%.0f MB", schedulerAndIngress),
        "≤ 512 MB", schedulerAndIngress <= 512);

    Latencies pops = crowd.pops(100, 1_000, POP_CONCURRENCY);
    System.out.printf("pop with a job, 100,000 waiting, %d at once   %s%n", POP_CONCURRENCY, pops);
    figures.add(row("pop with 100,000 waiting (" + POP_CONCURRENCY + " at once)", pops.toString(), rawP50()));
    target("4. pop p99 at 100,000 waiting", ms(pops.p99()), backlogPops == null ? "≤ 2× the 3,000 backlog's p99"
            : "≤ 2× " + ms(backlogPops.p99()), backlogPops == null ? null : pops.p99() <= 2 * backlogPops.p99());

    long stopping = System.nanoTime();
    horde.close();
    System.out.printf("SIGTERM to the launcher: stopped in %.1f s%n", seconds(stopping));
    LocalTime launched = LocalTime.now();
    long start = System.nanoTime();
    horde = horde.again().start();
    double up = seconds(start);
    printReadiness(launched);
    crowd = crowd.on(horde);
    crowd.popUntilJob(System.nanoTime() + Duration.ofMinutes(2).toNanos());
    double serving = seconds(start);
    System.out.printf("restart on 100,000 waiting: 'AI Horde is up' after %.1f s, a pop got a job after %.1f s%n",
        up, serving);
    figures.add(row("restart on 100,000 waiting to serving (a pop gets a job)", String.format("%.1f s (up %.1f s)",
        serving, up), "-"));
    target("4. restart on 100,000 waiting to serving", String.format("%.1f s", serving), "≤ 30 s", serving <= 30);
  }

  /**
   * When each service of the horde was ready, as the launcher logged it, in seconds after {@code launched}, and how
   * long ingress took to read its views.
   */
  private void printReadiness(LocalTime launched) {
    List<String> ready = new ArrayList<>();
    for (String line : horde.output()) {
      Matcher service = SERVICE_READY.matcher(line);
      if (service.find()) {
        ready.add(String.format("%s %.1f s", service.group(2),
            Duration.between(launched, LocalTime.parse(service.group(1))).toMillis() / 1e3));
      }
    }
    horde.output().stream().map(VIEWS_READ::matcher).filter(Matcher::find).findFirst()
        .ifPresent(views -> ready.add("(ingress's views read the topics in " + views.group(1) + " ms)"));
    System.out.println("  ready: " + String.join(", ", ready));
  }

  /** Posts {@code count} text requests over the first {@code requesters}; then waits until the scheduler has them. */
  private void fill(int count, int requesters) throws Exception {
    long before = schedulerWaiting();
    long start = System.nanoTime();
    int accepted = crowd.fill(count, requesters, CONNECTIONS);
    double posted = seconds(start);
    long waiting = awaitWaiting(before + accepted, Duration.ofSeconds(90));
    System.out.printf("queued %d text requests in %.1f s (%.0f/s, %d clients); the scheduler had them %.1f s later "
        + "(%d waiting)%n", accepted, posted, accepted / posted, CONNECTIONS, seconds(start) - posted, waiting);
    settle();
  }

  /**
   * Waits (at most a minute) until the machine's CPU is mostly idle for a second: the work each queued request
   * sets off (its activation tax in the ledger, its status in PostgreSQL) runs on after the queue has it, and
   * pops measured meanwhile would measure that catch-up.
   */
  private static void settle() throws Exception {
    long start = System.nanoTime();
    double busy = 1;
    while (busy > SETTLED_CPU && seconds(start) < 60) {
      long[] before = cpuTicks();
      Thread.sleep(1_000);
      long[] after = cpuTicks();
      busy = 1 - (double) (after[1] - before[1]) / Math.max(1, after[0] - before[0]);
    }
    System.out.printf("the horde settled (machine CPU %.0f %% over a second) %.1f s later%n", busy * 100,
        seconds(start));
  }

  /** The machine's CPU ticks since boot: all, and idle (idle + iowait), from /proc/stat. */
  private static long[] cpuTicks() throws Exception {
    String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long all = 0;
    for (int i = 1; i < fields.length; i++) {
      all += Long.parseLong(fields[i]);
    }
    return new long[] {all, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
  }

  /** Polls the scheduler's waiting count until it reaches {@code expected} or the time is up; answers the last count. */
  private long awaitWaiting(long expected, Duration atMost) throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    long waiting = schedulerWaiting();
    while (waiting < expected && System.nanoTime() < deadline) {
      Thread.sleep(200);
      waiting = schedulerWaiting();
    }
    return waiting;
  }

  /** Requests waiting in the scheduler: its {@code horde_scheduler_waiting_requests} gauge, summed over models. */
  private long schedulerWaiting() throws Exception {
    HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://localhost:" + horde.metricsPorts.get("scheduler")
        + "/metrics")).timeout(Duration.ofSeconds(10)).build();
    String metrics = HTTP.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
    return Math.round(metrics.lines().filter(line -> line.startsWith("horde_scheduler_waiting_requests{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
  }

  /** Runs a phase unless the budget is spent; prints what failed and goes on. Answers whether it succeeded. */
  private boolean phase(String name, Step step) {
    if (seconds(began) > BUDGET_MINUTES * 60 - 30) {
      System.out.printf("%n== %s: skipped, the %d-minute budget is spent%n", name, BUDGET_MINUTES);
      return false;
    }
    System.out.printf("%n== %s (at %.0f s)%n", name, seconds(began));
    long start = System.nanoTime();
    try {
      step.run();
      System.out.printf("-- %s took %.1f s%n", name, seconds(start));
      return true;
    } catch (Exception | AssertionError e) {
      System.out.printf("-- %s FAILED after %.1f s: %s%n", name, seconds(start), e);
      e.printStackTrace(System.out);
      return false;
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void target(String what, String figure, String wanted, Boolean pass) {
    targets.add(String.format("| %s | %s | %s | %s |", what, figure, wanted,
        pass == null ? "not measured" : pass ? "PASS" : "FAIL"));
  }

  private static String row(String path, String here, String raw) {
    return String.format("| %s | %s | %s |", path, here, raw);
  }

  private String rawP50() {
    return roundTrip == null ? "-" : "round trip p50 " + ms(roundTrip.p50());
  }

  private static String ms(double ms) {
    return String.format("%.1f ms", ms);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private void stopHorde() {
    HordeProcess running = horde;
    if (running != null) {
      try {
        running.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void deleteQuietly(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
