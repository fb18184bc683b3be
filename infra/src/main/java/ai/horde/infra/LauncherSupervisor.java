package ai.horde.infra;

import ai.horde.runtime.HordeEnv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./horde run} starts: a small JVM that runs {@link HordeLauncher} in a child JVM with a class data
 * archive of its own (decision 0023), and passes on its exit code. The launcher's JVM (it hosts the broker) loads
 * more classes at start-up than any service; an archive halves its start-up CPU, but it is recorded as the JVM
 * exits and may be kept only after a clean exit, which someone outside that JVM has to see: this class.
 *
 * <p>SIGINT and SIGTERM end the child in order (a terminal's Ctrl-C reaches both; a SIGTERM to this JVM is passed
 * on). After a SIGKILL of this JVM, the launcher notices through {@code ParentWatchdog} and halts, as it would
 * have on a SIGKILL of its own, and its services stop after it.
 *
 * <p>Known gap: this JVM itself costs about half a CPU second and 70 MB resident (5 MB of heap).
 */
public final class LauncherSupervisor {
  /** The launcher's heap: the broker's caches are the OS's page cache, not the heap. */
  static final String LAUNCHER_HEAP = "512m";
  /** Extra flags for the launcher's JVM, after its own. */
  static final String LAUNCHER_JAVA_OPTIONS = "HORDE_LAUNCHER_JAVA_OPTIONS";

  private final Process launcher;
  private final ClassDataSharing.Run run;
  private Integer exitCode;

  private LauncherSupervisor(Process launcher, ClassDataSharing.Run run) {
    this.launcher = launcher;
    this.run = run;
  }

  public static void main(String[] args) throws IOException {
    HordeEnv env = HordeEnv.system();
    String classpath = System.getProperty("java.class.path");
    ClassDataSharing.Run run = Boolean.parseBoolean(env.get(HordeLauncher.CLASS_DATA_SHARING, "true"))
        ? ClassDataSharing.prepare("launcher", classpath,
            Path.of(env.get(HordeLauncher.HOME, ".")).toAbsolutePath().resolve(HordeLauncher.CLASS_DATA_DIR))
        : ClassDataSharing.without(classpath);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + LAUNCHER_HEAP));
    command.addAll(run.jvmOptions());
    // Flags for the launcher's JVM (a profiler, say), as HORDE_SERVICE_JAVA_OPTIONS for the services'.
    command.addAll(HordeLauncher.javaOptions(env, LAUNCHER_JAVA_OPTIONS, "launcher"));
    command.addAll(List.of("-cp", run.classpath(), HordeLauncher.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put(HordeEnv.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
    LauncherSupervisor supervisor = new LauncherSupervisor(builder.start(), run);
    Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop, "stop-launcher"));
    System.exit(supervisor.awaitExit());
  }

  /** SIGINT or SIGTERM here: the launcher stops in order, then its recording is kept or dropped. */
  private void stop() {
    launcher.destroy();
    awaitExit();
  }

  /**
   * Once the launcher exited, keeps or drops its recording and answers its exit code. Both the main thread and
   * the shutdown hook end here; the JVM ends when the hook returns, so the hook must not return before the
   * recording is dealt with.
   */
  private synchronized int awaitExit() {
    if (exitCode == null) {
      int code;
      while (true) {
        try {
          code = launcher.waitFor();
          break;
        } catch (InterruptedException e) {
          // not interrupted by anyone here; go on waiting
        }
      }
      run.afterExit().accept(code);
      exitCode = code;
    }
    return exitCode;
  }
}
