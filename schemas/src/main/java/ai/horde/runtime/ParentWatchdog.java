package ai.horde.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends this service when the launcher that started it is gone. A SIGKILL of the launcher cannot be
 * forwarded to its children; without this they would live on, holding ports, against a broker that died
 * with the launcher.
 */
public final class ParentWatchdog {
  private static final Logger LOG = LoggerFactory.getLogger(ParentWatchdog.class);

  private ParentWatchdog() {}

  /** Starts watching if {@code HORDE_PARENT_PID} is set. */
  public static void watch(HordeEnv env) {
    String pid = env.get(HordeEnv.PARENT_PID, null);
    if (pid == null) {
      return;
    }
    ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
        parent -> parent.onExit().thenRun(ParentWatchdog::halt),
        ParentWatchdog::halt);
  }

  private static void halt() {
    LOG.error("the launcher is gone; stopping at once");
    // halt, not exit: the broker died with the launcher, so an orderly shutdown would only hang.
    Runtime.getRuntime().halt(137);
  }
}
