package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.TextRequestStatus;
import ai.horde.events.UserAccount;
import ai.horde.events.WorkerState;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * A user's details as the reference shows them to the user itself ({@code GET /find_user}, spec §1.5 level
 * 1). Known gaps: the kudos counters, records and roles that later issues fill (transfers, awards, styles,
 * shared keys) are reported as zero, false or empty.
 */
@Singleton
final class UserDetails {
  private final HordeViews views;

  UserDetails(HordeViews views) {
    this.views = views;
  }

  ObjectNode render(UserAccount user) {
    long now = System.currentTimeMillis();
    ObjectNode body = Responses.JSON.createObjectNode()
        .put("username", Accounts.alias(user))
        .put("id", user.getUserId())
        .put("kudos", views.balanceCenti(Accounts.user(user.getUserId())) / 100.0);
    ObjectNode details = body.putObject("kudos_details");
    for (String bucket : new String[] {"accumulated", "gifted", "donated", "admin", "received", "recurring",
        "awarded", "styled"}) {
      details.put(bucket, 0.0);
    }
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
}
