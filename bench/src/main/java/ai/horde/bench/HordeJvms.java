package ai.horde.bench;

import ai.horde.ingress.HordeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The processes of the horde this JVM started (the launcher's supervisor, a child of this JVM, and its
 * descendants: the launcher, each service's JVM and PostgreSQL), by what they are, and what they hold in memory:
 * the heap used after a full GC ({@code jcmd GC.run}, then {@code jstat -gc}) and the resident set size
 * ({@code VmRSS} of {@code /proc/<pid>/status}).
 *
 * <p>Known gap: PostgreSQL's processes are counted separately (each one's RSS shares the buffer pool).
 */
final class HordeJvms {
  /** The main classes of the launcher and the services, by the name the benchmark prints. */
  static final Map<String, String> MAIN_CLASSES = mainClasses();
  /** The kernel's clock ticks per second of /proc's times (USER_HZ: 100 on Linux on x86 and ARM). */
  private static final int CLOCK_TICKS = 100;

  private HordeJvms() {}

  private static Map<String, String> mainClasses() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("supervisor", "ai.horde.infra.LauncherSupervisor");
    names.put("launcher+broker", "ai.horde.infra.HordeLauncher");
    names.put("ingress", "ai.horde.ingress.IngressApp");
    names.put("scheduler", "ai.horde.scheduler.SchedulerService");
    names.put("ledger", "ai.horde.ledger.LedgerService");
    names.put("projections", "ai.horde.projections.ProjectionsApp");
    return names;
  }

  /** What one process holds: its heap after a full GC (absent for PostgreSQL) and its RSS, in MB. */
  record Memory(String name, long pid, Optional<Double> heapAfterGcMb, double rssMb) {}

  /** Each of the horde's processes. */
  static List<Memory> measure() throws Exception {
    List<Memory> measured = new ArrayList<>();
    for (ProcessHandle process : ProcessHandle.current().descendants().toList()) {
      String command = HordeProcess.commandLine(process);
      String name = nameOf(command).orElse(null);
      if (name != null) {
        measured.add(new Memory(name, process.pid(), Optional.of(heapAfterGcMb(process.pid())), rssMb(process.pid())));
      } else if (command.contains("postgres")) {
        measured.add(new Memory("postgres", process.pid(), Optional.empty(), rssMb(process.pid())));
      }
    }
    return measured;
  }

  /**
   * The CPU seconds (user + system) each of the horde's processes has used so far, by name; PostgreSQL's
   * processes (started under {@code dataDirectory}, re-parented away from the launcher) summed under "postgres".
   * Differences of two readings say what a phase cost each process.
   */
  static Map<String, Double> cpuSeconds(Path dataDirectory) {
    Map<String, Double> used = new LinkedHashMap<>();
    MAIN_CLASSES.keySet().forEach(name -> used.put(name, 0.0));
    for (ProcessHandle process : ProcessHandle.current().descendants().toList()) {
      nameOf(HordeProcess.commandLine(process))
          .ifPresent(name -> used.merge(name, cpuSeconds(process.pid()), Double::sum));
    }
    Set<Long> postgres = new HashSet<>();
    ProcessHandle.allProcesses().filter(p -> {
      String command = HordeProcess.commandLine(p);
      return command.contains("postgres") && command.contains(dataDirectory.toString()) && !command.contains("java");
    }).forEach(server -> {
      postgres.add(server.pid());
      server.descendants().forEach(child -> postgres.add(child.pid()));
    });
    used.put("postgres", postgres.stream().mapToDouble(HordeJvms::cpuSeconds).sum());
    return used;
  }

  /** The launcher's or a service's name, by the main class in its command line. */
  private static Optional<String> nameOf(String command) {
    return MAIN_CLASSES.entrySet().stream().filter(e -> command.contains(e.getValue())).map(Map.Entry::getKey)
        .findFirst();
  }

  /** utime + stime of /proc/<pid>/stat (fields 14 and 15, after the command name in parentheses). */
  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended meanwhile
    }
  }

  /** A full GC, then the used survivor, eden and old spaces as {@code jstat -gc} shows them. */
  private static double heapAfterGcMb(long pid) throws Exception {
    run("jcmd", Long.toString(pid), "GC.run");
    List<String> lines = run("jstat", "-gc", Long.toString(pid));
    String[] header = lines.get(0).trim().split("\\s+");
    String[] values = lines.get(1).trim().split("\\s+");
    double usedKb = 0;
    for (int i = 0; i < header.length; i++) {
      if (List.of("S0U", "S1U", "EU", "OU").contains(header[i])) {
        usedKb += Double.parseDouble(values[i]);
      }
    }
    return usedKb / 1024;
  }

  private static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return 0;
  }

  private static List<String> run(String... command) throws Exception {
    Path jdkBin = Path.of(System.getProperty("java.home"), "bin");
    List<String> resolved = new ArrayList<>(List.of(command));
    resolved.set(0, jdkBin.resolve(command[0]).toString());
    Process process = new ProcessBuilder(resolved).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
