package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.accept;
import static ai.horde.scheduler.Fixtures.criteria;
import static ai.horde.scheduler.Fixtures.limits;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.request;

import ai.horde.events.CancelRequested;
import ai.horde.events.HordeModes;
import ai.horde.events.Job;
import ai.horde.events.PopRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the scheduler's queue costs with a deep backlog, without Kafka: the heap its in-memory indexes take per
 * waiting request, the time to rebuild them (a restart), and the time of one pop's decision and its apply. The
 * backlog is the whole-system benchmark's: 100 requesters, 20 models, 200 single-model workers whose owners
 * request nothing; every pop takes a request and a new one is accepted, so the backlog stays at its size. The
 * tables hold their values encoded, as RocksDB does (off the heap in the service, so the heap figure is the
 * indexes' alone), and decode them at every read, as a store does.
 *
 * <p>Run: {@code java -Xmx2g -cp <test-classes>:<classes>:<classpath> ai.horde.scheduler.QueueScaleBenchmark
 * 3000 100000}.
 */
public final class QueueScaleBenchmark {
  private static final int REQUESTERS = 100;
  private static final int MODELS = 20;
  private static final int WORKERS = 200;
  private static final int POPS = 20_000;

  private QueueScaleBenchmark() {}

  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    for (String arg : args.length == 0 ? new String[] {"3000", "100000"} : args) {
      sizes.add(Integer.parseInt(arg));
    }
    for (int size : sizes) {
      run(size);
    }
  }

  private static void run(int backlog) {
    SchedulerFixture filled = new SchedulerFixture();
    for (int i = 0; i < backlog; i++) {
      filled.when(newRequest(i));
    }
    SchedulerState.Tables tables = new SchedulerState.Tables(
        bytes(filled.requests, WaitingRequest::toByteBuffer, WaitingRequest::fromByteBuffer), strings(filled.payloads),
        bytes(filled.jobs, Job::toByteBuffer, Job::fromByteBuffer),
        bytes(filled.workers, WorkerState::toByteBuffer, WorkerState::fromByteBuffer), strings(filled.workerNames),
        bytes(filled.parkedPops, PopRequested::toByteBuffer, PopRequested::fromByteBuffer),
        bytes(filled.earlyCancels, CancelRequested::toByteBuffer, CancelRequested::fromByteBuffer),
        bytes(filled.modes, HordeModes::toByteBuffer, HordeModes::fromByteBuffer));
    long now = filled.now;
    filled = null;
    long tablesOnly = usedHeapAfterGc();
    SchedulerState state = new SchedulerState(tables, SchedulerSettings.defaults().requestExpiry());
    long rebuildStart = System.nanoTime();
    state.rebuildIndexes();
    double rebuildMs = (System.nanoTime() - rebuildStart) / 1e6;
    long withIndexes = usedHeapAfterGc();
    Scheduler scheduler = new Scheduler(SchedulerSettings.defaults(), Fixtures.kinds());

    List<Double> decideUs = new ArrayList<>();
    List<Double> applyUs = new ArrayList<>();
    int next = backlog;
    int assigned = 0;
    for (int i = 0; i < POPS + 2_000; i++) {
      int worker = i % WORKERS;
      Pop command = new Pop(pop("pop-" + i, "worker-" + worker, 1_000 + worker, Instant.ofEpochMilli(now))
          .setModels(List.of(model(worker))).setCapabilities(limits(512, 4096)).build());
      long start = System.nanoTime();
      List<SchedulerEvent> events = scheduler.decide(state, command, now);
      long decided = System.nanoTime();
      events.forEach(state::apply);
      long applied = System.nanoTime();
      if (events.stream().anyMatch(JobsAssigned.class::isInstance)) {
        assigned++;
        for (SchedulerEvent event : scheduler.decide(state, newRequest(next++), now)) {
          state.apply(event);
        }
      }
      if (i >= 2_000) { // the first pops warm up the JIT and register the workers
        decideUs.add((decided - start) / 1e3);
        applyUs.add((applied - decided) / 1e3);
      }
    }
    long tickStart = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      state.counts();
    }
    double countsMs = (System.nanoTime() - tickStart) / 1e6 / 20;
    System.out.printf("backlog %,d: indexes %.1f MB (%.0f KB per 1,000 waiting), rebuild %.0f ms, "
        + "metrics count %.2f ms per tick, %d of %d pops assigned%n", backlog, (withIndexes - tablesOnly) / 1e6,
        (withIndexes - tablesOnly) / 1e3 / (backlog / 1000.0), rebuildMs, countsMs, assigned, POPS + 2_000);
    print("  pop decision", decideUs);
    print("  pop apply", applyUs);
  }

  private static SchedulerCommand.AcceptRequest newRequest(int i) {
    int user = i % REQUESTERS;
    return accept(request("request-" + i, 1 + user).setAcceptedAt(Fixtures.T0.plusMillis(i % 60_000))
        .setCriteria(criteria().setModels(List.of(model(i))).setMaxLength(200).build()).build(), 100_00L * user);
  }

  private static String model(int i) {
    return "bench/model-" + (i % MODELS);
  }

  /** A table holding its values as Avro bytes, read back at every get, as a RocksDB store does. */
  private static <V> Table<String, V> bytes(MapTable<String, V> source, Encoder<V> encode, Decoder<V> decode) {
    Table<String, byte[]> encoded = new MapTable<>();
    Table<String, V> table = new Table<>() {
      @Override
      public V get(String key) {
        byte[] value = encoded.get(key);
        try {
          return value == null ? null : decode.decode(ByteBuffer.wrap(value));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void put(String key, V value) {
        try {
          ByteBuffer buffer = encode.encode(value);
          byte[] copy = new byte[buffer.remaining()];
          buffer.get(copy);
          encoded.put(key, copy);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void delete(String key) {
        encoded.delete(key);
      }

      @Override
      public void forEach(BiConsumer<String, V> action) {
        encoded.forEach((key, value) -> action.accept(key, get(key)));
      }
    };
    source.map.forEach(table::put);
    return table;
  }

  private static Table<String, String> strings(MapTable<String, String> source) {
    return bytes(source, value -> ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)),
        buffer -> StandardCharsets.UTF_8.decode(buffer).toString());
  }

  private interface Encoder<V> {
    ByteBuffer encode(V value) throws IOException;
  }

  private interface Decoder<V> {
    V decode(ByteBuffer buffer) throws IOException;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void print(String what, List<Double> us) {
    List<Double> sorted = new ArrayList<>(us);
    Collections.sort(sorted);
    double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    System.out.printf("%-14s n=%d  mean %.1f us  p50 %.1f us  p99 %.1f us  max %.1f us%n", what, sorted.size(), mean,
        at(sorted, 50), at(sorted, 99), sorted.get(sorted.size() - 1));
  }

  private static double at(List<Double> sorted, int percentile) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
  }
}
