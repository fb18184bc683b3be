package ai.horde.scheduler;

import ai.horde.accounts.Suspicion;
import ai.horde.events.WorkerState;
import ai.horde.scheduler.SchedulerEvent.SuspicionRaised;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scheduler suspects a worker of (spec R3.11.6, the reference's Worker.report_suspicion and
 * log_aborted_job), pure. A reason is recorded once on a worker, except those that {@linkplain
 * Suspicion#accumulates accumulate}; each recorded reason also goes to the worker's owner (the registry records
 * it, {@link SuspicionRaised}). A worker of an untrusted owner with {@link Suspicion#THRESHOLD} reasons is paused.
 *
 * <p>The scheduler raises: a long name when a worker is created (R3.11.1), unreasonable speed on a delivery
 * (R1.35, {@link KindRules#speedSuspicions}) and too many aborted jobs in an hour (R3.9.3, which also puts the
 * worker into maintenance outside raid mode). Known gaps: the reference's other worker reasons (profanity, unsafe
 * IP, extreme max pixels) are not raised here; the reference's pause notification (a Discord webhook) is not sent;
 * unlike the reference, a worker keeps (and sends its owner) at most {@link #MOST_KEPT} reasons.
 */
final class WorkerSuspicions {
  /** The names the reference cuts to 100 characters, and the length that is extreme. */
  static final int NAME_LONG = 100;
  static final int NAME_EXTREME = 200;
  /**
   * The most reasons a worker keeps: the accumulating ones would otherwise grow its record (published on every
   * change) with every fast delivery. Far past the threshold, more would change nothing but the count shown.
   */
  static final int MOST_KEPT = 100;
  /** Aborted jobs are counted per worker in windows of an hour. */
  static final long ABORT_WINDOW_MS = 3_600_000;
  static final String DROPPING_JOBS_MESSAGE = "Maintenance mode activated because worker is dropping too many jobs."
      + "Please investigate if your performance has been impacted and consider reducing your max_power or your "
      + "max_threads";

  private WorkerSuspicions() {}

  /**
   * The worker with this reason recorded (and paused, if that makes it suspicious), adding to {@code raised} the
   * event that tells its owner; the worker unchanged if it already has this reason and it does not accumulate.
   */
  static WorkerState raise(WorkerState worker, Suspicion reason, long now, List<SchedulerEvent> raised) {
    if (!reason.addsTo(worker.getSuspicions()) || worker.getSuspicions().size() >= MOST_KEPT) {
      return worker;
    }
    List<String> reasons = new ArrayList<>(worker.getSuspicions());
    reasons.add(reason.name());
    WorkerState.Builder after = WorkerState.newBuilder(worker).setSuspicions(reasons);
    // Trusted owners' workers are never suspicious.
    if (!worker.getOwnerTrusted() && reasons.size() >= Suspicion.THRESHOLD) {
      after.setPaused(true);
    }
    WorkerState suspected = after.build();
    raised.add(new SuspicionRaised(suspected, reason, reasons.size(), now));
    return suspected;
  }

  /** A new worker whose asked name was longer than the 100 characters it was cut to (spec R3.11.1). */
  static WorkerState forName(WorkerState worker, int askedNameChars, long now, List<SchedulerEvent> raised) {
    if (askedNameChars > NAME_LONG) {
      if (askedNameChars > NAME_EXTREME) {
        worker = raise(worker, Suspicion.WORKER_NAME_EXTREME, now, raised);
      }
      worker = raise(worker, Suspicion.WORKER_NAME_LONG, now, raised);
    }
    return worker;
  }

  /**
   * The worker after one more aborted job (spec R3.9.3): counted in the current hour's window (a new one starts
   * when the last started more than an hour ago); past {@code threshold} aborts it is put into maintenance
   * (unless the horde is in raid mode, so that a raider does not learn it was noticed), suspected of
   * {@link Suspicion#TOO_MANY_JOBS_ABORTED}, and its count starts again.
   */
  static WorkerState aborted(WorkerState worker, int threshold, boolean raid, long now,
      List<SchedulerEvent> raised) {
    WorkerState.Builder after = WorkerState.newBuilder(worker).setUncompletedJobs(worker.getUncompletedJobs() + 1);
    Instant windowStart = worker.getAbortedWindowStart();
    int aborted = worker.getAbortedJobs();
    if (windowStart == null || now - windowStart.toEpochMilli() > ABORT_WINDOW_MS) {
      aborted = 0;
      after.setAbortedWindowStart(Instant.ofEpochMilli(now));
    }
    aborted++;
    if (aborted <= threshold) {
      return after.setAbortedJobs(aborted).build();
    }
    if (!raid) {
      after.setMaintenance(true).setMaintenanceMsg(DROPPING_JOBS_MESSAGE);
    }
    return raise(after.setAbortedJobs(0).build(), Suspicion.TOO_MANY_JOBS_ABORTED, now, raised);
  }
}
