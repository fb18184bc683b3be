package ai.horde.ingress.accounts;

import ai.horde.ingress.views.ReadModels;
import ai.horde.ingress.views.SqlQuery;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a user has asked for and contributed (the {@code records} of its details, spec §1.5), read from the
 * {@code user_records} table of the text-stats read model, and the pages of {@code GET /users}. Tokens are
 * counted as each job's {@code max_length}, as the reference does (its quirk Q23).
 */
@Singleton
final class UserRecords {
  /** One user's text records; a user without any has none of its row. */
  record Text(long contributionTokens, long fulfilled, long usageTokens, long requested) {
    static final Text NONE = new Text(0, 0, 0, 0);

    /** Reads the four counters from the columns starting at {@code first}. */
    static Text read(ResultSet row, int first) throws SQLException {
      return new Text(row.getLong(first), row.getLong(first + 1), row.getLong(first + 2), row.getLong(first + 3));
    }
  }

  /** A user of a page, with its records. */
  record Ranked(long userId, Text records) {}

  /** The record columns, zero for a user without a row, for a query that LEFT JOINs user_records AS r. */
  private static final String COLUMNS = "coalesce(r.contribution_tokens, 0), coalesce(r.fulfillment_text, 0), "
      + "coalesce(r.usage_tokens, 0), coalesce(r.request_text, 0)";

  private final ReadModels readModels;

  UserRecords(ReadModels readModels) {
    this.readModels = readModels;
  }

  /**
   * The user's records. Identity reads (find_user, a worker's start) must not fail with the database: when it
   * cannot be read the records are shown as none.
   */
  CompletableFuture<Text> of(long userId) {
    SqlQuery query = SqlQuery.of("SELECT " + COLUMNS + " FROM (SELECT ?::bigint AS id) u "
        + "LEFT JOIN user_records r ON r.user_id = u.id", userId);
    return readModels.list("user records", query, row -> Text.read(row, 1))
        .thenApply(rows -> rows.isEmpty() ? Text.NONE : rows.get(0))
        .exceptionally(unreadable -> Text.NONE);
  }

  /** A page of users' ids in the order asked for, with their records (U1: wiped users left out). */
  CompletableFuture<List<Ranked>> page(boolean byAge, int offset, int limit) {
    String order = byAge ? "u.created_at, u.id" : "coalesce(b.balance, 0) DESC, u.id";
    SqlQuery query = SqlQuery.of("SELECT u.id, " + COLUMNS + " FROM users u "
        + "LEFT JOIN account_balances b ON b.account = 'user:' || u.id "
        + "LEFT JOIN user_records r ON r.user_id = u.id "
        + "WHERE u.oauth_id <> '<wiped>' ORDER BY " + order + " LIMIT ? OFFSET ?", limit, offset);
    return readModels.list("users", query, row -> new Ranked(row.getLong(1), Text.read(row, 2)));
  }
}
