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
 * A user's details as the reference shows them (model {@code UserDetails}, skip_none, spec §1.5): level 0
 * to anyone, level 1 to the user itself ({@code find_user}, {@code GET /users/{id}} with its own key), level
 * 2 to moderators. {@code kudos} and {@code kudos_details} come from the account's state as the ledger last
 * published it (centi-kudos there, kudos here); a bucket the ledger has not counted anything in yet is 0.
 *
 * <p>{@code records} come from PostgreSQL ({@link UserRecords}), the rest from this instance's views.
 *
 * <p>Known gaps: image and interrogation records, usage, contributions, styles, suspicion, evaluating and
 * monthly kudos are reported as zero or empty; {@code sharedkey_ids} is always empty, because shared keys are stored only as
 * hashes of the key (the id is the key) and cannot be listed; {@code proxy_passkey} is never shown, for the
 * same reason; the {@code recurring} and {@code styled} buckets stay 0 until recurring kudos and styles exist.
 */
@Singleton
final class UserDetails {
  static final List<String> KUDOS_BUCKETS = List.of("accumulated", "gifted", "donated", "admin", "received",
      "recurring", "awarded", "styled");
  static final int PUBLIC = 0;
  static final int OWNER = 1;
  static final int MODERATOR = 2;

  private final HordeViews views;

  UserDetails(HordeViews views) {
    this.views = views;
  }

  /** Level 1: what a user sees of itself. */
  ObjectNode render(UserAccount user) {
    return render(user, OWNER);
  }

  /** The level a requester sees a user at: 2 for a moderator, 1 for the user itself, else 0. */
  static int level(UserAccount user, UserAccount requester) {
    if (requester == null) {
      return PUBLIC;
    }
    if (requester.getModerator()) {
      return MODERATOR;
    }
    return requester.getUserId() == user.getUserId() ? OWNER : PUBLIC;
  }

  ObjectNode render(UserAccount user, int level) {
    return render(user, level, UserRecords.Text.NONE);
  }

  ObjectNode render(UserAccount user, int level, UserRecords.Text done) {
    long now = System.currentTimeMillis();
    Optional<AccountBalance> account = views.balance(Accounts.user(user.getUserId()));
    ObjectNode body = Responses.JSON.createObjectNode()
        .put("username", Accounts.alias(user))
        .put("id", user.getUserId())
        .put("kudos", account.map(AccountBalance::getBalanceCenti).orElse(0L) / 100.0);
    if (level >= MODERATOR) {
      body.put("evaluating_kudos", 0.0);
    }
    body.set("kudos_details", kudosDetails(account.map(AccountBalance::getDetails).orElse(Map.of())));
    body.putObject("usage").putNull("megapixelsteps").putNull("requests");
    body.putObject("contributions").putNull("megapixelsteps").putNull("fulfillments");
    ObjectNode records = body.putObject("records");
    records.putObject("usage").put("megapixelsteps", 0.0).put("tokens", done.usageTokens());
    records.putObject("contribution").put("megapixelsteps", 0.0).put("tokens", done.contributionTokens());
    records.putObject("fulfillment").put("image", 0).put("text", done.fulfilled()).put("interrogation", 0);
    records.putObject("request").put("image", 0).put("text", done.requested()).put("interrogation", 0);
    records.putObject("style").put("image", 0).put("text", 0).put("interrogation", 0);
    var workers = views.workers.ownedBy(user.getUserId());
    body.put("concurrency", user.getConcurrency())
        .put("worker_invited", user.getWorkerInvited())
        .put("moderator", user.getModerator())
        .put("trusted", user.getTrusted())
        .put("flagged", user.getFlagged())
        .put("pseudonymous", Accounts.pseudonymous(user))
        .put("worker_count", workers.size())
        .put("account_age", Duration.between(user.getCreatedAt(), Instant.ofEpochMilli(now)).toSeconds())
        .put("service", user.getService())
        .put("deleted", user.getDeleted())
        .put("education", user.getEducation())
        .put("customizer", user.getCustomizer());
    if (level >= OWNER) {
      body.put("vpn", user.getVpn()).put("special", user.getSpecial());
      if (user.getContact() != null) {
        body.put("contact", user.getContact());
      }
    }
    if (level >= MODERATOR) {
      body.putObject("monthly_kudos").put("amount", 0);
      body.put("suspicious", 0);
      if (user.getAdminComment() != null) {
        body.put("admin_comment", user.getAdminComment());
      }
    }
    body.putArray("styles");
    if (level >= OWNER || user.getPublicWorkers()) {
      ArrayNode workerIds = body.putArray("worker_ids");
      workers.stream().map(WorkerState::getWorkerId).sorted().forEach(workerIds::add);
    }
    if (level >= OWNER) {
      // Shared keys are kept as hashes of the key, which is their id: there is no id to list.
      body.putArray("sharedkey_ids");
      ObjectNode active = body.putObject("active_generations");
      ArrayNode text = active.putArray("text");
      if (user.getUserId() != Accounts.ANONYMOUS_ID) {
        views.statuses.activeOf(user.getUserId()).stream().map(TextRequestStatus::getRequestId).forEach(text::add);
      }
      active.putArray("image");
      active.putArray("alchemy");
    }
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
