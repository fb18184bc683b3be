package ai.horde.ingress.accounts;

import ai.horde.events.ChangeUser;
import ai.horde.events.UserAccount;
import ai.horde.events.UserChanged;
import ai.horde.ingress.accounts.UserBodies.ModifyUser;
import ai.horde.ingress.accounts.UserBodies.ModifyUserInput;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.Profanity;
import java.util.function.UnaryOperator;

/**
 * {@code PUT /users/{id}} (spec §1.5 U3) as pure functions: the command the registry decides (it checks each
 * field's permission and answers {@code NoUserModSelected} when nothing applies), and the response, which
 * echoes each asked-for field with its value after the change, under the reference's keys.
 *
 * <p>Known gaps: {@code monthly_kudos} is accepted and ignored (monthly kudos are not modelled yet);
 * {@code new_suspicion} is 0 after a reset (what the reference counts after it);
 * {@code TooLongUserName} and {@code ProfaneUserName} are decided here, after the schema, so only for a requester
 * who may change the name (the reference checks the permission first); contact and admin comment are not checked
 * for profanity.
 */
final class UserChanges {
  private UserChanges() {}

  static final int MAX_USERNAME = 30;

  /**
   * A change as asked.
   *
   * @param proxyPasskey the new passkey when one was asked for (only its hash travels), else null
   */
  record Change(ChangeUser command, String proxyPasskey) {}

  /**
   * @param mayRename whether the requester may change the target's name (itself or a moderator): only then is
   *     a name over 30 characters refused here
   * @param newPasskey a new proxy passkey, used if one is asked for
   * @param hash how a passkey is hashed
   */
  static Change parse(long userId, ModifyUserInput input, boolean mayRename, String newPasskey,
      UnaryOperator<String> hash) {
    String username = input.username();
    if (username != null && mayRename && username.codePointCount(0, username.length()) > MAX_USERNAME) {
      throw ApiError.badRequest("TooLongUserName",
          "The specified username is too long. Please stay below " + MAX_USERNAME);
    }
    if (mayRename) {
      Profanity.refuse(username, "username", "ProfaneUserName");
    }
    boolean passkeyAsked = Boolean.TRUE.equals(input.generateProxyPasskey());
    String passkey = passkeyAsked ? newPasskey : null;
    UserChanged changes = UserChanged.newBuilder()
        .setUsername(username)
        .setContact(input.contact())
        .setAdminComment(input.adminComment())
        .setModerator(input.moderator())
        .setTrusted(input.trusted())
        .setFlagged(input.flagged())
        .setCustomizer(input.customizer())
        .setVpn(input.vpn())
        .setService(input.service())
        .setSpecial(input.special())
        .setEducation(input.education())
        .setPublicWorkers(input.publicWorkers())
        .setConcurrency(input.concurrency())
        .setWorkerInvited(input.workerInvited())
        .setUsageMultiplier(input.usageMultiplier())
        .setProxyPasskeyHash(passkey == null ? null : hash.apply(passkey))
        .build();
    // monthly_kudos: accepted by the schema, ignored: monthly kudos are not modelled yet.
    Long kudosCenti = input.kudos() == null ? null : input.kudos() * 100;
    ChangeUser command = ChangeUser.newBuilder().setUserId(userId).setChanges(changes)
        .setAdminKudosCenti(kudosCenti == null || kudosCenti == 0 ? null : kudosCenti)
        .setResetSuspicion(Boolean.TRUE.equals(input.resetSuspicion()))
        .setGenerateProxyPasskey(passkeyAsked)
        .setUndelete(Boolean.TRUE.equals(input.undelete()))
        .build();
    return new Change(command, passkey);
  }

  /**
   * The reference's {@code ModifyUser} (skip_none): each asked-for field, with the user's value after the change.
   *
   * @param kudos the balance after an admin's kudos change, or null when none was asked
   */
  static ModifyUser response(Change change, UserAccount after, Double kudos) {
    ChangeUser command = change.command();
    UserChanged asked = command.getChanges();
    return new ModifyUser(kudos,
        asked.getUsageMultiplier() == null ? null : after.getUsageMultiplier(),
        asked.getModerator() == null ? null : after.getModerator(),
        asked.getConcurrency() == null ? null : after.getConcurrency(),
        asked.getWorkerInvited() == null ? null : after.getWorkerInvited(),
        asked.getTrusted() == null ? null : after.getTrusted(),
        asked.getFlagged() == null ? null : after.getFlagged(),
        asked.getCustomizer() == null ? null : after.getCustomizer(),
        asked.getVpn() == null ? null : after.getVpn(),
        asked.getService() == null ? null : after.getService(),
        asked.getSpecial() == null ? null : after.getSpecial(),
        asked.getEducation() == null ? null : after.getEducation(),
        command.getResetSuspicion() ? 0 : null,
        asked.getAdminComment() == null ? null : after.getAdminComment(),
        asked.getPublicWorkers() == null ? null : after.getPublicWorkers(),
        asked.getUsername() == null ? null : after.getUsername(),
        asked.getContact() == null ? null : after.getContact(),
        change.proxyPasskey(),
        command.getUndelete() ? !after.getDeleted() : null);
  }

  /** A user id in a path: digits only (spec U2), else 404 with the reference's hint; a huge one is unknown. */
  static long userId(String id) {
    if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ApiError(404, "UserNotFound",
          "Please use only the numerical part of the userID. E.g. the '1' in 'db0#1'");
    }
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException tooLarge) {
      throw notFound(id);
    }
  }

  static ApiError notFound(String id) {
    return new ApiError(404, "UserNotFound", "User with ID '" + id + "' not found.");
  }
}
