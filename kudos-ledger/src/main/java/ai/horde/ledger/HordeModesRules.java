package ai.horde.ledger;

import static ai.horde.ledger.AccountRegistry.moderator;

import ai.horde.events.AccountCommand;
import ai.horde.events.HordeModes;
import ai.horde.events.SetHordeModes;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topics;

/**
 * The registry's rule for the horde's modes (spec §1.9 M5, §3.17): maintenance is the admins', invite-only
 * and raid the moderators' (admins included). The merged modes go to {@code horde.horde-modes}.
 *
 * <p>Known gap: enabling maintenance does not zero the remaining jobs of image requests (there are none).
 */
final class HordeModesRules {
  private HordeModesRules() {}

  static RegistryDecision set(RegistryState state, AccountCommand command, UserAccount requester,
      SetHordeModes set) {
    if (set.getMaintenance() != null && !command.getRequesterAdmin()) {
      return RegistryDecision.refused(command, 403, "NotAdmin", AccountRegistry.NOT_ADMIN);
    }
    if ((set.getInviteOnly() != null || set.getRaid() != null) && !moderator(command, requester)) {
      return RegistryDecision.refused(command, 403, "NotModerator", AccountRegistry.NOT_MODERATOR);
    }
    if (set.getMaintenance() == null && set.getInviteOnly() == null && set.getRaid() == null) {
      return RegistryDecision.refused(command, 400, "NoHordeModSelected", "No horde mod operations selected!");
    }
    HordeModes before = state.modes();
    HordeModes.Builder after = HordeModes.newBuilder(before).setUpdatedAt(command.getRequestedAt());
    if (set.getMaintenance() != null) {
      after.setMaintenance(set.getMaintenance());
    }
    if (set.getInviteOnly() != null) {
      after.setInviteOnly(set.getInviteOnly());
    }
    if (set.getRaid() != null) {
      after.setRaid(set.getRaid());
    }
    var changes = new RegistryDecision.Changes();
    changes.modes = after.build();
    return changes.accepted(command, Topics.MODES_KEY, null);
  }

  /** The modes before anyone set them: all off. */
  static HordeModes initial() {
    return HordeModes.newBuilder().setUpdatedAt(java.time.Instant.EPOCH).build();
  }
}
