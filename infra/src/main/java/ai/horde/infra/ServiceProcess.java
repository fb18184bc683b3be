package ai.horde.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service running as a child process, restarted whenever it exits until {@link #stop} is called. Its
 * output (stdout and stderr) is copied line by line to ours, each line prefixed with {@code [<name>] }; an exit
 * action sees each run's exit code (that is how a first run's class data archive is kept).
 *
 * <p>Restarts back off: 1 s after the first exit, doubling up to 30 s, and back to 1 s after a run of a
 * minute or more, so a service that cannot start does not spin but a rare crash is repaired quickly.
 *
 * <p>Known gap: no readiness notion; a service that runs but never becomes healthy is not restarted.
 */
final class ServiceProcess {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
  private static final long FIRST_BACKOFF_SECONDS = 1;
  private static final long MAX_BACKOFF_SECONDS = 30;
  private static final Duration STABLE_RUN = Duration.ofMinutes(1);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final String name;
  private final ProcessBuilder builder;
  private final IntConsumer afterExit;
  private final Thread supervisor;
  private Process process; // guarded by this
  private boolean stopping; // guarded by this

  private ServiceProcess(String name, List<String> command, Map<String, String> environment,
      IntConsumer afterExit) {
    this.name = name;
    this.afterExit = afterExit;
    this.supervisor = new Thread(this::supervise, "supervise-" + name);
    this.builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
  }

  /** Starts the service; a supervising thread keeps it running. */
  static ServiceProcess start(String name, List<String> command, Map<String, String> environment) {
    return start(name, command, environment, exitCode -> {});
  }

  /** Starts the service; a supervising thread keeps it running and calls {@code afterExit} after each run. */
  static ServiceProcess start(String name, List<String> command, Map<String, String> environment,
      IntConsumer afterExit) {
    ServiceProcess service = new ServiceProcess(name, command, environment, afterExit);
    service.supervisor.setDaemon(true);
    service.supervisor.start();
    return service;
  }

  String name() {
    return name;
  }

  /** Stops restarting and asks the process to end (SIGTERM); see {@link #awaitStopped}. */
  void stop() {
    Process current;
    synchronized (this) {
      stopping = true;
      current = process;
      notifyAll();
    }
    if (current != null) {
      // Through the handle: Process.destroy() would also close the pipe and lose the service's last words.
      current.toHandle().destroy();
    }
  }

  /**
   * After {@link #stop}: waits up to 30 s for the process to end, then kills it (SIGKILL); returns once its
   * exit action ran.
   */
  void awaitStopped() throws InterruptedException {
    Process current;
    synchronized (this) {
      current = process;
    }
    if (current != null && !current.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.warn("{} did not stop within {} s; killing it", name, STOP_GRACE.toSeconds());
      current.toHandle().destroyForcibly();
      current.waitFor();
    }
    supervisor.join(STOP_GRACE.toMillis());
  }

  private void supervise() {
    long backoffSeconds = FIRST_BACKOFF_SECONDS;
    while (true) {
      long started = System.nanoTime();
      String outcome = runOnce();
      if (System.nanoTime() - started >= STABLE_RUN.toNanos()) {
        backoffSeconds = FIRST_BACKOFF_SECONDS;
      }
      synchronized (this) {
        if (stopping) {
          return;
        }
        LOG.warn("{} {}; restarting in {} s", name, outcome, backoffSeconds);
        if (!waitUnlessStopping(Duration.ofSeconds(backoffSeconds))) {
          return;
        }
      }
      backoffSeconds = Math.min(backoffSeconds * 2, MAX_BACKOFF_SECONDS);
    }
  }

  /** Runs the process to its end, copying its output; says how it ended. */
  private String runOnce() {
    Process current;
    synchronized (this) {
      if (stopping) {
        return "was stopped";
      }
      try {
        current = builder.start();
      } catch (IOException e) {
        return "could not start (" + e.getMessage() + ")";
      }
      process = current;
    }
    try (BufferedReader output = new BufferedReader(new InputStreamReader(current.getInputStream()))) {
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        System.out.println("[" + name + "] " + line);
      }
    } catch (IOException e) {
      if (current.isAlive()) {
        // Unread output would soon block it; better to restart it.
        LOG.warn("lost the output of {} ({}); killing it", name, e.getMessage());
        current.toHandle().destroyForcibly();
      }
    }
    try {
      int exitCode = current.waitFor();
      afterExit.accept(exitCode);
      return "exited with code " + exitCode;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "was interrupted";
    }
  }

  /** Waits {@code duration}, or less if stopped; true if not stopped. Holds the monitor. */
  private boolean waitUnlessStopping(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    try {
      while (!stopping && System.nanoTime() < deadline) {
        TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !stopping;
  }
}
