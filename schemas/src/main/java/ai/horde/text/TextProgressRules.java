package ai.horde.text;

import ai.horde.events.TextProgress;

/** How a text request's counters read in its status (spec R3.8.3, R3.8.4). */
public final class TextProgressRules {
  private TextProgressRules() {}

  /**
   * {@code done}: faulted, or every job handed out and (delivered + faulted) − in flight ≥ jobs, as the
   * reference computes it. A cancelled request is done once nothing is in flight: the reference leaves it
   * {@code done: false} until it expires (its quirk Q7), which only makes clients poll for nothing.
   */
  public static boolean done(TextProgress progress) {
    if (progress.getFaulted()) {
      return true;
    }
    if (progress.getCancelled()) {
      return progress.getProcessing() == 0;
    }
    if (progress.getN() > 0) {
      return false;
    }
    return progress.getFinished() + progress.getRestarted() - progress.getProcessing() >= progress.getJobs();
  }

  /** {@code waiting}: jobs not yet handed out, never more than the jobs not in flight or delivered. */
  public static int waiting(TextProgress progress) {
    int waiting = Math.max(progress.getN(), 0);
    if (progress.getJobs() > 0) {
      waiting = Math.min(waiting, Math.max(progress.getJobs() - progress.getProcessing() - progress.getFinished(), 0));
    }
    return waiting;
  }

  /** Whether the request still waits for a worker (it has a place in the queue). */
  public static boolean queued(TextProgress progress) {
    return progress.getN() > 0 && !progress.getFaulted() && !progress.getCancelled();
  }
}
