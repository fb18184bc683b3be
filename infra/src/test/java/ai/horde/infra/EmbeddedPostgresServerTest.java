package ai.horde.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

  @Test
  void servesTheHordeDatabase(@TempDir Path dir) throws Exception {
    // Given a fresh data directory
    // When a server starts on it
    try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir.resolve("postgres"), 0)) {
      // Then the database horde answers
      assertThat(server.jdbcUrl()).endsWith("/horde");
      assertThat(queryLong(server, "select 1")).isEqualTo(1);
    }
  }

  @Test
  void keepsRowsAcrossARestart(@TempDir Path dir) throws Exception {
    // Given a table with two rows
    Path dataDir = dir.resolve("postgres");
    try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, 0)) {
      execute(server, "create table kept (id int primary key)");
      execute(server, "insert into kept values (1), (2)");
    }

    // When the server is started again on the same directory
    try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, 0)) {
      // Then the rows are there
      assertThat(queryLong(server, "select count(*) from kept")).isEqualTo(2);
    }
  }

  @Test
  void takesOverFromAServerThatADeadLauncherLeftRunning(@TempDir Path dir) throws Exception {
    // Given a server that was never stopped (its launcher died) and a row it acknowledged
    Path dataDir = dir.resolve("postgres");
    int port = Ports.free(0, "the test");
    EmbeddedPostgresServer leftover = new EmbeddedPostgresServer(dataDir, port);
    execute(leftover, "create table kept (id int primary key)");
    execute(leftover, "insert into kept values (1)");

    // When a new server starts on the same directory and port
    try (EmbeddedPostgresServer successor = new EmbeddedPostgresServer(dataDir, port)) {
      // Then it serves the data
      assertThat(queryLong(successor, "select count(*) from kept")).isEqualTo(1);
      // and closing the leftover does not stop the successor
      leftover.close();
      assertThat(queryLong(successor, "select count(*) from kept")).isEqualTo(1);
    }
  }

  static long queryLong(EmbeddedPostgresServer server, String sql) throws SQLException {
    try (Connection connection = connect(server);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
    try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "");
  }
}
