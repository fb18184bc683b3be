package ai.horde.ingress.kafka;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the rest of an HTTP call runs once Kafka answered: never on a Kafka client's own thread (the
 * producer's network thread, the replies or views consumer), which must stay free for every other call.
 */
public final class Async {
  private static final AtomicInteger THREADS = new AtomicInteger();

  public static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "ingress-async-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });

  private Async() {}
}
