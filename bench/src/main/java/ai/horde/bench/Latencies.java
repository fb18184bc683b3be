package ai.horde.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A set of measured times in milliseconds and its percentiles (nearest rank), as the benchmark prints them.
 *
 * <p>Known gap: nearest rank over a few hundred samples makes p99 the second or third worst one.
 */
record Latencies(List<Double> sortedMs) {
  static Latencies of(List<Double> ms) {
    if (ms.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    List<Double> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    return new Latencies(List.copyOf(sorted));
  }

  double percentile(int p) {
    return sortedMs.get(Math.min(sortedMs.size() - 1, (int) Math.ceil(p / 100.0 * sortedMs.size()) - 1));
  }

  double p50() {
    return percentile(50);
  }

  double p99() {
    return percentile(99);
  }

  double max() {
    return sortedMs.get(sortedMs.size() - 1);
  }

  @Override
  public String toString() {
    return String.format("n=%d  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms", sortedMs.size(), p50(),
        percentile(90), p99(), max());
  }
}
