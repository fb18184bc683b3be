package ai.horde.accounts;

import ai.horde.events.UserAccount;
import ai.horde.events.UserApiKeyRotated;
import ai.horde.events.UserChanged;
import ai.horde.events.UserCreated;
import ai.horde.events.UserEvent;
import ai.horde.events.UserRolesChanged;
import ai.horde.events.UserSuspected;
import ai.horde.events.UserSuspicionReset;
import ai.horde.events.UserWiped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Users and kudos accounts as every service sees them: account names, the built-in anonymous user, and the
 * fold of a user's history into its current state.
 */
public final class Accounts {
  private Accounts() {}

  /** Where kudos enter the books: every credit out of nothing is posted against it, so all balances sum to 0. */
  public static final String MINT = "system:mint";
  /** Where the horde tax goes: kudos burnt, so that the books still balance. */
  public static final String BURN = "system:burn";
  /**
   * Kudos on their way between two users' ledger tasks: the home task credits it, the remote one debits it,
   * so that every step of every task is balanced on its own (see docs/decisions/0006).
   */
  public static final String TRANSIT = "system:transit";
  /** The anonymous user's API key (spec §0.4). */
  public static final String ANONYMOUS_KEY = "0000000000";
  public static final long ANONYMOUS_ID = 0;

  /**
   * User 0, shared by everyone who uses the anonymous key. It is built in rather than registered, so its key
   * hash is never stored; its concurrency is the reference's 500.
   */
  public static final UserAccount ANONYMOUS = UserAccount.newBuilder().setUserId(ANONYMOUS_ID)
      .setUsername("Anonymous").setOauthId("anon").setApiKeyHash("").setConcurrency(500)
      .setCreatedAt(Instant.EPOCH).build();

  /**
   * The lowest balance a user's kudos go to (spec §4.6): −50 for anonymous, 14 for a pseudonymous account
   * (registered without OAuth: its oauth_id is a UUID), 25 otherwise. Centi-kudos.
   */
  public static long floorCenti(UserAccount user) {
    if (user.getUserId() == ANONYMOUS_ID) {
      return ANONYMOUS_FLOOR_CENTI;
    }
    try {
      java.util.UUID.fromString(user.getOauthId());
      return PSEUDONYMOUS_FLOOR_CENTI;
    } catch (IllegalArgumentException notUuid) {
      return REGISTERED_FLOOR_CENTI;
    }
  }

  public static final long ANONYMOUS_FLOOR_CENTI = -50_00;
  public static final long PSEUDONYMOUS_FLOOR_CENTI = 14_00;
  public static final long REGISTERED_FLOOR_CENTI = 25_00;

  /** Whether the user registered without OAuth. */
  public static boolean pseudonymous(UserAccount user) {
    return user.getUserId() != ANONYMOUS_ID && floorCenti(user) == PSEUDONYMOUS_FLOOR_CENTI;
  }

  /**
   * Whether the user is suspicious (spec §3.12): untrusted with five or more suspicion reasons. Its transfers
   * are refused and it is never trusted automatically; the anonymous user and trusted users never are.
   */
  public static boolean suspicious(UserAccount user) {
    return user.getUserId() != ANONYMOUS_ID && !user.getTrusted()
        && user.getSuspicions().size() >= Suspicion.THRESHOLD;
  }

  /** Whether the account is a system account (mint, burn, transit) rather than a user's. */
  public static boolean isSystem(String account) {
    return account.startsWith("system:");
  }

  /** The user id of a {@code user:<id>} account. */
  public static long userId(String account) {
    if (!account.startsWith("user:")) {
      throw new IllegalArgumentException("not a user account: " + account);
    }
    return Long.parseLong(account.substring("user:".length()));
  }

  public static String user(long userId) {
    return "user:" + userId;
  }

  /** The user's alias, {@code <username>#<id>} (spec §0.5). */
  public static String alias(UserAccount user) {
    return user.getUsername() + "#" + user.getUserId();
  }

  /** Folds one event into the user (null before it exists). */
  public static UserAccount evolve(UserAccount account, UserEvent event) {
    Object change = event.getEvent();
    if (change instanceof UserCreated created) {
      return UserAccount.newBuilder()
          .setUserId(event.getUserId())
          .setUsername(created.getUsername())
          .setOauthId(created.getOauthId())
          .setApiKeyHash(created.getApiKeyHash())
          .setModerator(created.getModerator())
          .setTrusted(created.getTrusted())
          .setConcurrency(created.getConcurrency())
          .setCreatedAt(event.getOccurredAt())
          .setUpdatedAt(event.getOccurredAt())
          .build();
    }
    if (account == null) {
      throw new IllegalArgumentException("event for user " + event.getUserId() + " before it was created");
    }
    UserAccount.Builder after = UserAccount.newBuilder(account).setUpdatedAt(event.getOccurredAt());
    if (change instanceof UserApiKeyRotated rotated) {
      return after.setApiKeyHash(rotated.getApiKeyHash()).build();
    }
    if (change instanceof UserRolesChanged roles) {
      return after.setModerator(roles.getModerator()).setTrusted(roles.getTrusted()).build();
    }
    if (change instanceof UserChanged c) {
      return apply(after, c).build();
    }
    if (change instanceof UserSuspected suspected) {
      Suspicion reason = Suspicion.valueOf(suspected.getReason());
      if (!reason.addsTo(account.getSuspicions())) {
        return after.build();
      }
      List<String> reasons = new ArrayList<>(account.getSuspicions());
      reasons.add(reason.name());
      return after.setSuspicions(reasons).build();
    }
    if (change instanceof UserSuspicionReset) {
      return after.setSuspicions(List.of()).build();
    }
    if (change instanceof UserWiped) {
      return after.setUsername(WIPED).setOauthId(WIPED).setApiKeyHash(WIPED).setContact(null)
          .setProxyPasskeyHash(null).build();
    }
    throw new IllegalArgumentException("unknown user event " + change);
  }

  /** What a wiped user's name, oauth id and key become; a key hash of this value matches no key. */
  public static final String WIPED = "<wiped>";

  private static UserAccount.Builder apply(UserAccount.Builder user, UserChanged c) {
    if (c.getUsername() != null) user.setUsername(c.getUsername());
    if (c.getContact() != null) user.setContact(c.getContact());
    if (c.getAdminComment() != null) user.setAdminComment(c.getAdminComment());
    if (c.getModerator() != null) user.setModerator(c.getModerator());
    if (c.getTrusted() != null) user.setTrusted(c.getTrusted());
    if (c.getFlagged() != null) user.setFlagged(c.getFlagged());
    if (c.getCustomizer() != null) user.setCustomizer(c.getCustomizer());
    if (c.getVpn() != null) user.setVpn(c.getVpn());
    if (c.getService() != null) user.setService(c.getService());
    if (c.getSpecial() != null) user.setSpecial(c.getSpecial());
    if (c.getEducation() != null) user.setEducation(c.getEducation());
    if (c.getDeleted() != null) user.setDeleted(c.getDeleted());
    if (c.getPublicWorkers() != null) user.setPublicWorkers(c.getPublicWorkers());
    if (c.getConcurrency() != null) user.setConcurrency(c.getConcurrency());
    if (c.getWorkerInvited() != null) user.setWorkerInvited(c.getWorkerInvited());
    if (c.getUsageMultiplier() != null) user.setUsageMultiplier(c.getUsageMultiplier());
    if (c.getProxyPasskeyHash() != null) user.setProxyPasskeyHash(c.getProxyPasskeyHash());
    return user;
  }
}
