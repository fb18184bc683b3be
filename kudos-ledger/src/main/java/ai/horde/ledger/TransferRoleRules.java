package ai.horde.ledger;

import ai.horde.events.TransferRoles;

/**
 * The transfer rules on who sends and who receives (spec §1.7 K1, §3.12), which the reference checks right
 * after the reverse-transfer rule: suspicious, flagged or education sender, suspicious or flagged receiver,
 * deleted receiver, deleted sender, in that order, with the reference's messages (its two "flagged" messages are swapped, and kept so). Decided by
 * the ledger from the facts ingress read and carried on the command, so that the order of all transfer rules
 * lives in one place. Pure.
 *
 * <p>Known gap: the roles are as ingress last saw the users, so a suspicion or a flag recorded a moment before
 * a transfer can be missed (decision 0006).
 */
final class TransferRoleRules {
  /** A refusal: the rc and the message of a 400. */
  record Refusal(String rc, String message) {}

  private TransferRoleRules() {}

  /** The first rule the roles break, or null. */
  static Refusal check(TransferRoles roles) {
    if (roles.getSourceSuspicious()) {
      return new Refusal("FaultWhenKudosSending", "Something went wrong when sending kudos. Please contact the mods.");
    }
    if (roles.getSourceFlagged()) {
      return new Refusal("SourceAccountFlagged",
          "The target account has been flagged for suspicious activity and tranferring kudos to them is blocked.");
    }
    if (roles.getSourceEducation()) {
      return new Refusal("EducationCannotSendKudos", "Education accounts cannot transfer kudos away");
    }
    if (roles.getDestinationSuspicious()) {
      return new Refusal("FaultWhenKudosReceiving",
          "Something went wrong when receiving kudos. Please contact the mods.");
    }
    if (roles.getDestinationFlagged()) {
      return new Refusal("TargetAccountFlagged",
          "Your account has been flagged for suspicious activity. Please contact the mods.");
    }
    if (roles.getDestinationDeleted()) {
      return new Refusal("DeletedUser", "This destination account has been scheduled for deletion and is disabled");
    }
    if (roles.getSourceDeleted()) {
      return new Refusal("DeletedUser", "This source account has been scheduled for deletion and is disabled");
    }
    return null;
  }
}
