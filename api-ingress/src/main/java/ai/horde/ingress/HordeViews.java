package ai.horde.ingress;

import ai.horde.events.AccountBalance;
import ai.horde.events.HordeModes;
import ai.horde.events.WorkerState;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What ingress answers from, materialised in memory from the topics by one consumer thread: users (to
 * resolve API keys), kudos balances, workers, the status of live text requests, shared keys (by hash),
 * teams and the horde's modes.
 *
 * <p>Reads are as fresh as the last poll. Where that is not good enough (a key or request id not found
 * yet), {@link #caughtUp} waits until this view has read everything committed to the named topics at the
 * time of asking: any write acknowledged before a client's call is then visible to it, whichever instance
 * made the write. The service starts answering only once the views have read all that was there at start.
 *
 * <p>Known gap: everything is held in memory and re-read from the topics at start; at the reference's
 * scale (hundreds of thousands of users) that is some hundred MB and tens of seconds.
 */
@Context
final class HordeViews {
  private static final Logger LOG = LoggerFactory.getLogger(HordeViews.class);
  private static final List<Topic<String, ?>> TOPICS = List.of(Topics.USER_EVENTS, Topics.KUDOS_BALANCES,
      Topics.WORKERS, Topics.TEXT_STATUS, Topics.TEXT_REQUESTS, Topics.SHARED_KEYS, Topics.TEAMS, Topics.HORDE_MODES);
  /** The topics the account registry writes: after its reply, they hold what it decided. */
  static final List<Topic<String, ?>> REGISTRY_TOPICS = List.of(Topics.USER_EVENTS, Topics.SHARED_KEYS, Topics.TEAMS,
      Topics.HORDE_MODES);
  /** How long a lookup waits for writes made elsewhere before it declares something unknown. */
  private static final Duration LOOKUP_CATCH_UP = Duration.ofSeconds(2);
  private static final HordeModes NO_MODES = new HordeModes(false, false, false, Instant.EPOCH);
  /** Waiting for a write to show blocks: not on the common pool, which other work shares. */
  private static final Executor WAITING = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "views-wait");
    thread.setDaemon(true);
    return thread;
  });

  final Users users = new Users();
  /** Every account's state as the ledger last published it: {@code user:<id>}, {@code system:<name>@<partition>}. */
  final Map<String, AccountBalance> balances = new ConcurrentHashMap<>();
  final Workers workers = new Workers();
  final Statuses statuses = new Statuses();
  final SharedKeys sharedKeys = new SharedKeys();
  final Teams teams = new Teams();
  private volatile HordeModes modes = NO_MODES;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Admin admin;
  private final List<TopicPartition> partitions;
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final List<CatchUp> waiting = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean live;

  private record CatchUp(Map<TopicPartition, Long> targets, CompletableFuture<Void> done) {}

  HordeViews() throws Exception {
    HordeEnv env = HordeEnv.system();
    this.consumer = new KafkaConsumer<>(KafkaClients.consumer(env, "ingress-views"));
    this.admin = Admin.create(Map.of("bootstrap.servers", env.bootstrapServers(), "client.id", "ingress-views-admin"));
    List<TopicPartition> assigned = new ArrayList<>();
    for (Topic<String, ?> topic : TOPICS) {
      assigned.addAll(Kafka.partitionsOf(consumer, topic));
    }
    this.partitions = List.copyOf(assigned);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::run, "ingress-views");
    thread.setDaemon(true);
    thread.start();
    long started = System.nanoTime();
    caughtUp(TOPICS, Duration.ofMinutes(5)).get(5, TimeUnit.MINUTES);
    live = true;
    LOG.info("views read the topics in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /** Whether the views have caught up with the topics once and are still being updated. */
  boolean live() {
    return live && thread.isAlive();
  }

  long balanceCenti(String account) {
    AccountBalance balance = balances.get(account);
    return balance == null ? 0 : balance.getBalanceCenti();
  }

  /** The account's state, empty while the ledger has published none for it. */
  Optional<AccountBalance> balance(String account) {
    return Optional.ofNullable(balances.get(account));
  }

  /** The horde's modes; all off until the registry wrote them. */
  HordeModes modes() {
    return modes;
  }

  /**
   * Completes with true once {@code shown} holds, reading on in {@code topics} a little at a time; with
   * false when it still does not after {@code timeout} (a write acknowledged by its decider is not undone
   * by a slow view: the caller answers anyway). Never completes exceptionally.
   */
  CompletableFuture<Boolean> until(BooleanSupplier shown, List<Topic<String, ?>> topics, Duration timeout) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    return CompletableFuture.supplyAsync(() -> {
      while (System.currentTimeMillis() < deadline) {
        if (shown.getAsBoolean()) {
          return true;
        }
        caughtUp(topics, Duration.ofSeconds(1)).exceptionally(error -> null).join();
        if (shown.getAsBoolean()) {
          return true;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return shown.getAsBoolean();
    }, WAITING);
  }

  /** Threads of the text workers that checked in within the last 300 s (the reference's active workers). */
  int onlineTextThreads(long now) {
    int threads = 0;
    for (WorkerState worker : workers.all()) {
      if ("text".equals(worker.getKind()) && Workers.online(worker, now)) {
        threads += worker.getThreads();
      }
    }
    return threads;
  }

  /** Jobs waiting or in flight, over every queued text request (the reference's queued_text_requests). */
  long queuedTextJobs() {
    return statuses.queuedJobs();
  }

  /**
   * What {@code lookup} finds: at once when this instance shows it already, else once these views have read
   * everything committed to {@code topics} (it may have been written through another instance a moment ago);
   * empty when it is still not there then. How ingress declares a key, user, team or worker unknown.
   */
  <T> CompletableFuture<Optional<T>> find(Supplier<Optional<T>> lookup, List<Topic<String, ?>> topics) {
    Optional<T> known = lookup.get();
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known);
    }
    return caughtUp(topics, LOOKUP_CATCH_UP).handle((ok, error) -> lookup.get());
  }

  /**
   * Completes when these views have read everything committed to {@code topics} when this was called;
   * completes exceptionally with a {@code TimeoutException} after {@code timeout}.
   */
  CompletableFuture<Void> caughtUp(List<Topic<String, ?>> topics, Duration timeout) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartition partition : positionsOf(topics)) {
      latest.put(partition, OffsetSpec.latest());
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().whenComplete((ends, error) -> {
      if (error != null) {
        Async.EXECUTOR.execute(() -> done.completeExceptionally(error));
        return;
      }
      Map<TopicPartition, Long> targets = new HashMap<>();
      ends.forEach((partition, end) -> targets.put(partition, end.offset()));
      CatchUp catchUp = new CatchUp(targets, done);
      waiting.add(catchUp);
      check(catchUp);
    });
    return done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ok, error) -> waiting.removeIf(c -> c.done() == done));
  }

  private List<TopicPartition> positionsOf(List<Topic<String, ?>> topics) {
    List<String> names = topics.stream().map(Topic::name).toList();
    return partitions.stream().filter(p -> names.contains(p.topic())).toList();
  }

  private void run() {
    try {
      while (running) {
        long now = System.currentTimeMillis();
        try {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            apply(record, now);
          }
          for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition));
          }
        } catch (WakeupException e) {
          break;
        } catch (KafkaException e) {
          LOG.error("reading the views' topics failed; retrying", e);
          Thread.sleep(1_000);
          continue;
        }
        waiting.forEach(this::check);
        statuses.forgetExpired(now);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close();
    }
  }

  /** A record that cannot be read is logged and skipped rather than allowed to stop every view. */
  private void apply(ConsumerRecord<byte[], byte[]> record, long now) {
    try {
      fold(record, now);
    } catch (RuntimeException e) {
      LOG.error("skipping a record of {} that cannot be read (offset {})", record.topic(), record.offset(), e);
    }
  }

  private void fold(ConsumerRecord<byte[], byte[]> record, long now) {
    String topic = record.topic();
    if (topic.equals(Topics.USER_EVENTS.name())) {
      users.apply(Topics.USER_EVENTS.value(record));
    } else if (topic.equals(Topics.KUDOS_BALANCES.name())) {
      AccountBalance balance = Topics.KUDOS_BALANCES.value(record);
      String account = Topics.KUDOS_BALANCES.key(record);
      if (balance == null) {
        balances.remove(account);
      } else {
        balances.put(account, balance);
      }
    } else if (topic.equals(Topics.WORKERS.name())) {
      workers.put(Topics.WORKERS.key(record), Topics.WORKERS.value(record));
    } else if (topic.equals(Topics.TEXT_STATUS.name())) {
      statuses.put(Topics.TEXT_STATUS.key(record), Topics.TEXT_STATUS.value(record));
    } else if (topic.equals(Topics.TEXT_REQUESTS.name())) {
      statuses.accepted(Topics.TEXT_REQUESTS.value(record), now);
    } else if (topic.equals(Topics.SHARED_KEYS.name())) {
      sharedKeys.put(Topics.SHARED_KEYS.key(record), Topics.SHARED_KEYS.value(record));
    } else if (topic.equals(Topics.TEAMS.name())) {
      teams.put(Topics.TEAMS.key(record), Topics.TEAMS.value(record));
    } else if (topic.equals(Topics.HORDE_MODES.name())) {
      HordeModes value = Topics.HORDE_MODES.value(record);
      modes = value == null ? NO_MODES : value;
    }
  }

  private void check(CatchUp catchUp) {
    boolean reached = catchUp.targets().entrySet().stream()
        .allMatch(target -> positions.getOrDefault(target.getKey(), 0L) >= target.getValue());
    if (reached && !catchUp.done().isDone()) {
      Async.EXECUTOR.execute(() -> catchUp.done().complete(null));
    }
  }

  @PreDestroy
  void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
    admin.close(Duration.ofSeconds(5));
  }
}
