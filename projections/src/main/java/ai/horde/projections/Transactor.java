package ai.horde.projections;

import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Runs work in one database transaction over a {@link ReadModelStore}: committed if it returns, rolled back
 * if it throws. The service's comes from Micronaut's transaction manager; the rebuild command (and tests)
 * use a plain JDBC connection per transaction.
 */
interface Transactor {
  /** What runs inside the transaction. */
  interface Work<T> {
    T run(ReadModelStore store) throws SQLException;
  }

  <T> T inTransaction(Work<T> work);

  static Transactor of(TransactionOperations<Connection> transactions) {
    return new Transactor() {
      @Override
      public <T> T inTransaction(Work<T> work) {
        return transactions.executeWrite(status -> work.run(new ReadModelStore(status.getConnection())));
      }
    };
  }

  static Transactor jdbc(String url, String user, String password) {
    return new Transactor() {
      @Override
      public <T> T inTransaction(Work<T> work) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
          connection.setAutoCommit(false);
          try {
            T result = work.run(new ReadModelStore(connection));
            connection.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          }
        } catch (SQLException e) {
          throw new IllegalStateException("database transaction failed: " + e.getMessage(), e);
        }
      }
    };
  }
}
