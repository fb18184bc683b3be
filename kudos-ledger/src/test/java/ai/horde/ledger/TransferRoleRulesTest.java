package ai.horde.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.TransferRoles;
import ai.horde.ledger.TransferRoleRules.Refusal;
import org.junit.jupiter.api.Test;

/** The users' roles refuse a transfer in the reference's order, with its (swapped) messages. */
class TransferRoleRulesTest {
  private static TransferRoles.Builder roles() {
    return TransferRoles.newBuilder();
  }

  @Test
  void theFirstBrokenRuleRefuses() {
    assertThat(TransferRoleRules.check(roles().setSourceFlagged(true).setDestinationFlagged(true).build()))
        .extracting(Refusal::rc).isEqualTo("SourceAccountFlagged");
    assertThat(TransferRoleRules.check(roles().setSourceEducation(true).setDestinationFlagged(true).build()))
        .extracting(Refusal::rc).isEqualTo("EducationCannotSendKudos");
    assertThat(TransferRoleRules.check(roles().setDestinationFlagged(true).setDestinationDeleted(true).build()))
        .extracting(Refusal::rc).isEqualTo("TargetAccountFlagged");
    assertThat(TransferRoleRules.check(roles().setDestinationDeleted(true).setSourceDeleted(true).build()).message())
        .startsWith("This destination account");
    assertThat(TransferRoleRules.check(roles().setSourceDeleted(true).build()))
        .isEqualTo(new Refusal("DeletedUser", "This source account has been scheduled for deletion and is disabled"));
    assertThat(TransferRoleRules.check(roles().build())).isNull();
  }

  @Test
  void aSuspiciousSenderComesFirstAndASuspiciousReceiverAfterTheSendersRules() {
    assertThat(TransferRoleRules.check(roles().setSourceSuspicious(true).setSourceFlagged(true).build())).isEqualTo(
        new Refusal("FaultWhenKudosSending", "Something went wrong when sending kudos. Please contact the mods."));
    assertThat(TransferRoleRules.check(roles().setSourceEducation(true).setDestinationSuspicious(true).build()))
        .extracting(Refusal::rc).isEqualTo("EducationCannotSendKudos");
    assertThat(TransferRoleRules.check(roles().setDestinationSuspicious(true).setDestinationFlagged(true).build()))
        .isEqualTo(new Refusal("FaultWhenKudosReceiving",
            "Something went wrong when receiving kudos. Please contact the mods."));
  }

  @Test
  void theFlaggedMessagesAreTheReferencesSwappedOnes() {
    assertThat(TransferRoleRules.check(roles().setSourceFlagged(true).build()).message())
        .startsWith("The target account");
    assertThat(TransferRoleRules.check(roles().setDestinationFlagged(true).build()).message())
        .startsWith("Your account");
  }
}
