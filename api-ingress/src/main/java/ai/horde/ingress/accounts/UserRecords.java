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
 * {@code user_records} table of the text-stats read model, the {@code image_user_records} table of the
 * image-stats one and the {@code alchemy_user_records} table of the alchemy-stats one, and the pages of
 * {@code GET /users}. Tokens are counted as each job's {@code max_length}, as the reference does (its quirk
 * Q23); images as their pixel-steps; alchemy forms only as fulfilled and requested ones (they have no things).
 */
@Singleton
final class UserRecords {
  /** One user's records; a user without any has none of its rows. */
  record Done(long contributionTokens, long fulfilledText, long usageTokens, long requestedText,
      long contributionPixelsteps, long fulfilledImage, long usagePixelsteps, long requestedImage,
      long fulfilledInterrogation, long requestedInterrogation) {
    static final Done NONE = new Done(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Reads the ten counters from the columns starting at {@code first}. */
    static Done read(ResultSet row, int first) throws SQLException {
      long[] values = new long[10];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.getLong(first + i);
      }
      return new Done(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
          values[8], values[9]);
    }
  }

  /** A user of a page, with its records. */
  record Ranked(long userId, Done records) {}

  /** The record columns, zero for a user without a row, for a query that LEFT JOINs {@link #RECORDS}. */
  private static final String COLUMNS = "coalesce(r.contribution_tokens, 0), coalesce(r.fulfillment_text, 0), "
      + "coalesce(r.usage_tokens, 0), coalesce(r.request_text, 0), coalesce(i.contribution_pixelsteps, 0), "
      + "coalesce(i.fulfillment_image, 0), coalesce(i.usage_pixelsteps, 0), coalesce(i.request_image, 0), "
      + "coalesce(a.fulfillment_interrogation, 0), coalesce(a.request_interrogation, 0)";
  private static final String RECORDS = "LEFT JOIN user_records r ON r.user_id = u.id "
      + "LEFT JOIN image_user_records i ON i.user_id = u.id "
      + "LEFT JOIN alchemy_user_records a ON a.user_id = u.id ";

  private final ReadModels readModels;

  UserRecords(ReadModels readModels) {
    this.readModels = readModels;
  }

  /**
   * The user's records. Identity reads (find_user, a worker's start) must not fail with the database: when it
   * cannot be read the records are shown as none.
   */
  CompletableFuture<Done> of(long userId) {
    SqlQuery query = SqlQuery.of("SELECT " + COLUMNS + " FROM (SELECT ?::bigint AS id) u " + RECORDS, userId);
    return readModels.list("user records", query, row -> Done.read(row, 1))
        .thenApply(rows -> rows.isEmpty() ? Done.NONE : rows.get(0))
        .exceptionally(unreadable -> Done.NONE);
  }

  /** A page of users' ids in the order asked for, with their records (U1: wiped users left out). */
  CompletableFuture<List<Ranked>> page(boolean byAge, int offset, int limit) {
    String order = byAge ? "u.created_at, u.id" : "coalesce(b.balance, 0) DESC, u.id";
    SqlQuery query = SqlQuery.of("SELECT u.id, " + COLUMNS + " FROM users u "
        + "LEFT JOIN account_balances b ON b.account = 'user:' || u.id "
        + RECORDS
        + "WHERE u.oauth_id <> '<wiped>' ORDER BY " + order + " LIMIT ? OFFSET ?", limit, offset);
    return readModels.list("users", query, row -> new Ranked(row.getLong(1), Done.read(row, 2)));
  }
}
