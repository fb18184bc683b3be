package ai.horde.ingress.kudos;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.kudos.KudosBodies.KudosPosting;
import ai.horde.ingress.kudos.KudosBodies.KudosPostings;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.ReadModels;
import ai.horde.ingress.views.SqlQuery;
import ai.horde.ingress.views.Visibility;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The kudos audit read, {@code GET /api/v2/kudos/postings}: the postings of one user's account, newest first,
 * each with the balance right after it. The order of the checks: the query (400), the key (401), whose
 * postings (403, see {@link KudosPostingsQuery#subjectId}), that user (404), then the journal.
 *
 * <p>The journal is read from the {@code kudos_postings} table, which the projections service folds from
 * {@code horde.kudos-postings}: it lags the ledger, so a posting applied a moment ago (and already counted in
 * the balance {@code /find_user} shows) may not be listed yet. All postings of one account are in one
 * partition of the journal, so their offsets there are the order the ledger applied them in.
 */
@Singleton
final class KudosPostingsReads {
  private final Identities identities;
  private final HordeViews views;
  private final Visibility visibility;
  private final ReadModels readModels;

  KudosPostingsReads(Identities identities, HordeViews views, Visibility visibility, ReadModels readModels) {
    this.identities = identities;
    this.views = views;
    this.visibility = visibility;
    this.readModels = readModels;
  }

  CompletableFuture<KudosPostings> read(String apiKey, KudosPostingsQuery query) {
    if (apiKey == null) {
      throw ApiError.invalidApiKey();
    }
    return identities.require(apiKey)
        .thenCompose(requester -> existing(query.subjectId(requester), requester))
        .thenCompose(subject -> {
          String account = Accounts.user(subject);
          SqlQuery select = SqlQuery.of("""
              SELECT posting_id, transaction_id, kind, amount, balance_after, occurred_at FROM kudos_postings
              WHERE account = ? ORDER BY journal_offset DESC LIMIT ? OFFSET ?""", account, query.limit(),
              query.offset());
          return readModels.list("kudos journal", select, row -> {
            BigDecimal balanceAfter = row.getBigDecimal(5);
            return new KudosPosting(row.getString(1), row.getString(2), row.getString(3).toLowerCase(Locale.ROOT),
                row.getBigDecimal(4).doubleValue(), balanceAfter == null ? null : balanceAfter.doubleValue(),
                row.getObject(6, OffsetDateTime.class).toInstant().toString());
          }).thenApply(postings -> new KudosPostings(account, query.page(), query.limit(), postings));
        });
  }

  /** The id, once known to be a user's; a user registered a moment ago elsewhere is waited for briefly. */
  private CompletableFuture<Long> existing(long subjectId, UserAccount requester) {
    if (subjectId == requester.getUserId()) {
      return CompletableFuture.completedFuture(subjectId);
    }
    return visibility.find(() -> views.users().byId(subjectId), List.of(Topics.USER_EVENTS))
        .thenApply(user -> user.orElseThrow(() -> new ApiError(404, "UserNotFound",
            "User with ID '" + subjectId + "' not found.")).getUserId());
  }
}
