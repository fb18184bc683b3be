package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The kudos audit read, {@code GET /api/v2/kudos/postings}: the postings of one user's account, newest first,
 * each with the balance right after it. The order and the checks are: the query (400), the key (401), whose
 * postings (403, see {@link KudosPostingsQuery#subjectId}), that user (404), then the journal.
 *
 * <p>The journal is read from PostgreSQL, which the projections service fills from
 * {@code horde.kudos-postings}: it lags the ledger, so a posting applied a moment ago (and already counted in
 * the balance {@code /find_user} shows) may not be listed yet. Known gap: nothing tells the caller how far
 * behind the list is.
 */
@Singleton
final class KudosPostings {

  private final Identities identities;
  private final HordeViews views;
  private final KudosPostingsReader reader;

  KudosPostings(Identities identities, HordeViews views, KudosPostingsReader reader) {
    this.identities = identities;
    this.views = views;
    this.reader = reader;
  }

  CompletableFuture<MutableHttpResponse<String>> read(String apiKey, String page, String limit, String userId) {
    KudosPostingsQuery query = KudosPostingsQuery.parse(page, limit, userId);
    if (apiKey == null) {
      throw HordeError.invalidApiKey();
    }
    return identities.require(apiKey)
        .thenCompose(requester -> existing(query.subjectId(requester), requester))
        .thenCompose(subject -> {
          String account = Accounts.user(subject);
          return reader.newestFirst(account, query.offset(), query.limit())
              .thenApply(entries -> Responses.ok(render(account, query, entries)));
        });
  }

  /** The id, once known to be a user's; a user registered a moment ago elsewhere is waited for briefly. */
  private CompletableFuture<Long> existing(long subjectId, UserAccount requester) {
    if (subjectId == requester.getUserId()) {
      return CompletableFuture.completedFuture(subjectId);
    }
    return views.find(() -> views.users.byId(subjectId), List.of(Topics.USER_EVENTS))
        .thenApply(user -> user.orElseThrow(() -> KudosPostingsQuery.userNotFound(subjectId)).getUserId());
  }

  /** Amounts in kudos; {@code kind} is the posting kind in lower case; times are ISO-8601 instants. */
  static ObjectNode render(String account, KudosPostingsQuery query, List<KudosPostingsReader.Entry> entries) {
    ObjectNode body = Responses.JSON.createObjectNode()
        .put("account", account).put("page", query.page()).put("limit", query.limit());
    ArrayNode postings = body.putArray("postings");
    for (KudosPostingsReader.Entry entry : entries) {
      ObjectNode posting = postings.addObject()
          .put("id", entry.postingId())
          .put("transaction_id", entry.transactionId())
          .put("kind", entry.kind().toLowerCase(Locale.ROOT))
          .put("amount", entry.amountCenti() / 100.0);
      if (entry.balanceAfterCenti() == null) {
        posting.putNull("balance_after");
      } else {
        posting.put("balance_after", entry.balanceAfterCenti() / 100.0);
      }
      posting.put("occurred_at", entry.occurredAt().toString());
    }
    return body;
  }
}
