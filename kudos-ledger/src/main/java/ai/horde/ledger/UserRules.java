package ai.horde.ledger;

import static ai.horde.ledger.AccountRegistry.anonymous;
import static ai.horde.ledger.AccountRegistry.moderator;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.AccountCommand;
import ai.horde.events.ChangeUser;
import ai.horde.events.DeleteUser;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.RegisterUser;
import ai.horde.events.SharedKeyState;
import ai.horde.events.UserAccount;
import ai.horde.events.UserChanged;
import ai.horde.events.UserEvent;
import ai.horde.events.UserSuspicionReset;
import ai.horde.events.UserWiped;
import java.time.Duration;
import java.util.List;

/**
 * The registry's rules for users (spec §1.5 U3, U4, §3.12): registration (see {@link UserRegistry}), changes
 * with their per-field permissions, deletion and wiping.
 *
 * <p>A change is all or nothing: every permission is checked before anything is written (the reference
 * applies the fields one by one and may stop half way). Changes of the anonymous user are accepted and
 * ignored: the reference ignores its role changes, and here every service has it built in
 * ({@code Accounts.ANONYMOUS}), so no event may change it; its kudos may still be adjusted.
 *
 * <p>{@code reset_suspicion} clears the user's suspicion reasons ({@code UserSuspicionReset}; suspicion is
 * recorded by {@link TrustRules}).
 *
 * <p>Known gaps: {@code monthly_kudos} does not exist; {@code changes.deleted} is not a field of the change (a deletion is
 * {@link DeleteUser}, an undeletion {@code undelete}) and is ignored; wiping a user deletes its shared keys
 * but not its workers (the scheduler owns those).
 */
final class UserRules {
  private UserRules() {}

  /** A deleted user is wiped by a second deletion only after this long without any change (last_active). */
  static final Duration WIPE_AFTER = Duration.ofDays(30);
  static final int EDUCATION_CONCURRENCY = 200;

  static RegistryDecision register(RegistryState state, AccountCommand command, RegisterUser register) {
    if (register.getRefusedInRaid() && state.modes().getRaid()) {
      return RegistryDecision.refused(command, 403, "Forbidden",
          "The horde is in raid mode: registering without an OAuth account is closed for now.");
    }
    var registration = UserRegistry.decide(state.userByOauth(register.getOauthId()), state.lastUserId() + 1,
        command, register);
    var changes = new RegistryDecision.Changes();
    changes.userEvents.addAll(registration.events());
    changes.kudosCommands.add(registration.openAccount());
    return changes.answer(command, registration.reply().getBody());
  }

  static RegistryDecision change(RegistryState state, AccountCommand command, UserAccount requester,
      ChangeUser change) {
    if (anonymous(requester)) {
      return RegistryDecision.refused(command, 403, "AnonForbiddenUserMod",
          "Anonymous user is forbidden from modifying user accounts.");
    }
    UserAccount user = state.user(change.getUserId());
    if (user == null) {
      return userNotFound(command, change.getUserId());
    }
    UserChanged asked = change.getChanges();
    boolean admin = command.getRequesterAdmin();
    boolean mod = moderator(command, requester);
    boolean self = requester.getUserId() == user.getUserId();
    boolean passkey = change.getGenerateProxyPasskey() || asked.getProxyPasskeyHash() != null;

    boolean adminFields = change.getAdminKudosCenti() != null || asked.getUsageMultiplier() != null
        || asked.getModerator() != null;
    boolean modFields = asked.getConcurrency() != null || asked.getWorkerInvited() != null
        || asked.getTrusted() != null || asked.getFlagged() != null || asked.getCustomizer() != null
        || asked.getVpn() != null || asked.getService() != null || asked.getSpecial() != null
        || asked.getEducation() != null || change.getResetSuspicion() || asked.getAdminComment() != null;
    boolean ownFields = asked.getPublicWorkers() != null || asked.getUsername() != null
        || asked.getContact() != null || passkey || change.getUndelete();
    if (adminFields && !admin) {
      return RegistryDecision.refused(command, 403, "NotAdmin", AccountRegistry.NOT_ADMIN);
    }
    if (modFields && !mod) {
      return RegistryDecision.refused(command, 403, "NotModerator", AccountRegistry.NOT_MODERATOR);
    }
    if (ownFields && !mod && !self) {
      return RegistryDecision.refused(command, 403, "NotModerator", AccountRegistry.NOT_MODERATOR);
    }
    if (passkey && !requester.getService()) {
      return RegistryDecision.refused(command, 403, "NonServiceForbidden",
          "Only service accounts can generate a proxy passkey.");
    }
    if (change.getUndelete() && !user.getDeleted()) {
      return RegistryDecision.refused(command, 400, "UserNotDeleted", "This user is not deleted.");
    }
    if (!adminFields && !modFields && !ownFields) {
      return RegistryDecision.refused(command, 400, "NoUserModSelected", "No usermod operations selected!");
    }

    UserChanged changed = changed(user, asked, change.getUndelete());
    var changes = new RegistryDecision.Changes();
    UserAccount after = user;
    if (!anonymous(user) && !changed.equals(UserChanged.newBuilder().build())) {
      UserEvent event = new UserEvent(user.getUserId(), command.getRequestedAt(), changed);
      changes.userEvents.add(event);
      after = Accounts.evolve(user, event);
    }
    if (!anonymous(user) && change.getResetSuspicion() && !user.getSuspicions().isEmpty()) {
      UserEvent event = new UserEvent(user.getUserId(), command.getRequestedAt(), new UserSuspicionReset());
      changes.userEvents.add(event);
      after = Accounts.evolve(after, event);
    }
    Long kudos = change.getAdminKudosCenti();
    if (kudos != null && kudos != 0) {
      String account = Accounts.user(user.getUserId());
      // Home: the user's account (a negative amount is a debit of it, floored like any other).
      changes.kudosCommands.add(KudosCommands.transaction(KudosTransaction.newBuilder()
          .setTransactionId("admin:" + command.getCommandId())
          .setKind(KudosKind.ADMIN_ADJUSTMENT)
          .setLegs(List.of(new KudosLeg(account, kudos), new KudosLeg(Accounts.MINT, -kudos)))
          .setOccurredAt(command.getRequestedAt())
          .build(), command.getRequestedAt()));
    }
    return changes.accepted(command, Long.toString(user.getUserId()), Accounts.alias(after));
  }

  /** The event of an allowed change: what was asked, with the rules that tie fields together. */
  static UserChanged changed(UserAccount user, UserChanged asked, boolean undelete) {
    UserChanged.Builder out = UserChanged.newBuilder()
        .setUsername(asked.getUsername())
        .setContact(asked.getContact())
        .setAdminComment(asked.getAdminComment())
        .setPublicWorkers(asked.getPublicWorkers())
        .setConcurrency(asked.getConcurrency())
        .setWorkerInvited(asked.getWorkerInvited())
        .setUsageMultiplier(asked.getUsageMultiplier())
        .setProxyPasskeyHash(asked.getProxyPasskeyHash());
    if (undelete) {
      out.setDeleted(false);
    }
    out.setModerator(asked.getModerator())
        .setTrusted(asked.getTrusted())
        .setFlagged(asked.getFlagged())
        .setCustomizer(asked.getCustomizer())
        .setVpn(asked.getVpn())
        .setService(asked.getService())
        .setSpecial(asked.getSpecial())
        .setEducation(asked.getEducation());
    // A moderator is trusted; an explicit trusted in the same change still wins (the reference sets it later).
    if (Boolean.TRUE.equals(asked.getModerator()) && asked.getTrusted() == null) {
      out.setTrusted(true);
    }
    if (Boolean.TRUE.equals(asked.getEducation())) {
      int concurrency = asked.getConcurrency() != null ? asked.getConcurrency() : user.getConcurrency();
      if (concurrency < EDUCATION_CONCURRENCY) {
        out.setConcurrency(EDUCATION_CONCURRENCY);
      }
    } else if (Boolean.FALSE.equals(asked.getEducation()) && asked.getConcurrency() == null
        && user.getConcurrency() == EDUCATION_CONCURRENCY) {
      out.setConcurrency(UserRegistry.DEFAULT_CONCURRENCY);
    }
    return out.build();
  }

  /**
   * DELETE /users/{id}: the first deletion disables the user; a second one wipes it once it has been
   * inactive for {@link #WIPE_AFTER}, with its shared keys.
   */
  static RegistryDecision delete(RegistryState state, AccountCommand command, UserAccount requester,
      DeleteUser delete) {
    if (anonymous(requester)) {
      return RegistryDecision.refused(command, 403, "AnonForbiddenUser",
          "Anonymous user is forbidden from deleting user accounts.");
    }
    UserAccount user = state.user(delete.getUserId());
    if (user == null) {
      return userNotFound(command, delete.getUserId());
    }
    if (anonymous(user)) {
      return RegistryDecision.refused(command, 403, "Forbidden", "The anonymous user cannot be deleted.");
    }
    if (user.getModerator()) {
      return RegistryDecision.refused(command, 403, "CannotDeleteMod", "You cannot delete a moderator.");
    }
    if (!moderator(command, requester) && requester.getUserId() != user.getUserId()) {
      return RegistryDecision.refused(command, 403, "NotUserOrMod",
          "Only the user themselves or a moderator can delete a user.");
    }
    var changes = new RegistryDecision.Changes();
    String subject = Long.toString(user.getUserId());
    if (!user.getDeleted()) {
      UserEvent event = new UserEvent(user.getUserId(), command.getRequestedAt(),
          UserChanged.newBuilder().setDeleted(true).build());
      changes.userEvents.add(event);
      return changes.accepted(command, subject, Accounts.alias(user));
    }
    if (Accounts.WIPED.equals(user.getOauthId())) {
      return changes.accepted(command, subject, Accounts.alias(user));
    }
    if (user.getUpdatedAt().plus(WIPE_AFTER).isAfter(command.getRequestedAt())) {
      return RegistryDecision.refused(command, 403, "CannotWipeActiveUser",
          "This user was active in the last 30 days and cannot be wiped yet.");
    }
    UserEvent wiped = new UserEvent(user.getUserId(), command.getRequestedAt(), new UserWiped());
    changes.userEvents.add(wiped);
    for (SharedKeyState key : state.sharedKeysOf(user.getUserId())) {
      SharedKeyRules.remove(changes, command, key);
    }
    return changes.accepted(command, subject, Accounts.alias(Accounts.evolve(user, wiped)));
  }

  static RegistryDecision userNotFound(AccountCommand command, long userId) {
    return RegistryDecision.refused(command, 404, "UserNotFound", "User with ID '" + userId + "' not found.");
  }
}
