package ai.horde.ingress;

import static ai.horde.ingress.JsonShape.bool;
import static ai.horde.ingress.JsonShape.integer;
import static ai.horde.ingress.JsonShape.number;
import static ai.horde.ingress.JsonShape.object;
import static ai.horde.ingress.JsonShape.string;

import ai.horde.events.ChangeUser;
import ai.horde.events.UserAccount;
import ai.horde.events.UserChanged;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;

/**
 * {@code PUT /users/{id}} (spec §1.5 U3) as pure functions: the body's shape (the reference's
 * {@code ModifyUserInput} schema, its ranges included), the command the registry decides (it checks each
 * field's permission and answers {@code NoUserModSelected} when nothing applies), and the response, which
 * echoes each asked-for field with its value after the change, under the reference's keys.
 *
 * <p>Known gaps: {@code monthly_kudos} is accepted and ignored (monthly kudos are not modelled yet), so it
 * is neither applied nor echoed; {@code new_suspicion} is always 0 (suspicion is not modelled); profanity
 * is not checked; {@code TooLongUserName} is decided here, after the schema, so only for a requester who may
 * change the name (the reference checks the permission first).
 */
final class UserChanges {
  private UserChanges() {}

  static final int MAX_USERNAME = 30;
  static final JsonShape BODY = object()
      // An int in the reference; bounded by what one ledger leg may move (10^13 kudos).
      .field("kudos", integer(-10_000_000_000_000L, 10_000_000_000_000L))
      .field("concurrency", integer(0, 500))
      .field("usage_multiplier", number(0.1, 10))
      .field("worker_invited", integer())
      .field("moderator", bool())
      .field("public_workers", bool())
      .field("monthly_kudos", integer())
      .field("username", string(3, 100))
      .field("trusted", bool())
      .field("flagged", bool())
      .field("customizer", bool())
      .field("vpn", bool())
      .field("service", bool())
      .field("education", bool())
      .field("special", bool())
      .field("filtered", bool())
      .field("reset_suspicion", bool())
      .field("contact", string(5, 500))
      .field("admin_comment", string(5, 500))
      .field("generate_proxy_passkey", bool())
      .field("undelete", bool());

  /**
   * A change as asked.
   *
   * @param proxyPasskey the new passkey when one was asked for (only its hash travels), else null
   */
  record Change(ChangeUser command, String proxyPasskey) {}

  /**
   * @param mayRename whether the requester may change the target's name (itself or a moderator): only then
   *     is a name over 30 characters refused here
   * @param passkeys makes a new proxy passkey
   */
  static Change parse(long userId, JsonNode json, boolean mayRename, Supplier<String> passkeys) {
    String username = Bodies.text(json, "username", null);
    if (username != null && mayRename && username.codePointCount(0, username.length()) > MAX_USERNAME) {
      throw HordeError.badRequest("TooLongUserName",
          "The specified username is too long. Please stay below " + MAX_USERNAME);
    }
    boolean newPasskey = Bodies.flag(json, "generate_proxy_passkey", false);
    String passkey = newPasskey ? passkeys.get() : null;
    UserChanged changes = UserChanged.newBuilder()
        .setUsername(username)
        .setContact(Bodies.text(json, "contact", null))
        .setAdminComment(Bodies.text(json, "admin_comment", null))
        .setModerator(Bodies.optionalFlag(json, "moderator"))
        .setTrusted(Bodies.optionalFlag(json, "trusted"))
        .setFlagged(Bodies.optionalFlag(json, "flagged"))
        .setCustomizer(Bodies.optionalFlag(json, "customizer"))
        .setVpn(Bodies.optionalFlag(json, "vpn"))
        .setService(Bodies.optionalFlag(json, "service"))
        .setSpecial(Bodies.optionalFlag(json, "special"))
        .setEducation(Bodies.optionalFlag(json, "education"))
        .setPublicWorkers(Bodies.optionalFlag(json, "public_workers"))
        .setConcurrency(Bodies.missing(json, "concurrency") ? null : json.get("concurrency").asInt())
        .setWorkerInvited(Bodies.missing(json, "worker_invited") ? null : json.get("worker_invited").asInt())
        .setUsageMultiplier(Bodies.missing(json, "usage_multiplier") ? null
            : json.get("usage_multiplier").asDouble())
        .setProxyPasskeyHash(passkey == null ? null : ApiKeys.hash(passkey))
        .build();
    // monthly_kudos: accepted by the schema, ignored: monthly kudos are not modelled yet.
    Long kudosCenti = Bodies.missing(json, "kudos") ? null : json.get("kudos").asLong() * 100;
    ChangeUser command = ChangeUser.newBuilder().setUserId(userId).setChanges(changes)
        .setAdminKudosCenti(kudosCenti == null || kudosCenti == 0 ? null : kudosCenti)
        .setResetSuspicion(Bodies.flag(json, "reset_suspicion", false))
        .setGenerateProxyPasskey(newPasskey)
        .setUndelete(Bodies.flag(json, "undelete", false))
        .build();
    return new Change(command, passkey);
  }

  /**
   * The reference's {@code ModifyUser} (skip_none): each asked-for field, with the user's value after the
   * change.
   *
   * @param kudos the balance after an admin's kudos change, or null when none was asked
   */
  static ObjectNode response(Change change, UserAccount after, Double kudos) {
    ChangeUser command = change.command();
    UserChanged asked = command.getChanges();
    ObjectNode body = Responses.JSON.createObjectNode();
    if (kudos != null) {
      body.put("new_kudos", kudos);
    }
    if (asked.getUsageMultiplier() != null) {
      body.put("usage_multiplier", after.getUsageMultiplier());
    }
    if (asked.getModerator() != null) {
      body.put("moderator", after.getModerator());
    }
    if (asked.getConcurrency() != null) {
      body.put("concurrency", after.getConcurrency());
    }
    if (asked.getWorkerInvited() != null) {
      body.put("worker_invited", after.getWorkerInvited());
    }
    if (asked.getTrusted() != null) {
      body.put("trusted", after.getTrusted());
    }
    if (asked.getFlagged() != null) {
      body.put("flagged", after.getFlagged());
    }
    if (asked.getCustomizer() != null) {
      body.put("customizer", after.getCustomizer());
    }
    if (asked.getVpn() != null) {
      body.put("vpn", after.getVpn());
    }
    if (asked.getService() != null) {
      body.put("service", after.getService());
    }
    if (asked.getSpecial() != null) {
      body.put("special", after.getSpecial());
    }
    if (asked.getEducation() != null) {
      body.put("education", after.getEducation());
    }
    if (command.getResetSuspicion()) {
      body.put("new_suspicion", 0);
    }
    if (asked.getAdminComment() != null) {
      body.put("admin_comment", after.getAdminComment());
    }
    if (asked.getPublicWorkers() != null) {
      body.put("public_workers", after.getPublicWorkers());
    }
    if (asked.getUsername() != null) {
      body.put("username", after.getUsername());
    }
    if (asked.getContact() != null) {
      body.put("contact", after.getContact());
    }
    if (change.proxyPasskey() != null) {
      body.put("proxy_passkey", change.proxyPasskey());
    }
    if (command.getUndelete()) {
      body.put("undeleted", !after.getDeleted());
    }
    return body;
  }

  /** A user id in a path: digits only (spec U2), else 404 with the reference's hint; empty when too large. */
  static long userId(String id) {
    if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new HordeError(404, "UserNotFound",
          "Please use only the numerical part of the userID. E.g. the '1' in 'db0#1'");
    }
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException tooLarge) {
      throw notFound(id);
    }
  }

  static HordeError notFound(String id) {
    return new HordeError(404, "UserNotFound", "User with ID '" + id + "' not found.");
  }
}
