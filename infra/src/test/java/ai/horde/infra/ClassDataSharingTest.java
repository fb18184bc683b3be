package ai.horde.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {
  @TempDir Path dir;

  /** What the JVM of the round-trip test runs. */
  static final class Hello {
    public static void main(String[] args) {
      System.out.println("hello " + ClassDataSharingTest.class.getSimpleName());
    }
  }

  @Test
  void aServiceRecordsAnArchiveOnItsFirstRunAndMapsItOnTheNext() throws Exception {
    // Given the test classes (a directory) and a cache
    Path classes = Path.of(Hello.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes).isDirectory();
    Path cache = dir.resolve("class-data");

    // When it runs twice, each run prepared as the launcher prepares a service
    String firstRun = runJvm(ClassDataSharing.prepare("hello", classes.toString(), cache));
    String secondRun = runJvm(ClassDataSharing.prepare("hello", classes.toString(), cache));

    // Then the first recorded an archive and the second loaded its own classes from it
    assertThat(firstRun).contains("hello ClassDataSharingTest");
    assertThat(jsaFiles(cache)).hasSize(1);
    assertThat(secondRun).contains("hello ClassDataSharingTest")
        .containsPattern("ClassDataSharingTest\\$Hello source: shared objects file");
    assertThat(tmpFiles(cache)).isEmpty();
  }

  @Test
  void aClassDirectoryIsRunFromAJarOfItsContent() throws Exception {
    // Given a module's classes directory
    Path classes = Files.createDirectories(dir.resolve("my-module/target/classes/a"));
    Files.writeString(classes.resolve("A.class"), "not really a class");
    Path cache = dir.resolve("class-data");

    // When
    ClassDataSharing.Run run = ClassDataSharing.prepare("svc", classes.getParent() + ":/elsewhere/lib.jar", cache);

    // Then the directory became a jar named after its module, holding its files; jars stay as they are
    String[] entries = run.classpath().split(":");
    assertThat(entries[0]).startsWith(cache.resolve("my-module-").toString()).endsWith(".jar");
    assertThat(entries[1]).isEqualTo("/elsewhere/lib.jar");
    try (JarFile jar = new JarFile(entries[0])) {
      assertThat(jar.getEntry("a/A.class")).isNotNull();
      assertThat(jar.getEntry("a/").isDirectory()).isTrue();
    }

    // And when a class changes, the next run gets another jar and so another archive
    Files.writeString(classes.resolve("A.class"), "another class");
    Files.setLastModifiedTime(classes.resolve("A.class"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    ClassDataSharing.Run changed = ClassDataSharing.prepare("svc", classes.getParent() + ":/elsewhere/lib.jar", cache);
    assertThat(changed.classpath()).isNotEqualTo(run.classpath());
    assertThat(changed.jvmOptions()).isNotEqualTo(run.jvmOptions());
  }

  @Test
  void aRecordingIsKeptOnlyAfterACleanExit() throws Exception {
    // Given a service with no archive yet, whose JVM wrote its recording and was then killed
    Path cache = dir.resolve("class-data");
    ClassDataSharing.Run killed = ClassDataSharing.prepare("svc", "/elsewhere/lib.jar", cache);
    Files.writeString(recording(killed), "half an archive");

    // When
    killed.afterExit().accept(137);

    // Then the recording is gone and the next run records again
    assertThat(tmpFiles(cache)).isEmpty();
    assertThat(jsaFiles(cache)).isEmpty();
    ClassDataSharing.Run stopped = ClassDataSharing.prepare("svc", "/elsewhere/lib.jar", cache);
    assertThat(stopped.jvmOptions()).anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit="));

    // And after a SIGTERM the recording becomes the archive the next run maps
    Files.writeString(recording(stopped), "an archive");
    stopped.afterExit().accept(143);
    assertThat(jsaFiles(cache)).hasSize(1);
    assertThat(ClassDataSharing.prepare("svc", "/elsewhere/lib.jar", cache).jvmOptions())
        .contains("-XX:SharedArchiveFile=" + jsaFiles(cache).get(0));
  }

  private static Path recording(ClassDataSharing.Run run) {
    return run.jvmOptions().stream().filter(option -> option.startsWith("-XX:ArchiveClassesAtExit="))
        .map(option -> Path.of(option.substring(option.indexOf('=') + 1))).findFirst().orElseThrow();
  }

  private static String runJvm(ClassDataSharing.Run run) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(run.jvmOptions());
    command.addAll(List.of("-Xlog:class+load=info", "-cp", run.classpath(), Hello.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    run.afterExit().accept(process.waitFor());
    return output;
  }

  private static List<Path> jsaFiles(Path cache) throws Exception {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.toString().endsWith(".jsa")).toList();
    }
  }

  private static List<Path> tmpFiles(Path cache) throws Exception {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.toString().endsWith(".tmp")).toList();
    }
  }
}
