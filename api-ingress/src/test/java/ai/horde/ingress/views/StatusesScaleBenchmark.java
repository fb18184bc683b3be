package ai.horde.ingress.views;

import ai.horde.events.Progress;
import ai.horde.events.RequestAccepted;
import ai.horde.events.RequestStatus;
import ai.horde.events.TextCriteria;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What ingress's views cost per waiting text request, without Kafka: each request is folded as ingress reads it
 * (its accepted record, then the scheduler's status, both decoded from their topics' bytes), and the heap after a
 * full GC is compared with the empty views'. Also times the reads a status call and an intake make of them
 * (queue position, waiting jobs). 100 requesters, 20 models, as the whole-system benchmark's backlog.
 *
 * <p>Run: {@code java -Xmx1g -cp <test-classes>:<classes>:<classpath> ai.horde.ingress.views.StatusesScaleBenchmark
 * 100000}.
 */
public final class StatusesScaleBenchmark {
  private StatusesScaleBenchmark() {}

  public static void main(String[] args) {
    int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long now = Instant.parse("2026-12-04T12:00:00Z").toEpochMilli();
    HordeViews views = new HordeViews();
    long empty = usedHeapAfterGc();
    List<RequestStatus> statuses = new ArrayList<>();
    for (int i = 0; i < backlog; i++) {
      String id = UUID.nameUUIDFromBytes(("request-" + i).getBytes()).toString();
      TextCriteria criteria = TextCriteria.newBuilder().setModels(List.of("bench/model-" + (i % 20)))
          .setMaxLength(120).build();
      Instant accepted = Instant.ofEpochMilli(now - 60_000 + i % 60_000);
      views.fold(Topics.TEXT_REQUESTS, id, RequestAccepted.newBuilder().setRequestId(id).setUserId(1 + i % 100)
          .setPayloadJson("{\"prompt\":\"Once upon a time there was a horde of " + i + " workers\",\"n\":1}")
          .setPromptChars(40).setN(1).setCriteria(criteria).setAcceptedAt(accepted).build(), now);
      RequestStatus status = RequestStatus.newBuilder().setRequestId(id).setUserId(1 + i % 100)
          .setPriorityCenti(100_00L * (i % 100)).setAcceptedAt(accepted).setCriteria(criteria)
          .setProgress(Progress.newBuilder().setN(1).setJobs(1).setConsumedCenti(100)
              .setExpiresAt(accepted.plusSeconds(1200)).build()).build();
      views.fold(Topics.TEXT_STATUS, id, status, now);
      if (i % 1000 == 0) {
        statuses.add(status);
      }
    }
    long full = usedHeapAfterGc();
    Statuses text = views.statuses(WorkKind.TEXT);
    List<Double> positionUs = new ArrayList<>();
    List<Double> waitingUs = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      for (RequestStatus status : statuses) {
        long start = System.nanoTime();
        text.queuePosition(status);
        long positioned = System.nanoTime();
        text.waitingJobs(status.getUserId());
        long counted = System.nanoTime();
        if (round >= 5) {
          positionUs.add((positioned - start) / 1e3);
          waitingUs.add((counted - positioned) / 1e3);
        }
      }
    }
    System.out.printf("backlog %,d: text statuses %.1f MB (%.0f KB per 1,000 waiting)%n", backlog,
        (full - empty) / 1e6, (full - empty) / 1e3 / (backlog / 1000.0));
    print("  queue position", positionUs);
    print("  waiting jobs", waitingUs);
  }

  /** The live heap: what a full collection (which the serial collector does on request) leaves. */
  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    runtime.gc();
    runtime.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void print(String what, List<Double> us) {
    double[] sorted = us.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf("%-16s n=%d  p50 %.1f us  p99 %.1f us  max %.1f us%n", what, sorted.length,
        sorted[sorted.length / 2], sorted[(int) Math.ceil(0.99 * sorted.length) - 1], sorted[sorted.length - 1]);
  }
}
