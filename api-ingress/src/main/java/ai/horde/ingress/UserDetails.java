package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountBalance;
import ai.horde.events.TextRequestStatus;
import ai.horde.events.UserAccount;
import ai.horde.events.WorkerState;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's details as the reference shows them to the user itself ({@code GET /find_user}, spec §1.5 level
 * 1). {@code kudos} and {@code kudos_details} come from the account's state as the ledger last published it
 * (centi-kudos there, kudos here); a bucket the ledger has not counted anything in yet is 0.
 *
 * <p>Known gaps: records, usage, contributions and the roles that later issues fill (styles, shared keys,
 * flags) are reported as zero, false or empty; the {@code recurring} and {@code styled} buckets stay 0 until
 * recurring kudos and styles exist.
 */
@Singleton
final class UserDetails {
  static final List<String> KUDOS_BUCKETS = List.of("accumulated", "gifted", "donated", "admin", "received",
      "recurring", "awarded", "styled");

  private final HordeViews views;

  UserDetails(HordeViews views) {
    this.views = views;
  }

  ObjectNode render(UserAccount user) {
    long now = System.currentTimeMillis();
    Optional<AccountBalance> account = views.balance(Accounts.user(user.getUserId()));
    ObjectNode body = Responses.JSON.createObjectNode()
        .put("username", Accounts.alias(user))
        .put("id", user.getUserId())
        .put("kudos", account.map(AccountBalance::getBalanceCenti).orElse(0L) / 100.0);
    body.set("kudos_details", kudosDetails(account.map(AccountBalance::getDetails).orElse(Map.of())));
    body.putObject("usage").putNull("megapixelsteps").putNull("requests");
    body.putObject("contributions").putNull("megapixelsteps").putNull("fulfillments");
    ObjectNode records = body.putObject("records");
    records.putObject("usage").put("megapixelsteps", 0.0).put("tokens", 0);
    records.putObject("contribution").put("megapixelsteps", 0.0).put("tokens", 0);
    for (String kind : new String[] {"fulfillment", "request", "style"}) {
      records.putObject(kind).put("image", 0).put("text", 0).put("interrogation", 0);
    }
    var workers = views.workers.ownedBy(user.getUserId());
    body.put("concurrency", user.getConcurrency())
        .put("worker_invited", 0)
        .put("moderator", user.getModerator())
        .put("trusted", user.getTrusted())
        .put("flagged", false)
        .put("pseudonymous", Accounts.pseudonymous(user))
        .put("worker_count", workers.size())
        .put("account_age", Duration.between(user.getCreatedAt(), Instant.ofEpochMilli(now)).toSeconds())
        .put("service", false)
        .put("deleted", false)
        .put("education", false)
        .put("customizer", false)
        .put("vpn", false)
        .put("special", false);
    body.putArray("styles");
    ArrayNode workerIds = body.putArray("worker_ids");
    workers.stream().map(WorkerState::getWorkerId).sorted().forEach(workerIds::add);
    body.putArray("sharedkey_ids");
    ObjectNode active = body.putObject("active_generations");
    ArrayNode text = active.putArray("text");
    if (user.getUserId() != Accounts.ANONYMOUS_ID) {
      views.statuses.activeOf(user.getUserId()).stream().map(TextRequestStatus::getRequestId).forEach(text::add);
    }
    active.putArray("image");
    active.putArray("alchemy");
    return body;
  }

  /**
   * The reference's kudos_details: exactly its buckets, each present (0 when nothing was counted in it),
   * in kudos. Buckets the reference does not show are left out, as its response model drops them.
   */
  static ObjectNode kudosDetails(Map<String, Long> centiByBucket) {
    ObjectNode details = Responses.JSON.createObjectNode();
    for (String bucket : KUDOS_BUCKETS) {
      details.put(bucket, centiByBucket.getOrDefault(bucket, 0L) / 100.0);
    }
    return details;
  }
}
