package ai.horde.ingress.kafka;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that polls a consumer until {@link #close()}: each poll's records go to {@code onPoll}
 * (on this thread, the only one that touches the consumer, which it may also ask for positions); a Kafka
 * failure is logged and retried a second later, so a broker that is away for a while only delays the loop.
 * The consumer is closed when it ends.
 */
public final class ConsumerLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration pollTimeout;
  private final Consumer<ConsumerRecords<byte[], byte[]>> onPoll;
  private final Thread thread;
  private volatile boolean running = true;

  public ConsumerLoop(String name, KafkaConsumer<byte[], byte[]> consumer, Duration pollTimeout,
      Consumer<ConsumerRecords<byte[], byte[]>> onPoll) {
    this.consumer = consumer;
    this.pollTimeout = pollTimeout;
    this.onPoll = onPoll;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public boolean alive() {
    return thread.isAlive();
  }

  private void run() {
    try {
      while (running) {
        try {
          onPoll.accept(consumer.poll(pollTimeout));
        } catch (WakeupException e) {
          break;
        } catch (KafkaException e) {
          LOG.error("{}: reading failed; retrying", thread.getName(), e);
          Thread.sleep(1_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close();
    }
  }

  public void close() throws InterruptedException {
    running = false;
    if (thread.isAlive()) {
      consumer.wakeup();
      thread.join(5_000);
    } else {
      consumer.close();
    }
  }
}
