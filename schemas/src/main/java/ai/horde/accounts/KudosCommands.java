package ai.horde.accounts;

import ai.horde.events.KudosCommand;
import ai.horde.events.KudosTransaction;
import ai.horde.events.OpenAccount;
import ai.horde.events.SetTrust;
import ai.horde.events.ReleaseHold;
import ai.horde.events.ReserveKudos;
import ai.horde.events.SetSharedKeyKudos;
import ai.horde.events.TransferKudos;
import ai.horde.events.TransferRoles;
import ai.horde.events.UserAccount;
import java.time.Instant;

/**
 * Builds the commands other services send to the kudos ledger ({@code horde.kudos-commands}), with the key
 * and the command id each must have. A command id is the business id of what it does, so sending the same
 * command twice changes nothing.
 */
public final class KudosCommands {
  private KudosCommands() {}

  /** Hold id of the upfront kudos a request reserves. */
  public static String upfrontHold(String requestId) {
    return "upfront:" + requestId;
  }

  /** A transaction, sent to its home account: the account of its first leg, which must be a user's. */
  public static KudosCommand transaction(KudosTransaction transaction, Instant issuedAt) {
    String home = transaction.getLegs().get(0).getAccount();
    return command(transaction.getTransactionId(), home, issuedAt, transaction);
  }

  public static KudosCommand reserve(String account, String holdId, long amountCenti, Instant expiresAt,
      Instant issuedAt) {
    return command("reserve:" + holdId, account, issuedAt, new ReserveKudos(holdId, amountCenti, expiresAt));
  }

  public static KudosCommand release(String account, String holdId, Instant issuedAt) {
    return command("release:" + holdId, account, issuedAt, new ReleaseHold(holdId));
  }

  /** @param transferId {@code transfer:<source>:<Idempotency-Key or a fresh uuid>} */
  public static KudosCommand transfer(String source, String transferId, String destination, long amountCenti,
      Instant issuedAt) {
    return transfer(source, transferId, destination, amountCenti, TransferRoles.newBuilder().build(), issuedAt);
  }

  /** @param roles what the sender and the receiver are: the ledger checks the transfer rules on them */
  public static KudosCommand transfer(String source, String transferId, String destination, long amountCenti,
      TransferRoles roles, Instant issuedAt) {
    return command(transferId, source, issuedAt,
        new TransferKudos(transferId, destination, amountCenti, roles, null));
  }

  /** The facts about a transfer's two users that the ledger's rules need. */
  public static TransferRoles roles(UserAccount source, UserAccount destination) {
    return TransferRoles.newBuilder().setSourceFlagged(source.getFlagged()).setSourceEducation(source.getEducation())
        .setSourceDeleted(source.getDeleted()).setDestinationFlagged(destination.getFlagged())
        .setDestinationDeleted(destination.getDeleted()).setSourceSuspicious(Accounts.suspicious(source))
        .setDestinationSuspicious(Accounts.suspicious(destination)).build();
  }

  /** The registry's word on whether the account's user is trusted (escrow, docs/decisions/0016). */
  public static KudosCommand trust(String account, String commandId, boolean trusted, Instant issuedAt) {
    return command("trust:" + commandId, account, issuedAt, new SetTrust(trusted));
  }

  /** What a shared key of the account may still spend from now on: null for unlimited; deleted drops it. */
  public static KudosCommand sharedKeyKudos(String account, String commandId, String keyHash, Long kudosCenti,
      boolean deleted, Instant issuedAt) {
    return command("sharedkey:" + commandId, account, issuedAt, new SetSharedKeyKudos(keyHash, kudosCenti, deleted));
  }

  /** @param commandId unique per registration command (its own command id) */
  public static KudosCommand open(String account, String commandId, long floorCenti, Long targetCenti,
      Instant issuedAt) {
    return command("open:" + commandId, account, issuedAt, new OpenAccount(floorCenti, targetCenti));
  }

  /** The same command, answered to {@code replyTo} under {@code correlationId}. */
  public static KudosCommand replyingTo(KudosCommand command, String replyTo, String correlationId) {
    return KudosCommand.newBuilder(command).setReplyTo(replyTo).setCorrelationId(correlationId).build();
  }

  private static KudosCommand command(String id, String account, Instant issuedAt, Object body) {
    return KudosCommand.newBuilder().setCommandId(id).setAccount(account).setIssuedAt(issuedAt).setCommand(body)
        .build();
  }
}
