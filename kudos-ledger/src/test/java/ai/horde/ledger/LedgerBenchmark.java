package ai.horde.ledger;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosPosting;
import ai.horde.events.KudosTransaction;
import ai.horde.infra.EmbeddedKafkaBroker;
import ai.horde.infra.TopicBootstrap;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topics;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.LoggerFactory;

/**
 * How many settlements and transfers per second the kudos ledger applies on this machine, beside a raw Kafka
 * Streams exactly-once fold ({@link LedgerBenchmarkRawFold}) of the same number of records, measured in the
 * same run on the same embedded broker. Run with {@code bench/ledger [settlements] [transfers] [users]
 * [stream threads]}; it is not a test (surefire runs {@code *Test} classes only).
 *
 * <p>Both applications run all the time, configured as production configures the ledger ({@link
 * LedgerService#streamsConfig}: exactly_once_v2, 50 ms commit interval, one stream thread unless asked for more)
 * against the registry's topics (3 ledger partitions; the raw fold's topics have 3 too). One ledger
 * application id is used through every phase, so its stores carry the accounts opened at the start. A
 * phase's input is produced in one Kafka transaction, invisible to the read_committed applications until it
 * commits: the clock starts when the commit returns, and stops when a read_committed consumer has seen the
 * last expected output. For the ledger that is the journal posting of the last leg of every command (a
 * settlement's owner credit, a transfer's destination credit, applied by a second task through
 * {@code system:transit}, or by the first when it owns that account too); for the raw fold, one output per
 * input. After each ledger phase the phase's postings, and its transit postings, must sum to zero.
 *
 * <p>Phases, each measured {@value #ROUNDS} times (the median is reported) after an unreported warm-up of
 * half of each: settlements between random users, transfers from one half of the users to the other (so
 * that the 60 s reverse-transfer rule refuses none), and settlements all paid by the anonymous user
 * {@code user:0}, the hot key. The raw fold's records are keyed like the ledger commands (by
 * payer), so its hot phase lands on one partition too.
 *
 * <p>Known gaps: everything (broker, both applications, the producer and the consumers that watch) shares this
 * JVM and its cores, as in a one-machine horde; the applications are idle while the other is measured. With
 * one instance and one stream thread all three ledger tasks run on the same thread, so a hot key cannot take
 * more than its share here; with more threads (the fourth argument, standing in for more instances) the hot
 * task has one thread while the others share the rest. Times have the consumer's poll granularity (tens of
 * milliseconds).
 */
public final class LedgerBenchmark {
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);
  /** Each phase is measured this many times and the median reported: one run of the raw fold is short and noisy. */
  private static final int ROUNDS = 3;
  private static final Instant OPENED_AT = Instant.now();
  /** Users start rich enough that no settlement or transfer is refused or floored. */
  private static final long USER_TARGET_CENTI = 1_000_000_000_00L;

  private final HordeEnv env;
  private final Random random = new Random(42);
  private final KafkaProducer<byte[], byte[]> producer;
  /** Throws once the ledger failed (or, for a ledger running elsewhere, once it is too late). */
  private final Runnable ledger;
  /** CPU time of the ledger's own threads so far; 0 for a ledger running in another JVM. */
  private final LongSupplier ledgerCpuNanos;
  private final App raw;
  /** The benchmark's users are {@code user:firstUserId} and the next ones. */
  private final long firstUserId;

  private LedgerBenchmark(HordeEnv env, KafkaProducer<byte[], byte[]> producer, Runnable ledger,
      LongSupplier ledgerCpuNanos, App raw, long firstUserId) {
    this.env = env;
    this.producer = producer;
    this.ledger = ledger;
    this.ledgerCpuNanos = ledgerCpuNanos;
    this.raw = raw;
    this.firstUserId = firstUserId;
  }

  public static void main(String[] args) throws Exception {
    int settlements = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int transfers = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int users = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    // Production runs one; more show what a hot key costs when the other tasks have threads of their own.
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    if (users < 4) {
      throw new IllegalArgumentException("at least 4 users");
    }
    quietKafkaLogs();
    Path data = Files.createTempDirectory("horde-ledger-bench");
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(data.resolve("kafka"), 0, 0)) {
      TopicBootstrap.createAll(broker.bootstrapServers(), (short) 1);
      createRawFoldTopics(broker.bootstrapServers());
      HordeEnv env = HordeEnv.of(Map.of(HordeEnv.BOOTSTRAP, broker.bootstrapServers(),
          HordeEnv.DATA_DIR, data.toString()));
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(env));
          App ledger = new App("ledger", LedgerTopology.build(new LedgerMetrics(new SimpleMeterRegistry()), null,
              Topics.KUDOS_COMMANDS.spec().partitions()),
              streamsConfig(env, LedgerTopology.APPLICATION_ID, threads));
          App raw = new App("raw fold", LedgerBenchmarkRawFold.build(),
              streamsConfig(env, LedgerBenchmarkRawFold.APPLICATION_ID, threads))) {
        producer.initTransactions();
        ledger.awaitRunning();
        raw.awaitRunning();
        new LedgerBenchmark(env, producer, ledger::check, ledger::cpuNanos, raw, 1).run(settlements, transfers, users, threads);
      }
    } finally {
      deleteQuietly(data);
    }
  }

  /** Settlements per second through a ledger and through the raw fold, measured alike (median of the rounds). */
  public record Comparison(int settlements, double ledgerPerSecond, double rawPerSecond) {}

  /**
   * Settlements through a ledger that runs elsewhere (the whole horde's ledger service, for {@code bench/horde})
   * beside the raw fold run in this JVM on that ledger's broker: the median of {@value #ROUNDS} rounds of
   * {@code settlements} settlements between {@code users} accounts of the benchmark's own ({@code user:firstUserId}
   * on, opened here through the ledger's command topic; pick ids no real user has), after an unreported warm-up
   * of half a round. Done means what it means in {@link #main}; every phase's postings must sum to zero.
   *
   * @param stateDir where the raw fold keeps its stores
   * @param timeout for the whole comparison, as the ledger's failures cannot be seen from here
   */
  public static Comparison besideRunningLedger(String bootstrapServers, Path stateDir, long firstUserId,
      int settlements, int users, Duration timeout) throws Exception {
    quietKafkaLogs();
    createRawFoldTopics(bootstrapServers);
    HordeEnv env = HordeEnv.of(Map.of(HordeEnv.BOOTSTRAP, bootstrapServers, HordeEnv.DATA_DIR, stateDir.toString()));
    long deadline = System.nanoTime() + timeout.toNanos();
    Runnable inTime = () -> {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the ledger comparison did not finish within " + timeout);
      }
    };
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(env));
        App raw = new App("raw fold", LedgerBenchmarkRawFold.build(),
            streamsConfig(env, LedgerBenchmarkRawFold.APPLICATION_ID, 1))) {
      producer.initTransactions();
      raw.awaitRunning();
      LedgerBenchmark bench = new LedgerBenchmark(env, producer, inTime, () -> 0, raw, firstUserId);
      bench.openAccounts(users, false);
      Workload warmUp = bench.settlements("warm-settle", settlements / 2, i -> bench.randomUser(users), users);
      bench.ledger(warmUp);
      bench.raw(warmUp);
      List<Run> ledgerRuns = new ArrayList<>();
      List<Run> rawRuns = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        Workload workload = bench.settlements("settle-" + round, settlements, i -> bench.randomUser(users), users);
        ledgerRuns.add(bench.ledger(workload));
        rawRuns.add(bench.raw(workload));
      }
      return new Comparison(settlements, median(ledgerRuns).perSecond(), median(rawRuns).perSecond());
    }
  }

  /** The raw fold's own topics, partitioned as the ledger's. */
  private static void createRawFoldTopics(String bootstrapServers) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(LedgerBenchmarkRawFold.INPUT, Topics.LEDGER_PARTITIONS, (short) 1),
          new NewTopic(LedgerBenchmarkRawFold.OUTPUT, Topics.LEDGER_PARTITIONS, (short) 1))).all().get();
    }
  }

  private void run(int settlements, int transfers, int users, int threads) {
    System.out.printf("ledger benchmark: %d users, %d settlements, %d transfers, %d hot anonymous settlements, "
        + "median of %d rounds; exactly_once_v2, commit interval %d ms, %d stream thread(s) per application, "
        + "%d cores%n", users, settlements, transfers, settlements, ROUNDS, LedgerService.COMMIT_INTERVAL_MS, threads,
        Runtime.getRuntime().availableProcessors());
    openAccounts(users, true);
    // Half of every phase, unreported: with a short warm-up the first phase measured is half as fast (JIT).
    for (Workload warmUp : List.of(settlements("warm-settle", settlements / 2, i -> randomUser(users), users),
        transfers("warm-move", transfers / 2, users),
        settlements("warm-anon", settlements / 2, i -> Accounts.user(Accounts.ANONYMOUS_ID), users))) {
      ledger(warmUp);
      raw(warmUp);
    }

    // The latency in every time below: a commit and the polls around it, twice for the ledger (its second
    // step reads what the first committed).
    List<Run> oneLedger = new ArrayList<>();
    List<Run> oneRaw = new ArrayList<>();
    for (int round = 1; round <= 5; round++) {
      Workload one = settlements("one-" + round, 1, i -> randomUser(users), users);
      oneLedger.add(ledger(one));
      oneRaw.add(raw(one));
    }

    List<String> phases = List.of("settlements", "transfers", "hot anonymous settlements");
    List<List<Run>> ledgerRuns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<Run>> rawRuns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int round = 1; round <= ROUNDS; round++) {
      List<Workload> workloads = List.of(settlements("settle-" + round, settlements, i -> randomUser(users), users),
          transfers("move-" + round, transfers, users),
          settlements("anon-" + round, settlements, i -> Accounts.user(Accounts.ANONYMOUS_ID), users));
      for (int phase = 0; phase < phases.size(); phase++) {
        Run ledgerRun = ledger(workloads.get(phase));
        Run rawRun = raw(workloads.get(phase));
        ledgerRuns.get(phase).add(ledgerRun);
        rawRuns.get(phase).add(rawRun);
        System.out.printf("round %d  %-26s ledger %6.2f s %7.0f/s   raw %5.2f s %7.0f/s%n", round,
            phases.get(phase), ledgerRun.seconds, ledgerRun.perSecond(), rawRun.seconds, rawRun.perSecond());
      }
    }

    System.out.println();
    System.out.printf("%-26s %8s %9s %9s %9s %9s | %8s %9s %9s | %10s %10s%n", "median", "records", "postings",
        "ledger s", "ledger/s", "cpu µs", "raw s", "raw/s", "cpu µs", "ledger/raw", "cpu ratio");
    for (int phase = 0; phase < phases.size(); phase++) {
      System.out.println(line(phases.get(phase), median(ledgerRuns.get(phase)), median(rawRuns.get(phase))));
    }
    Run spread = median(ledgerRuns.get(0));
    Run hot = median(ledgerRuns.get(2));
    System.out.printf("%nanonymous hot key: %.0f settlements/s against %.0f spread over %d payers (%.2fx); "
        + "%.0f against %.0f postings/s (below its floor, each anonymous debit adds a floor adjustment)%n",
        hot.perSecond(), spread.perSecond(), users, hot.perSecond() / spread.perSecond(),
        hot.postings / hot.seconds, spread.postings / spread.seconds);
    System.out.printf("one settlement alone takes %.0f ms through the ledger and %.0f ms through the raw fold "
        + "(median of 5); every time above includes that once%n", median(oneLedger).seconds * 1e3,
        median(oneRaw).seconds * 1e3);
    System.out.println("(each settlement and transfer is two ledger steps in two tasks, the payer's, then the "
        + "payee's through system:transit, or one step when the payer's task owns the payee too (a third of them); "
        + "the raw fold is one step per record; ledger/raw is the ratio of records per second; cpu µs is the CPU "
        + "time of the application's own threads per record, and cpu ratio raw's over the ledger's: on a busy "
        + "machine it is steadier than the rates)");
  }

  private static Run median(List<Run> runs) {
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(Run::seconds));
    return sorted.get(sorted.size() / 2);
  }

  /** N users with a large balance, and (if asked) the anonymous user with its floor and nothing else. */
  private void openAccounts(int users, boolean anonymous) {
    List<KudosCommand> opens = new ArrayList<>();
    for (long id = firstUserId; id < firstUserId + users; id++) {
      opens.add(KudosCommands.open(Accounts.user(id), "bench-" + id, 25_00, USER_TARGET_CENTI, OPENED_AT));
    }
    if (anonymous) {
      opens.add(KudosCommands.open(Accounts.user(Accounts.ANONYMOUS_ID), "bench-anonymous", -50_00, null,
          OPENED_AT));
    }
    Set<String> waiting = new HashSet<>();
    opens.forEach(open -> waiting.add(open.getAccount()));
    try (Tail balances = new Tail(env, Topics.KUDOS_BALANCES.name())) {
      long start = produce(opens.stream().map(c -> Topics.KUDOS_COMMANDS.record(c.getAccount(), c)).toList());
      long end = balances.until(r -> waiting.remove(Topics.KUDOS_BALANCES.key(r)), waiting::isEmpty, ledger);
      System.out.printf("opened %d accounts in %.2f s%n", opens.size(), (end - start) / 1e9);
    }
  }

  /**
   * Generation settlements as the scheduler sends them: the payer −(k+1), the horde tax +1 to
   * {@code system:burn}, the worker's owner +k.
   */
  private Workload settlements(String name, int count, IntFunction<String> payer, int users) {
    Workload workload = new Workload(name);
    for (int i = 0; i < count; i++) {
      String requester = payer.apply(i);
      String owner = randomUser(users);
      while (owner.equals(requester)) {
        owner = randomUser(users);
      }
      long k = 100 + random.nextInt(900);
      String id = "generation:" + name + "-" + i;
      KudosTransaction settlement = KudosTransaction.newBuilder().setTransactionId(id).setKind(KudosKind.GENERATION)
          .setLegs(List.of(new KudosLeg(requester, -(k + 1)), new KudosLeg(Accounts.BURN, 1L), new KudosLeg(owner, k)))
          .setOccurredAt(OPENED_AT).build();
      // The owner's leg (index 2) is applied last, by the owner's task.
      workload.add(KudosCommands.transaction(settlement, Instant.now()), id + "#2", k + 1);
    }
    return workload;
  }

  /** Transfers from the first half of the users to the second: nobody sends back within the minute. */
  private Workload transfers(String name, int count, int users) {
    Workload workload = new Workload(name);
    int half = users / 2;
    for (int i = 0; i < count; i++) {
      String source = Accounts.user(firstUserId + random.nextInt(half));
      String destination = Accounts.user(firstUserId + half + random.nextInt(users - half));
      String id = "transfer:" + source + ":" + new UUID(random.nextLong(), random.nextLong());
      long amount = 1 + random.nextInt(1_000);
      // The destination's credit (#1) is applied last, by the destination's task.
      workload.add(KudosCommands.transfer(source, id, destination, amount, Instant.now()), id + "#1", amount);
    }
    return workload;
  }

  private String randomUser(int users) {
    return Accounts.user(firstUserId + random.nextInt(users));
  }

  /** Runs the workload through the ledger: until every command's last posting is in the journal. */
  private Run ledger(Workload workload) {
    try (Tail journal = new Tail(env, Topics.KUDOS_POSTINGS.name())) {
      Set<String> waiting = new HashSet<>(workload.lastPostings);
      long[] postings = new long[1];
      long[] sums = new long[2]; // all postings, transit postings
      Consumer<ConsumerRecord<byte[], byte[]>> seen = record -> {
        KudosPosting posting = Topics.KUDOS_POSTINGS.value(record);
        waiting.remove(posting.getPostingId());
        postings[0]++;
        sums[0] += posting.getAmountCenti();
        if (posting.getAccount().startsWith(Accounts.TRANSIT + "@")) {
          sums[1] += posting.getAmountCenti();
        }
      };
      long cpu = ledgerCpuNanos.getAsLong();
      long start = produce(workload.commands.stream()
          .map(c -> Topics.KUDOS_COMMANDS.record(c.getAccount(), c)).toList());
      long end = journal.until(seen, waiting::isEmpty, ledger);
      cpu = ledgerCpuNanos.getAsLong() - cpu;
      journal.drain(seen);
      if (sums[0] != 0 || sums[1] != 0) {
        throw new IllegalStateException(workload.name + ": the phase's postings sum to " + sums[0]
            + " centi and its transit postings to " + sums[1] + ", not 0");
      }
      return new Run(workload.size(), postings[0], (end - start) / 1e9, cpu / 1e9);
    }
  }

  /** Runs one record per command through the raw fold: until it has written as many sums. */
  private Run raw(Workload workload) {
    StringSerializer keys = new StringSerializer();
    LongSerializer amounts = new LongSerializer();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < workload.size(); i++) {
      String key = workload.commands.get(i).getAccount();
      records.add(new ProducerRecord<>(LedgerBenchmarkRawFold.INPUT, keys.serialize(LedgerBenchmarkRawFold.INPUT, key),
          amounts.serialize(LedgerBenchmarkRawFold.INPUT, workload.amounts.get(i))));
    }
    try (Tail sums = new Tail(env, LedgerBenchmarkRawFold.OUTPUT)) {
      long[] outputs = new long[1];
      long cpu = raw.cpuNanos();
      long start = produce(records);
      long end = sums.until(r -> outputs[0]++, () -> outputs[0] >= records.size(), raw::check);
      cpu = raw.cpuNanos() - cpu;
      sums.drain(r -> outputs[0]++);
      if (outputs[0] != records.size()) {
        throw new IllegalStateException(workload.name + ": the raw fold wrote " + outputs[0] + " sums for "
            + records.size() + " records");
      }
      return new Run(records.size(), outputs[0], (end - start) / 1e9, cpu / 1e9);
    }
  }

  /** Sends the records in one transaction; returns when it is committed (and so visible to the applications). */
  private long produce(List<ProducerRecord<byte[], byte[]>> records) {
    producer.beginTransaction();
    records.forEach(producer::send);
    producer.commitTransaction();
    return System.nanoTime();
  }

  private static String line(String what, Run ledger, Run raw) {
    return String.format("%-26s %8d %9d %9.2f %9.0f %9.1f | %8.2f %9.0f %9.1f | %10.2f %10.2f", what, ledger.records,
        ledger.postings, ledger.seconds, ledger.perSecond(), ledger.cpuMicros(), raw.seconds, raw.perSecond(),
        raw.cpuMicros(), ledger.perSecond() / raw.perSecond(), raw.cpuMicros() / ledger.cpuMicros());
  }

  /** The ledger's production settings ({@code LedgerService}), with {@code threads} stream threads. */
  private static Properties streamsConfig(HordeEnv env, String applicationId, int threads) {
    Properties props = LedgerService.streamsConfig(env);
    props.put("application.id", applicationId);
    props.put("num.stream.threads", Integer.toString(threads));
    return props;
  }

  /**
   * The embedded broker and the clients warn at every start (a temp state directory, the transaction log
   * being created); only errors are worth reading between the figures. A failed application still fails the
   * run, through {@link App#check}.
   */
  private static void quietKafkaLogs() {
    for (String name : List.of("org.apache.kafka", "kafka")) {
      ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.ERROR);
    }
    // The broker logs a stack trace when a Streams producer's first write after a commit is retried
    // (CONCURRENT_TRANSACTIONS, then the next batch is out of sequence until the retry lands); the client
    // retries it, and the sums checked after every phase show nothing was lost or doubled.
    ((Logger) LoggerFactory.getLogger("kafka.server.ReplicaManager")).setLevel(Level.OFF);
  }

  /** The production producer settings, transactional; batched, since only the commit is on the clock. */
  private static Properties producerConfig(HordeEnv env) {
    Properties props = KafkaClients.producer(env, "ledger-bench");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ledger-bench");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "300000");
    return props;
  }

  private static void deleteQuietly(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One phase's input: the ledger commands, the posting that ends each, and the raw fold's amount for each. */
  private static final class Workload {
    final String name;
    final List<KudosCommand> commands = new ArrayList<>();
    final List<String> lastPostings = new ArrayList<>();
    final List<Long> amounts = new ArrayList<>();

    Workload(String name) {
      this.name = name;
    }

    void add(KudosCommand command, String lastPosting, long amount) {
      commands.add(command);
      lastPostings.add(lastPosting);
      amounts.add(amount);
    }

    int size() {
      return commands.size();
    }
  }

  /** One measured phase of one application: its records, the outputs it wrote, and how long it took. */
  private record Run(int records, long postings, double seconds, double cpuSeconds) {
    /** CPU time of the application's own threads (stream threads, their producers) per record, in µs. */
    double cpuMicros() {
      return cpuSeconds * 1e6 / records;
    }

    double perSecond() {
      return records / seconds;
    }
  }

  /** A running Kafka Streams application; a failed stream thread stops it and fails the phase that waits. */
  private static final class App implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final String name;
    private final String applicationId;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile Throwable failure;

    App(String name, Topology topology, Properties config) {
      this.name = name;
      this.applicationId = config.getProperty("application.id");
      streams = new KafkaStreams(topology, config);
      streams.setStateListener((newState, oldState) -> {
        if (newState == KafkaStreams.State.RUNNING) {
          running.countDown();
        }
      });
      streams.setUncaughtExceptionHandler(e -> {
        failure = e;
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      });
      streams.start();
    }

    /** CPU time so far of the threads named after the application (its stream threads and their producers). */
    long cpuNanos() {
      long nanos = 0;
      for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
        if (thread != null && thread.getThreadName().contains(applicationId)) {
          nanos += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
        }
      }
      return nanos;
    }

    void awaitRunning() throws InterruptedException {
      if (!running.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException(name + " did not reach RUNNING: " + streams.state());
      }
    }

    void check() {
      if (failure != null) {
        throw new IllegalStateException(name + " failed", failure);
      }
      if (!streams.state().isRunningOrRebalancing()) {
        throw new IllegalStateException(name + " stopped: " + streams.state());
      }
    }

    @Override
    public void close() {
      streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(10)));
    }
  }

  /** A read_committed consumer of every partition of a topic, from its end when created. */
  private static final class Tail implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    Tail(HordeEnv env, String topic) {
      Properties props = KafkaClients.consumer(env, "ledger-bench-" + topic);
      props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
      consumer = new KafkaConsumer<>(props);
      partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    }

    /**
     * Feeds every record to {@code seen} until {@code done}; returns {@link System#nanoTime()} then. {@code check}
     * throws when the application that should write them failed.
     */
    long until(Consumer<ConsumerRecord<byte[], byte[]>> seen, BooleanSupplier done, Runnable check) {
      long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
      while (!done.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("not done within " + PHASE_TIMEOUT);
        }
        check.run();
        consumer.poll(Duration.ofMillis(50)).forEach(seen);
      }
      return System.nanoTime();
    }

    /** Feeds everything committed so far to {@code seen}: nothing may follow the expected outputs. */
    void drain(Consumer<ConsumerRecord<byte[], byte[]>> seen) {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(50)).forEach(seen);
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
