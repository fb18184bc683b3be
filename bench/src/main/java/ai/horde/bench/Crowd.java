package ai.horde.bench;

import ai.horde.ingress.HordeProcess;
import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The benchmark's users of one horde, over its HTTP API: requesters (their concurrency raised to the most a
 * moderator may set, 500 waiting jobs each), trusted owners (a trusted owner's scripted workers are never
 * paused as unreasonably fast) and their workers, each serving {@value #MODELS_PER_WORKER} of the
 * {@value #MODELS} models. Requests name one model each, in turn.
 *
 * <p>Known gap: every client runs in the benchmark's JVM, on the horde's cores.
 */
final class Crowd {
  static final int MODELS = 20;
  static final int MODELS_PER_WORKER = 4;
  /** The most {@code PUT /users/{id}} may set. */
  static final int CONCURRENCY = 500;
  private static final int SETUP_THREADS = 8;

  private final HordeProcess horde;
  /** Apikeys of the requesters; the first ones are those of the pop phases. */
  final List<String> requesters;
  private final List<Worker> workers;

  /** A worker: its name, its owner's apikey, its pop body. */
  record Worker(String name, String ownerKey, String popBody) {}

  private Crowd(HordeProcess horde, List<String> requesters, List<Worker> workers) {
    this.horde = horde;
    this.requesters = requesters;
    this.workers = workers;
  }

  static String model(int i) {
    return "bench/model-" + Math.floorMod(i, MODELS);
  }

  /** Mints the users: {@code requesters} requesters, and {@code workers} workers shared by {@code owners} owners. */
  static Crowd create(HordeProcess horde, int requesters, int owners, int workers) throws Exception {
    String moderator = horde.testUser("bench-moderator", 0, true, true).get("api_key").asText();
    List<String> requesterKeys = new ArrayList<>();
    List<String> ownerKeys = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS);
    try {
      List<Future<String>> requesterFutures = new ArrayList<>();
      for (int i = 0; i < requesters; i++) {
        String name = "bench-requester-" + i;
        requesterFutures.add(pool.submit(() -> {
          JsonNode user = horde.testUser(name, 1_000_000, false, false);
          Response raised = horde.put("/users/" + user.get("user_id").asLong(), "{\"concurrency\":" + CONCURRENCY + "}",
              "apikey", moderator);
          if (raised.status() != 200) {
            throw new IllegalStateException("raising " + name + "'s concurrency: " + raised.status() + " " + raised.body());
          }
          return user.get("api_key").asText();
        }));
      }
      List<Future<String>> ownerFutures = new ArrayList<>();
      for (int i = 0; i < owners; i++) {
        String name = "bench-owner-" + i;
        ownerFutures.add(pool.submit(() -> horde.testUser(name, 0, true, false).get("api_key").asText()));
      }
      for (Future<String> key : requesterFutures) {
        requesterKeys.add(key.get(2, TimeUnit.MINUTES));
      }
      for (Future<String> key : ownerFutures) {
        ownerKeys.add(key.get(2, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
    List<Worker> workerList = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      StringBuilder models = new StringBuilder();
      for (int m = 0; m < MODELS_PER_WORKER; m++) {
        models.append(m == 0 ? "" : ",").append('"').append(model(w + m * (MODELS / MODELS_PER_WORKER))).append('"');
      }
      String name = "bench-worker-" + w;
      workerList.add(new Worker(name, ownerKeys.get(w % owners),
          "{\"name\":\"" + name + "\",\"models\":[" + models + "]}"));
    }
    Crowd crowd = new Crowd(horde, List.copyOf(requesterKeys), List.copyOf(workerList));
    crowd.awaitConcurrency();
    return crowd;
  }

  /** The raised concurrency shows once ingress folded the change: wait for the last requester's. */
  private void awaitConcurrency() throws Exception {
    String last = requesters.get(requesters.size() - 1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (horde.get("/find_user", "apikey", last).json().get("concurrency").asInt() != CONCURRENCY) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the requesters' concurrency was not raised within 30 s");
      }
      Thread.sleep(100);
    }
  }

  /**
   * Posts {@code count} text requests with {@code connections} clients at once, over the first {@code
   * requesters} requesters, each naming the next model; answers how many were answered 202, failing at the
   * first other answer.
   */
  int fill(int count, int requesters, int connections) throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    AtomicReference<String> refusal = new AtomicReference<>();
    concurrently(connections, count, Duration.ofMinutes(10), i -> {
      if (refusal.get() != null) {
        return;
      }
      Response answer = horde.post("/generate/text/async",
          "{\"prompt\":\"bench\",\"models\":[\"" + model(i) + "\"]}", "apikey", this.requesters.get(i % requesters));
      if (answer.status() == 202) {
        accepted.incrementAndGet();
      } else {
        refusal.compareAndSet(null, answer.status() + " " + answer.body());
      }
    });
    if (refusal.get() != null) {
      throw new IllegalStateException("a text request was refused: " + refusal.get());
    }
    return accepted.get();
  }

  /**
   * {@code pops} pops that each get a job, each followed by its submit, by {@code concurrency} workers at once
   * (the next idle one of all the workers): how long each pop took. {@code warmUp} more come first, unreported.
   */
  Latencies pops(int warmUp, int pops, int concurrency) throws Exception {
    BlockingQueue<Worker> idle = new ArrayBlockingQueue<>(workers.size(), false, workers);
    List<Double> ms = new ArrayList<>();
    concurrently(concurrency, warmUp + pops, Duration.ofMinutes(5), i -> {
      Worker worker = idle.take();
      long start = System.nanoTime();
      Response popped = horde.post("/generate/text/pop", worker.popBody(), "apikey", worker.ownerKey());
      double took = (System.nanoTime() - start) / 1e6;
      JsonNode id = popped.status() == 200 ? popped.json().get("id") : null;
      if (id == null || id.isNull()) {
        throw new IllegalStateException("pop " + i + " got no job: " + popped.status() + " " + popped.body());
      }
      submit(worker, id.asText());
      idle.put(worker);
      if (i >= warmUp) {
        synchronized (ms) {
          ms.add(took);
        }
      }
    });
    return Latencies.of(ms);
  }

  /** One numbered step of a client's loop. */
  private interface Step {
    void run(int i) throws Exception;
  }

  /** Steps 0 to {@code count - 1}, each once, by {@code clients} threads taking the next one as they go. */
  private static void concurrently(int clients, int count, Duration timeout, Step step) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        loops.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            step.run(i);
          }
          return null;
        }));
      }
      for (Future<?> loop : loops) {
        loop.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * How long a pop held open waits for its job after the request's 202: {@code rounds} times (after 5 warm-up
   * rounds), a worker of the first owner pops for a model of its own, then the first requester asks for it.
   */
  Latencies heldPops(int rounds) throws Exception {
    Worker held = new Worker("bench-held-worker", workers.get(0).ownerKey(),
        "{\"name\":\"bench-held-worker\",\"models\":[\"bench/held-model\"]}");
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < rounds + 5; i++) {
      var pop = horde.postAsync("/generate/text/pop", held.popBody(), "apikey", held.ownerKey());
      Thread.sleep(250); // the pop parks in the scheduler
      Response accepted = horde.post("/generate/text/async", "{\"prompt\":\"Hi\",\"models\":[\"bench/held-model\"]}",
          "apikey", requesters.get(0));
      long after202 = System.nanoTime();
      Response job = pop.get(30, TimeUnit.SECONDS);
      double took = (System.nanoTime() - after202) / 1e6;
      if (accepted.status() != 202 || job.json().get("id").isNull()) {
        throw new IllegalStateException("held pop " + i + " failed: " + accepted.body() + " / " + job.body());
      }
      submit(held, job.json().get("id").asText());
      if (i >= 5) { // the first rounds warm up the JIT
        ms.add(took);
      }
    }
    return Latencies.of(ms);
  }

  /** Pops with the first worker until a pop gets a job (a pop may be held open while the scheduler restores). */
  void popUntilJob(long deadlineNanos) throws Exception {
    Worker worker = workers.get(0);
    while (System.nanoTime() < deadlineNanos) {
      Response popped = horde.post("/generate/text/pop", worker.popBody(), "apikey", worker.ownerKey());
      JsonNode id = popped.status() == 200 ? popped.json().get("id") : null;
      if (id != null && !id.isNull()) {
        submit(worker, id.asText());
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no pop got a job in time");
  }

  private void submit(Worker worker, String jobId) throws Exception {
    Response submitted = horde.post("/generate/text/submit", "{\"id\":\"" + jobId + "\",\"generation\":\"ok\"}",
        "apikey", worker.ownerKey());
    if (submitted.status() != 200) {
      throw new IllegalStateException("submit of " + jobId + ": " + submitted.status() + " " + submitted.body());
    }
  }

  /** This crowd on another instance of its horde (the same data, started again). */
  Crowd on(HordeProcess again) {
    return new Crowd(again, requesters, workers);
  }
}
