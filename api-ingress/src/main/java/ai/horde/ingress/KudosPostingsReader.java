package ai.horde.ingress;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the kudos journal from the {@code kudos_postings} table the projections service folds
 * {@code horde.kudos-postings} into (the journal read model). A database that is down fails the read with a
 * 503; the rest of ingress does not depend on it.
 */
@Singleton
final class KudosPostingsReader {
  /** One applied posting of an account; kudos in hundredths. */
  record Entry(String postingId, String transactionId, String kind, long amountCenti, Long balanceAfterCenti,
      Instant occurredAt) {}

  private final ReadModels readModels;

  KudosPostingsReader(ReadModels readModels) {
    this.readModels = readModels;
  }

  /**
   * The account's postings in the order the ledger applied them, newest first: {@code limit} after
   * {@code offset}. All postings of one account are in one partition of the journal, so their offsets there
   * are that order.
   */
  CompletableFuture<List<Entry>> newestFirst(String account, long offset, int limit) {
    SqlQuery query = SqlQuery.of("""
        SELECT posting_id, transaction_id, kind, amount, balance_after, occurred_at FROM kudos_postings
        WHERE account = ? ORDER BY journal_offset DESC LIMIT ? OFFSET ?""", account, limit, offset);
    return readModels.list("kudos journal", query, row -> {
      BigDecimal balanceAfter = row.getBigDecimal(5);
      return new Entry(row.getString(1), row.getString(2), row.getString(3), centi(row.getBigDecimal(4)),
          balanceAfter == null ? null : centi(balanceAfter), row.getObject(6, OffsetDateTime.class).toInstant());
    });
  }

  /** Exact: the columns are numeric(20,2). */
  private static long centi(BigDecimal kudos) {
    return kudos.movePointRight(2).longValueExact();
  }
}
