package ai.horde.ingress.accounts;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountBalance;
import ai.horde.events.RequestStatus;
import ai.horde.events.UserAccount;
import ai.horde.events.WorkerState;
import ai.horde.ingress.accounts.UserBodies.ActiveGenerations;
import ai.horde.ingress.accounts.UserBodies.ContributionsDetails;
import ai.horde.ingress.accounts.UserBodies.MonthlyKudos;
import ai.horde.ingress.accounts.UserBodies.UsageDetails;
import ai.horde.ingress.accounts.UserBodies.UserAmountRecords;
import ai.horde.ingress.accounts.UserBodies.UserDetails;
import ai.horde.ingress.accounts.UserBodies.UserKudosDetails;
import ai.horde.ingress.accounts.UserBodies.UserThingRecords;
import ai.horde.ingress.views.HordeViews;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's details as the reference shows them (model {@code UserDetails}, skip_none, spec §1.5): level 0 to
 * anyone, level 1 to the user itself ({@code find_user}, {@code GET /users/{id}} with its own key), level 2 to
 * moderators. {@code kudos} and {@code kudos_details} come from the account's state as the ledger last published
 * it; {@code records} from PostgreSQL ({@link UserRecords}); the rest from the views.
 *
 * <p>{@code evaluating_kudos} is the account's escrow as the ledger last published it, {@code suspicious} the count
 * of the user's suspicion reasons (docs/decisions/0016).
 *
 * <p>Known gaps: usage, contributions, styles and monthly kudos are zero or empty; {@code sharedkey_ids} is always empty, because shared keys are stored only as hashes
 * of the key (the id is the key) and cannot be listed; {@code proxy_passkey} is never shown, for the same
 * reason; the {@code recurring} and {@code styled} buckets stay 0 until recurring kudos and styles exist.
 */
@Singleton
final class UserDetailsView {
  static final int PUBLIC = 0;
  static final int OWNER = 1;
  static final int MODERATOR = 2;

  private final HordeViews views;
  private final Clock clock;

  UserDetailsView(HordeViews views, Clock clock) {
    this.views = views;
    this.clock = clock;
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

  UserDetails render(UserAccount user, int level, UserRecords.Done done) {
    return render(user, Accounts.alias(user), level, done);
  }

  /** @param username the name to show: the alias, or what a shared key calls its owner */
  UserDetails render(UserAccount user, String username, int level, UserRecords.Done done) {
    Optional<AccountBalance> account = views.balance(Accounts.user(user.getUserId()));
    Map<String, Long> buckets = account.map(AccountBalance::getDetails).orElse(Map.of());
    List<WorkerState> workers = views.workers().ownedBy(user.getUserId());
    boolean owner = level >= OWNER;
    boolean moderator = level >= MODERATOR;
    return new UserDetails(username, user.getUserId(),
        account.map(AccountBalance::getBalanceCenti).orElse(0L) / 100.0,
        moderator ? account.map(AccountBalance::getEscrowCenti).orElse(0L) / 100.0 : null,
        new UserKudosDetails(kudos(buckets, "accumulated"), kudos(buckets, "gifted"), kudos(buckets, "donated"),
            kudos(buckets, "admin"), kudos(buckets, "received"), kudos(buckets, "recurring"),
            kudos(buckets, "awarded"), kudos(buckets, "styled")),
        UsageDetails.NONE, ContributionsDetails.NONE,
        new UserBodies.UserRecords(new UserThingRecords(megapixelsteps(done.usagePixelsteps()), done.usageTokens()),
            new UserThingRecords(megapixelsteps(done.contributionPixelsteps()), done.contributionTokens()),
            new UserAmountRecords(done.fulfilledImage(), done.fulfilledText(), done.fulfilledInterrogation()),
            new UserAmountRecords(done.requestedImage(), done.requestedText(), done.requestedInterrogation()),
            new UserAmountRecords(0, 0, 0)),
        user.getConcurrency(), user.getWorkerInvited(), user.getModerator(), user.getTrusted(), user.getFlagged(),
        Accounts.pseudonymous(user), workers.size(),
        Duration.between(user.getCreatedAt(), clock.instant()).toSeconds(),
        user.getService(), user.getDeleted(), user.getEducation(), user.getCustomizer(),
        owner ? user.getVpn() : null, owner ? user.getSpecial() : null, owner ? user.getContact() : null,
        moderator ? new MonthlyKudos(0, null) : null, moderator ? user.getSuspicions().size() : null,
        moderator ? user.getAdminComment() : null,
        List.of(),
        owner || user.getPublicWorkers() ? workers.stream().map(WorkerState::getWorkerId).sorted().toList() : null,
        // Shared keys are kept as hashes of the key, which is their id: there is no id to list.
        owner ? List.of() : null,
        owner ? new ActiveGenerations(activeTexts(user), List.of(), List.of()) : null);
  }

  private List<String> activeTexts(UserAccount user) {
    if (user.getUserId() == Accounts.ANONYMOUS_ID) {
      return List.of();
    }
    return views.statuses(WorkKind.TEXT).activeOf(user.getUserId()).stream().map(RequestStatus::getRequestId).toList();
  }

  /** A bucket the ledger has not counted anything in yet is 0. */
  private static double kudos(Map<String, Long> centiByBucket, String bucket) {
    return centiByBucket.getOrDefault(bucket, 0L) / 100.0;
  }

  /** Pixel-steps as the megapixel-steps the records show, to 2 places. */
  private static double megapixelsteps(long pixelsteps) {
    return Math.round(pixelsteps / 10_000.0) / 100.0;
  }
}
