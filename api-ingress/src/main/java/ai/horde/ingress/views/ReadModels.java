package ai.horde.ingress.views;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.NulBytes;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs read-only queries against the PostgreSQL read models the projections service keeps (workers, users,
 * teams, text jobs, projection status) for the list and statistics reads. JDBC blocks, so queries run on a
 * few threads of their own (as many as the pool has connections), never on the HTTP event loop.
 *
 * <p>A database that is down, or not migrated yet, fails the read with a 503 after the pool's connection
 * timeout; the rest of ingress does not depend on it. Everything read here lags the topics by the
 * projection's delay ({@code GET /api/v2/status/projections} says by how much).
 */
@Singleton
public final class ReadModels {
  private static final Logger LOG = LoggerFactory.getLogger(ReadModels.class);
  private static final int THREADS = 4;

  /** Reads one row of a result. */
  public interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  private final DataSource dataSource;
  private final ExecutorService executor;

  ReadModels(DataSource dataSource) {
    this.dataSource = dataSource;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(THREADS, task -> {
      Thread thread = new Thread(task, "read-models-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The rows of {@code query}; {@code what} names the read in the log and in the 503. */
  public <T> CompletableFuture<List<T>> list(String what, SqlQuery query, RowReader<T> reader) {
    // PostgreSQL text cannot hold a NUL: the reference's driver refuses such a parameter, and so the call.
    if (query.parameters().stream().anyMatch(parameter -> parameter instanceof String text && NulBytes.in(text))) {
      return CompletableFuture.failedFuture(NulBytes.refusal());
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        return select(query, reader);
      } catch (SQLException e) {
        LOG.warn("reading {} from the read models failed", what, e);
        throw new CompletionException(unavailable(what));
      }
    }, executor);
  }

  static ApiError unavailable(String what) {
    return ApiError.unavailable("The " + what + " cannot be read right now. Please try again.");
  }

  private <T> List<T> select(SqlQuery query, RowReader<T> reader) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(query.sql())) {
      List<Object> parameters = query.parameters();
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(reader.read(result));
        }
      }
      return rows;
    }
  }

  @PreDestroy
  void close() {
    executor.shutdownNow();
  }
}
