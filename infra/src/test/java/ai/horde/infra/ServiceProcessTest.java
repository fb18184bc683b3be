package ai.horde.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {
  @TempDir Path dir;

  @Test
  void restartsAServiceThatExits() throws Exception {
    // Given a service that exits at once
    Path runs = dir.resolve("runs");
    ServiceProcess service = ServiceProcess.start("quitter",
        List.of("sh", "-c", "echo run >> \"$RUNS\"; exit 3"), Map.of("RUNS", runs.toString()));

    // Then it is started again (after a 1 s backoff)
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(runs) && Files.readAllLines(runs).size() >= 2);
    service.stop();
    service.awaitStopped();
  }

  @Test
  void stopEndsTheServiceAndItsRestarts() throws Exception {
    // Given a running service that writes its pid
    Path pidFile = dir.resolve("pid");
    ServiceProcess service = ServiceProcess.start("sleeper",
        List.of("sh", "-c", "echo $$ >> \"$PID_FILE\"; exec sleep 600"), Map.of("PID_FILE", pidFile.toString()));
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0));

    // When
    service.stop();
    service.awaitStopped();

    // Then the process is gone, and no other is started (for longer than the first restart backoff)
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
        .until(() -> Files.readAllLines(pidFile).size() == 1);
  }

  @Test
  void prefixesEachOutputLineWithTheServiceName() throws Exception {
    // Given our standard output captured
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      // When a service prints two lines
      ServiceProcess service = ServiceProcess.start("talker",
          List.of("sh", "-c", "echo hello; echo world >&2; exec sleep 600"), Map.of());

      // Then both appear with its name in front
      await().atMost(Duration.ofSeconds(10)).until(() -> captured.toString().contains("[talker] world"));
      assertThat(captured.toString()).contains("[talker] hello\n");
      service.stop();
      service.awaitStopped();
    } finally {
      System.setOut(original);
    }
  }
}
