package ai.horde.ledger;

import ai.horde.events.ConsiderTrust;
import ai.horde.events.RecordSuspicion;
import ai.horde.accounts.Accounts;
import ai.horde.events.AccountCommand;
import ai.horde.events.ChangeSharedKey;
import ai.horde.events.ChangePromptFilter;
import ai.horde.events.ChangeTeam;
import ai.horde.events.ChangeUser;
import ai.horde.events.CreateSharedKey;
import ai.horde.events.CreateTeam;
import ai.horde.events.DeletePromptFilter;
import ai.horde.events.DeleteSharedKey;
import ai.horde.events.DeleteTeam;
import ai.horde.events.DeleteUser;
import ai.horde.events.PutPromptFilter;
import ai.horde.events.RegisterUser;
import ai.horde.events.ReleaseIpTimeout;
import ai.horde.events.ReportCorruptPrompt;
import ai.horde.events.SetHordeModes;
import ai.horde.events.SetIpTimeout;
import ai.horde.events.UserAccount;

/**
 * The account registry's decisions, as one pure function: given what the registry knows and one
 * {@link AccountCommand}, what to write and what to answer. It finds the requester (401 when it is unknown)
 * and hands the command to the rules of its entity: {@link UserRules}, {@link SharedKeyRules},
 * {@link TeamRules}, {@link HordeModesRules}, {@link IpTimeoutRules}, {@link PromptFilterRules}; ingress's reports
 * of corrupt prompts go to {@link CorruptPromptRules} without a requester. Permissions and uniqueness are checked
 * here, against the
 * registry's own state; ingress only checked the shape of the input.
 *
 * <p>A requester is a moderator for every rule when the user is one or when ingress found its alias among
 * the horde's admins ({@code requester_admin}).
 */
final class AccountRegistry {
  private AccountRegistry() {}

  static final String NOT_ADMIN = "You're not an admin. Sod off!";
  static final String NOT_MODERATOR = "You're not a mod. BTFO!";
  static final String INVALID_API_KEY =
      "No user matching sent API Key. Have you remembered to register at https://stablehorde.net/register ?";
  static final String ANON_FORBIDDEN = "Anonymous user is forbidden from performing this operation";

  /** The decision, with the ledger told about every change of a user's trust ({@link TrustRules}). */
  static RegistryDecision decide(RegistryState state, AccountCommand command) {
    return TrustRules.withLedgerTrust(state, command, decideAlone(state, command));
  }

  private static RegistryDecision decideAlone(RegistryState state, AccountCommand command) {
    Object body = command.getCommand();
    if (body instanceof RegisterUser register) {
      return UserRules.register(state, command, register);
    }
    if (body instanceof ReportCorruptPrompt report) {
      return CorruptPromptRules.report(state, command, report);
    }
    // Sent by other deciders, on nobody's behalf.
    if (body instanceof RecordSuspicion record) {
      return TrustRules.recordSuspicion(state, command, record);
    }
    if (body instanceof ConsiderTrust consider) {
      return TrustRules.considerTrust(state, command, consider);
    }
    UserAccount requester = command.getRequesterId() == null ? null : state.user(command.getRequesterId());
    if (requester == null) {
      return RegistryDecision.refused(command, 401, "InvalidAPIKey", INVALID_API_KEY);
    }
    if (body instanceof ChangeUser change) {
      return UserRules.change(state, command, requester, change);
    }
    if (body instanceof DeleteUser delete) {
      return UserRules.delete(state, command, requester, delete);
    }
    if (body instanceof CreateSharedKey create) {
      return SharedKeyRules.create(state, command, requester, create);
    }
    if (body instanceof ChangeSharedKey change) {
      return SharedKeyRules.change(state, command, requester, change);
    }
    if (body instanceof DeleteSharedKey delete) {
      return SharedKeyRules.delete(state, command, requester, delete);
    }
    if (body instanceof CreateTeam create) {
      return TeamRules.create(state, command, requester, create);
    }
    if (body instanceof ChangeTeam change) {
      return TeamRules.change(state, command, requester, change);
    }
    if (body instanceof DeleteTeam delete) {
      return TeamRules.delete(state, command, requester, delete);
    }
    if (body instanceof SetHordeModes modes) {
      return HordeModesRules.set(state, command, requester, modes);
    }
    if (body instanceof SetIpTimeout set) {
      return IpTimeoutRules.set(command, requester, set);
    }
    if (body instanceof ReleaseIpTimeout release) {
      return IpTimeoutRules.release(state, command, requester, release);
    }
    if (body instanceof PutPromptFilter put) {
      return PromptFilterRules.put(state, command, requester, put);
    }
    if (body instanceof ChangePromptFilter change) {
      return PromptFilterRules.change(state, command, requester, change);
    }
    if (body instanceof DeletePromptFilter delete) {
      return PromptFilterRules.delete(state, command, requester, delete);
    }
    throw new IllegalArgumentException("unknown account command " + body);
  }

  static boolean anonymous(UserAccount user) {
    return user.getUserId() == Accounts.ANONYMOUS_ID;
  }

  /** A moderator, or one of the horde's admins. */
  static boolean moderator(AccountCommand command, UserAccount requester) {
    return requester.getModerator() || command.getRequesterAdmin();
  }
}
