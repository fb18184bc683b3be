package ai.horde.text;

import ai.horde.events.Progress;

/** How a text request's counters read in its status (spec R3.8.3, R3.8.4). */
public final class TextProgressRules {
  private TextProgressRules() {}

  /**
   * {@code done}: faulted, or no job waits and none is in flight (every job was delivered, as a faulted job
   * goes back to waiting). The reference computes {@code n == 0 && finished + restarted − processing ≥ jobs},
   * which says the same except that after two faults it turns true while a job is still in flight, and
   * KoboldAI Lite then reads a generation that is not there; and for a cancelled request it stays false
   * until expiry (its quirk Q7). Here both are done exactly when nothing more can arrive.
   */
  public static boolean done(Progress progress) {
    return progress.getFaulted() || (progress.getN() <= 0 && progress.getProcessing() == 0);
  }

  /** {@code waiting}: jobs not yet handed out, never more than the jobs not in flight or delivered. */
  public static int waiting(Progress progress) {
    int waiting = Math.max(progress.getN(), 0);
    if (progress.getJobs() > 0) {
      waiting = Math.min(waiting, Math.max(progress.getJobs() - progress.getProcessing() - progress.getFinished(), 0));
    }
    return waiting;
  }

  /** Whether the request still waits for a worker (it has a place in the queue). */
  public static boolean queued(Progress progress) {
    return progress.getN() > 0 && !progress.getFaulted() && !progress.getCancelled();
  }
}
