package ai.horde.scheduler;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.RequestAccepted;
import ai.horde.events.WorkerState;
import ai.horde.work.WorkKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scheduler asks of the kudos ledger (spec §4.4, §4.5; docs/decisions/0006): the activation tax, the
 * settlement of a delivered job, an uptime reward, and the release of a request's upfront hold. Pure.
 *
 * <p>Every transaction's first leg is a user account, its home at the ledger. Those a request pays are sent
 * to the requester's account, as is the release of its hold, so the ledger sees them in the order they were
 * decided: the tax and the settlements draw the hold down before it is released. Command ids are business
 * ids, so a command decided twice is applied once.
 *
 * <p>Escrow is the ledger's: it knows whom the registry trusts at the moment it credits (docs/decisions/0016).
 *
 * <p>Known gaps: the text tax is always 1 (the reference's +2 for another user's style is not modelled).
 */
final class SchedulerKudos {
  private SchedulerKudos() {}

  /** The horde tax of an accepted request, kept by the ledger even if the request is cancelled. */
  static KudosCommand activationTax(RequestAccepted request, long tax, long now) {
    String requester = Accounts.user(request.getUserId());
    return transaction("tax:" + request.getRequestId(), KudosKind.HORDE_TAX,
        List.of(new KudosLeg(requester, -tax), new KudosLeg(Accounts.BURN, tax)), request, now);
  }

  /**
   * A delivered job: the requester pays the charge and the job tax, the tax is burnt, the worker's owner
   * earns the reward. What the reward exceeds the charge by (a censored generation, an image model's
   * multiplier) is minted, what the charge exceeds it by (an image's burn) is burnt, so that the legs sum to
   * zero. The owner may be the requester: that account then has two legs.
   */
  static KudosCommand settlement(String jobId, RequestAccepted request, WorkerState worker, long rewardCenti,
      long chargeCenti, long taxCenti, long now) {
    List<KudosLeg> legs = new ArrayList<>();
    legs.add(new KudosLeg(Accounts.user(request.getUserId()), -(chargeCenti + taxCenti)));
    long burnt = taxCenti + Math.max(0, chargeCenti - rewardCenti);
    if (burnt != 0) {
      legs.add(new KudosLeg(Accounts.BURN, burnt));
    }
    // A zero reward still costs the job tax; a zero leg would only be a posting of nothing.
    if (rewardCenti != 0) {
      legs.add(new KudosLeg(Accounts.user(worker.getOwnerUserId()), rewardCenti));
    }
    if (rewardCenti > chargeCenti) {
      legs.add(new KudosLeg(Accounts.MINT, -(rewardCenti - chargeCenti)));
    }
    return transaction("generation:" + jobId, KudosKind.GENERATION, legs, request, now);
  }

  /**
   * One uptime reward, minted for the worker's owner; its id names the uptime it was earned at. An alchemist's
   * is spendable even for an untrusted owner (the reference's bypass_eval); the ledger holds the others in
   * escrow for untrusted owners (docs/decisions/0016).
   */
  static KudosCommand uptimeReward(WorkerState worker, long rewardCenti, long now) {
    String id = "uptime:" + worker.getWorkerId() + ":" + worker.getUptimeSeconds();
    KudosTransaction tx = KudosTransaction.newBuilder().setTransactionId(id).setKind(KudosKind.UPTIME_REWARD)
        .setEscrowExempt(WorkKind.ofWorkerType(worker.getKind()) == WorkKind.ALCHEMY)
        .setLegs(List.of(new KudosLeg(Accounts.user(worker.getOwnerUserId()), rewardCenti),
            new KudosLeg(Accounts.MINT, -rewardCenti)))
        .setReference(worker.getWorkerId()).setOccurredAt(Instant.ofEpochMilli(now)).build();
    return KudosCommands.transaction(tx, Instant.ofEpochMilli(now));
  }

  /** The award for rating a request's images, minted for its requester, once per request. */
  static KudosCommand aestheticsAward(RequestAccepted request, long rewardCenti, long now) {
    KudosTransaction tx = KudosTransaction.newBuilder().setTransactionId("aesthetics:" + request.getRequestId())
        .setKind(KudosKind.AWARD).setLegs(List.of(new KudosLeg(Accounts.user(request.getUserId()), rewardCenti),
            new KudosLeg(Accounts.MINT, -rewardCenti)))
        .setReference(request.getRequestId()).setOccurredAt(Instant.ofEpochMilli(now)).build();
    return KudosCommands.transaction(tx, Instant.ofEpochMilli(now));
  }

  /** Frees what is left of a request's upfront hold. */
  static KudosCommand release(RequestAccepted request, long now) {
    return KudosCommands.release(Accounts.user(request.getUserId()), request.getHoldId(), Instant.ofEpochMilli(now));
  }

  /**
   * A transaction a request pays, drawing its hold down if it has one, and counted against the shared key
   * it was made with, if any (spec R3.15.3).
   */
  private static KudosCommand transaction(String id, KudosKind kind, List<KudosLeg> legs, RequestAccepted request,
      long now) {
    KudosTransaction tx = KudosTransaction.newBuilder().setTransactionId(id).setKind(kind).setLegs(legs)
        .setReference(request.getRequestId()).setHoldId(request.getHoldId()).setSharedKey(request.getSharedKey())
        .setOccurredAt(Instant.ofEpochMilli(now)).build();
    return KudosCommands.transaction(tx, Instant.ofEpochMilli(now));
  }
}
