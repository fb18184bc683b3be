package ai.horde.text;

import java.time.Instant;

/**
 * A waiting request's place in the text queue (spec R3.5): higher priority first, then older first.
 *
 * <p>The reference seeds a request's priority with the requester's kudos and adds 50 every 10 s while it
 * waits, rewriting every waiting row. The same order comes from a key fixed at admission: priority at time
 * t is {@code kudos + 5·(t − accepted)} for every request alike, so ordering by
 * {@code kudos − 5·accepted} (in seconds) never changes and needs no writes. In centi-kudos and
 * milliseconds that is {@code 2·kudos_centi − accepted_ms}. Known difference: the reference stops aging a
 * request while all its jobs are handed out; here it keeps aging, which only matters once a job of it
 * faults and returns to the queue, where it then sits a little further ahead.
 */
public record QueueKey(long score, long acceptedAtMs, String requestId) implements Comparable<QueueKey> {

  public static QueueKey of(long priorityCenti, Instant acceptedAt, String requestId) {
    long accepted = acceptedAt.toEpochMilli();
    return new QueueKey(2 * priorityCenti - accepted, accepted, requestId);
  }

  /**
   * Higher score first, then accepted earlier, then by id. Written out rather than chained comparators: a restart
   * re-indexes every waiting request with millions of these, mostly before the JIT has compiled anything.
   */
  @Override
  public int compareTo(QueueKey other) {
    if (score != other.score) {
      return score > other.score ? -1 : 1;
    }
    if (acceptedAtMs != other.acceptedAtMs) {
      return acceptedAtMs < other.acceptedAtMs ? -1 : 1;
    }
    return requestId.compareTo(other.requestId);
  }
}
