package ai.horde.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class data sharing (CDS) for the launcher's and the services' JVMs: the classes a service loads at start-up are
 * parsed and verified once, written to an archive, and mapped from it on every later start. Class loading is most
 * of a service's start-up work (docs/performance/start-up.md); with the archives the four services start with
 * about 40 % less CPU, the launcher with about half (decision 0023).
 *
 * <p>JDK 17 archives only classes read from jars, and the services run from their modules' {@code target/classes}
 * directories: each directory on a classpath is first packed into a jar named after its content, in
 * {@code <home>/target/class-data/}, where the archives live too. A service with no archive for its exact
 * classpath records one when it exits ({@code -XX:ArchiveClassesAtExit}) into a temporary file, which becomes the
 * archive only if the JVM ended normally: a truncated archive would crash the next JVM that maps it. The JVM
 * itself checks that an archive matches the classpath and runs without one it cannot use.
 *
 * <p>The launcher's own JVM (the broker) gets its archive the same way from {@link LauncherSupervisor}.
 *
 * <p>Known gap: the first start after each build records, which costs that start about 15 % more CPU and each
 * JVM a second or two when it stops.
 */
final class ClassDataSharing {
  private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);
  /** The JVM's own CDS messages (classes it skips while recording) are no news to a user. */
  private static final String QUIET = "-Xlog:cds*=off";
  /** Exit codes after which a recorded archive is complete: a normal end, SIGINT, SIGTERM. */
  private static final Set<Integer> CLEAN_EXITS = Set.of(0, 130, 143);

  /** How to run one service: its classpath (jars only), extra JVM flags, and what to do once it exited. */
  record Run(String classpath, List<String> jvmOptions, IntConsumer afterExit) {}

  private ClassDataSharing() {}

  /** The way to run from {@code classpath} as it is, without an archive. */
  static Run without(String classpath) {
    return new Run(classpath, List.of(), exitCode -> {});
  }

  /**
   * The way to run {@code service} from {@code classpath} with an archive kept under {@code cacheDir}; on any
   * I/O failure, the classpath as it is and no archive (a slower start, nothing worse).
   */
  static Run prepare(String service, String classpath, Path cacheDir) {
    try {
      Files.createDirectories(cacheDir);
      List<String> jars = new ArrayList<>();
      for (String entry : classpath.split(":")) {
        Path path = Path.of(entry);
        jars.add(Files.isDirectory(path) ? jarOf(path, cacheDir).toString() : entry);
      }
      String jarClasspath = String.join(":", jars);
      Path archive = cacheDir.resolve(service + "-" + archiveStamp(jarClasspath) + ".jsa");
      if (Files.isRegularFile(archive)) {
        return new Run(jarClasspath, List.of(QUIET, "-XX:SharedArchiveFile=" + archive), exitCode -> {});
      }
      removeOthers(cacheDir, service + "-", ".jsa", archive);
      Path recording = cacheDir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      return new Run(jarClasspath, List.of(QUIET, "-XX:ArchiveClassesAtExit=" + recording),
          exitCode -> keep(recording, archive, exitCode));
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("{} starts without class data sharing: {}", service, e.getMessage());
      return without(classpath);
    }
  }

  /** Makes the recording the archive if the JVM that wrote it ended normally; drops it otherwise. */
  private static void keep(Path recording, Path archive, int exitCode) {
    try {
      if (CLEAN_EXITS.contains(exitCode) && Files.isRegularFile(recording) && Files.size(recording) > 0) {
        Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(recording);
      }
    } catch (IOException e) {
      LOG.warn("could not keep the class data archive {}: {}", archive, e.getMessage());
    }
  }

  /** A jar of {@code classes}, named after the directory's module and content; written once per content. */
  private static Path jarOf(Path classes, Path cacheDir) throws IOException {
    List<Path> files;
    List<Path> directories;
    try (Stream<Path> walk = Files.walk(classes)) {
      List<Path> all = walk.filter(path -> !path.equals(classes)).sorted().toList();
      files = all.stream().filter(Files::isRegularFile).toList();
      directories = all.stream().filter(Files::isDirectory).toList();
    }
    MessageDigest digest = sha256();
    for (Path file : files) {
      digest.update((classes.relativize(file) + "|" + Files.size(file) + "|"
          + Files.getLastModifiedTime(file).toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    // <module>/target/classes: the module's name tells the jars apart.
    String prefix = classes.toAbsolutePath().getParent().getParent().getFileName() + "-";
    Path jar = cacheDir.resolve(prefix + stamp(digest) + ".jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Path partial = Files.createTempFile(cacheDir, prefix, ".jar.tmp");
    try (OutputStream out = Files.newOutputStream(partial); JarOutputStream jarOut = new JarOutputStream(out)) {
      // Directory entries too: resource scans (Flyway's migrations, Micronaut's) list a jar's directories.
      for (Path directory : directories) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(directory) + "/"));
        jarOut.closeEntry();
      }
      for (Path file : files) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString()));
        Files.copy(file, jarOut);
        jarOut.closeEntry();
      }
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    removeOthers(cacheDir, prefix, ".jar", jar);
    return jar;
  }

  /**
   * Names an archive after everything the JVM checks it against: the JVM and every classpath entry's name,
   * size and modification time.
   */
  private static String archiveStamp(String classpath) throws IOException {
    MessageDigest digest = sha256();
    digest.update((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "\n")
        .getBytes(StandardCharsets.UTF_8));
    for (String entry : classpath.split(":")) {
      Path path = Path.of(entry);
      String facts = Files.exists(path) ? Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis() : "-";
      digest.update((entry + "|" + facts + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return stamp(digest);
  }

  /**
   * Removes the files of an older build ({@code prefix*suffix} other than {@code current}), left an hour so that
   * a horde still running from them can restart a service. Recordings left by a killed launcher go too.
   */
  private static void removeOthers(Path cacheDir, String prefix, String suffix, Path current) throws IOException {
    long anHourAgo = System.currentTimeMillis() - 3_600_000;
    try (Stream<Path> files = Files.list(cacheDir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        // A module and a service may share a prefix (projections): only this kind's files and their partials.
        boolean ofThisKind = name.endsWith(suffix) || name.contains(suffix + ".") && name.endsWith(".tmp");
        if (name.startsWith(prefix) && ofThisKind && !file.equals(current)
            && Files.getLastModifiedTime(file).toMillis() < anHourAgo) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static String stamp(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
