package ai.horde.infra;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.runtime.HordeEnv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor as {@code ./horde run} starts it: a real launcher JVM (broker and PostgreSQL, no service). */
class LauncherSupervisorTest {
  @TempDir Path home;

  @Test
  void keepsTheLaunchersRecordingAfterACleanStopAndTheLauncherDiesWithIt() throws Exception {
    // Given a home with no class data yet
    Path classData = home.resolve(HordeLauncher.CLASS_DATA_DIR);

    // When a supervised launcher is started and stopped with SIGTERM
    Supervised first = Supervised.start(home);
    first.process.destroy();

    // Then the supervisor ends as the launcher did, and the launcher's recording became its archive
    assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).as(first.output()).isTrue();
    assertThat(first.process.exitValue()).as(first.output()).isEqualTo(143);
    assertThat(files(classData, ".jsa")).as(first.output()).hasSize(1);
    assertThat(files(classData, ".tmp")).isEmpty();

    // When the next one, which maps that archive, loses its supervisor to a SIGKILL
    Supervised second = Supervised.start(home);
    ProcessHandle launcher = second.process.toHandle().children().findFirst().orElseThrow();
    second.process.destroyForcibly();

    // Then the launcher stops too, instead of running on without anyone to stop it
    assertThat(launcher.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(files(classData, ".jsa")).hasSize(1);
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).toList();
    }
  }

  /** A supervisor JVM on this module's runtime classpath, started once its launcher has its broker and database. */
  private record Supervised(Process process, List<String> lines) {
    static Supervised start(Path home) throws Exception {
      Path module = Path.of("").toAbsolutePath();
      String classpath = module.resolve("target/classes") + ":"
          + Files.readString(module.resolve("target/classpath.txt")).strip();
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", classpath, LauncherSupervisor.class.getName()).redirectErrorStream(true);
      builder.environment().putAll(Map.of(
          HordeLauncher.HOME, home.toString(),
          HordeEnv.DATA_DIR, home.resolve("data").toString(),
          HordeLauncher.SERVICES, "",
          HordeLauncher.KAFKA_PORT, "0",
          HordeLauncher.KAFKA_CONTROLLER_PORT, "0",
          HordeLauncher.PG_PORT, "0"));
      Supervised supervised = new Supervised(builder.start(), new CopyOnWriteArrayList<>());
      Thread reader = new Thread(() -> {
        try (BufferedReader output = new BufferedReader(
            new InputStreamReader(supervised.process.getInputStream(), StandardCharsets.UTF_8))) {
          output.lines().forEach(supervised.lines::add);
        } catch (IOException | UncheckedIOException gone) {
          // the supervisor is gone
        }
      });
      reader.setDaemon(true);
      reader.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (supervised.lines.stream().noneMatch(line -> line.contains("topics ready"))) {
        assertThat(supervised.process.isAlive()).as(supervised.output()).isTrue();
        assertThat(System.nanoTime()).as(supervised.output()).isLessThan(deadline);
        Thread.sleep(100);
      }
      return supervised;
    }

    String output() {
      return String.join("\n", lines);
    }
  }
}
