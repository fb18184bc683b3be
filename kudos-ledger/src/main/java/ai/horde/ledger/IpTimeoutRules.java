package ai.horde.ledger;

import static ai.horde.ledger.AccountRegistry.moderator;

import ai.horde.events.AccountCommand;
import ai.horde.events.IpTimeout;
import ai.horde.events.ReleaseIpTimeout;
import ai.horde.events.SetIpTimeout;
import ai.horde.events.UserAccount;
import java.time.Duration;
import java.time.Instant;

/**
 * The registry's rules for IP timeouts (spec §1.13 O1–O3, R3.13.1): the moderators' (admins included) to set and
 * to release. A timeout is one {@link IpTimeout} on {@code horde.ip-timeouts}, keyed by the address or block as
 * ingress normalised it, that every ingress instance folds and enforces until its {@code until}; a release is a
 * tombstone. {@link #timeOut} is the one place a decision writes a timeout, for every rule that sets one (a
 * moderator's here; a corrupt prompt's, R3.13.2, with its own reason).
 *
 * <p>Known gaps: an expired timeout stays on the topic (ingress ignores it) until it is released or overwritten;
 * releasing a single address does not reset its corrupt-prompt suspicion, which the reference does.
 */
final class IpTimeoutRules {
  private IpTimeoutRules() {}

  static RegistryDecision set(AccountCommand command, UserAccount requester, SetIpTimeout set) {
    if (!moderator(command, requester)) {
      return RegistryDecision.refused(command, 403, "NotModerator", AccountRegistry.NOT_MODERATOR);
    }
    var changes = new RegistryDecision.Changes();
    timeOut(changes, set.getIpaddr(), set.getBlock(), command.getRequestedAt(),
        Duration.ofMinutes(set.getMinutes()), set.getReason());
    return changes.accepted(command, set.getIpaddr(), null);
  }

  /** Releases a timeout; releasing one that is not there (or no longer) writes nothing and is still OK. */
  static RegistryDecision release(RegistryState state, AccountCommand command, UserAccount requester,
      ReleaseIpTimeout release) {
    if (!moderator(command, requester)) {
      return RegistryDecision.refused(command, 403, "NotModerator", AccountRegistry.NOT_MODERATOR);
    }
    var changes = new RegistryDecision.Changes();
    if (state.ipTimeout(release.getIpaddr()) != null) {
      changes.ipTimeouts.put(release.getIpaddr(), null);
    }
    return changes.accepted(command, release.getIpaddr(), null);
  }

  /**
   * Writes a timeout of {@code ipaddr} for {@code length} from {@code from}: a later timeout of the same address
   * replaces the earlier one, as the reference's {@code setex} does, even when it is shorter.
   */
  static void timeOut(RegistryDecision.Changes changes, String ipaddr, boolean block, Instant from, Duration length,
      String reason) {
    changes.ipTimeouts.put(ipaddr, new IpTimeout(ipaddr, block, from.plus(length), reason));
  }
}
