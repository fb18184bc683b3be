package ai.horde.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky's binaries) with its data in a directory of its own, serving the
 * database {@value #DATABASE} to the user {@value #USER} without a password. The launcher runs it as the
 * horde's default database; services start it in their integration tests.
 *
 * <p>The binaries are extracted once per machine under {@code <java.io.tmpdir>/horde-postgres-binaries}
 * (zonky keys them by content, so a new version gets a new directory): every launcher and test run shares
 * them, and the data directory holds only data. The server's own log goes to {@code <data dir>.log}.
 *
 * <p>A launcher killed with SIGKILL leaves its PostgreSQL running. The next start on the same data
 * directory stops that server first (immediate shutdown, then crash recovery on start), unless another
 * live process still holds the directory.
 *
 * <p>Known gaps: listens on localhost only; no password; Linux x86-64 only (the binaries bundled here).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String DATABASE = "horde";
  public static final String USER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final Path BINARIES = Path.of(System.getProperty("java.io.tmpdir"), "horde-postgres-binaries");
  /** zonky's lock on a data directory, held by the process that started the server. */
  private static final String LOCK_FILE = "epg-lock";

  private final EmbeddedPostgres postgres;
  private final ProcessHandle postmaster;

  /**
   * Starts the server (creating the data directory and the database if needed) and returns once it
   * answers queries.
   *
   * @param port 0 for a free one
   */
  public EmbeddedPostgresServer(Path dataDir, int port) {
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    try {
      stopLeftoverServer(dataDir);
      postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          // We stop it ourselves, after the services and the broker; zonky's hook would stop it first.
          .setRegisterShutdownHook(false)
          .setOverrideWorkingDirectory(BINARIES.toFile())
          .setPort(Ports.free(port, "PostgreSQL"))
          // zonky turns it off; then a leftover server's immediate shutdown could lose acknowledged commits.
          .setServerConfig("synchronous_commit", "on")
          .setOutputRedirector(Redirect.appendTo(log.toFile()))
          .setErrorRedirector(Redirect.appendTo(log.toFile()))
          .start();
      postmaster = postmasterOf(dataDir).orElseThrow();
      createDatabase();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("PostgreSQL did not start on " + dataDir + ": " + e.getMessage()
          + " (see " + log + ")", e);
    }
  }

  /** The database {@value #DATABASE}; connect as {@value #USER} with an empty password. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
  }

  @Override
  public void close() throws IOException {
    // If our server is already gone (a later instance stopped it as a leftover), stopping "the server
    // of this directory" would stop that instance's server instead.
    if (postmaster.isAlive()) {
      postgres.close();
    }
  }

  private void createDatabase() throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      boolean exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'").next();
      if (!exists) {
        statement.execute("create database " + DATABASE);
      }
    }
  }

  /** Stops a server that a dead launcher left running on {@code dataDir}. */
  private static void stopLeftoverServer(Path dataDir) throws Exception {
    Optional<ProcessHandle> leftover = postmasterOf(dataDir);
    if (leftover.isEmpty()) {
      return;
    }
    if (lockedByAnotherProcess(dataDir.resolve(LOCK_FILE))) {
      throw new IllegalStateException("another running process uses it (is a horde already running?)");
    }
    long pid = leftover.get().pid();
    LOG.warn("PostgreSQL (pid {}) left running by an earlier launcher; stopping it", pid);
    // SIGQUIT is PostgreSQL's immediate shutdown; the next start recovers from the write-ahead log.
    new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
    try {
      leftover.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("PostgreSQL (pid " + pid + ") left running by an earlier launcher did not stop");
    }
    // A new lock file: the old one may still be locked by this JVM (a test "killing" its launcher).
    Files.deleteIfExists(dataDir.resolve(LOCK_FILE));
  }

  /** The live postmaster named by the data directory's pid file, if any. */
  private static Optional<ProcessHandle> postmasterOf(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    // After a reboot the pid may belong to some other program.
    return Files.readAllLines(pidFile).stream().findFirst()
        .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid.trim())))
        .filter(p -> p.info().command().orElse("").endsWith("/postgres"));
  }

  private static boolean lockedByAnotherProcess(Path lockFile) throws IOException {
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        lock.release();
      }
      return lock == null;
    } catch (OverlappingFileLockException | NoSuchFileException heldInThisJvmOrNone) {
      return false;
    }
  }
}
