package ai.horde.ingress;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
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
 * Reads the kudos journal from the {@code kudos_postings} table the projections service folds
 * {@code horde.kudos-postings} into. JDBC blocks, so reads run on a few threads of their own (as many as the
 * pool has connections), never on the HTTP event loop.
 *
 * <p>A database that is down, or not migrated yet, fails the read with a 503 after the pool's connection
 * timeout; the rest of ingress does not depend on it.
 */
@Singleton
final class KudosPostingsReader {
  private static final Logger LOG = LoggerFactory.getLogger(KudosPostingsReader.class);
  private static final int THREADS = 4;

  /** One applied posting of an account; kudos in hundredths. */
  record Entry(String postingId, String transactionId, String kind, long amountCenti, Long balanceAfterCenti,
      Instant occurredAt) {}

  private final DataSource dataSource;
  private final ExecutorService executor;

  KudosPostingsReader(DataSource dataSource) {
    this.dataSource = dataSource;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(THREADS, task -> {
      Thread thread = new Thread(task, "kudos-postings-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The account's postings in the order the ledger applied them, newest first: {@code limit} after {@code offset}. */
  CompletableFuture<List<Entry>> newestFirst(String account, long offset, int limit) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return select(account, offset, limit);
      } catch (SQLException e) {
        LOG.warn("reading the kudos journal of {} failed", account, e);
        throw new CompletionException(new HordeError(503, "ServiceUnavailable",
            "The kudos journal cannot be read right now. Please try again."));
      }
    }, executor);
  }

  private List<Entry> select(String account, long offset, int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("""
            SELECT posting_id, transaction_id, kind, amount, balance_after, occurred_at FROM kudos_postings
            WHERE account = ? ORDER BY journal_offset DESC LIMIT ? OFFSET ?""")) {
      statement.setString(1, account);
      statement.setInt(2, limit);
      statement.setLong(3, offset);
      List<Entry> entries = new ArrayList<>(limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          BigDecimal balanceAfter = rows.getBigDecimal(5);
          entries.add(new Entry(rows.getString(1), rows.getString(2), rows.getString(3), centi(rows.getBigDecimal(4)),
              balanceAfter == null ? null : centi(balanceAfter), rows.getObject(6, OffsetDateTime.class).toInstant()));
        }
      }
      return entries;
    }
  }

  /** Exact: the columns are numeric(20,2). */
  private static long centi(BigDecimal kudos) {
    return kudos.movePointRight(2).longValueExact();
  }

  @PreDestroy
  void close() {
    executor.shutdownNow();
  }
}
