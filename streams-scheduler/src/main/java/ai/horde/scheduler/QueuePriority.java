package ai.horde.scheduler;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountBalance;
import ai.horde.events.RequestAccepted;

/**
 * Where a request's queue priority starts (spec R3.5.1): the scheduler's decision alone, from the requester's
 * balance as the ledger last published it and the facts ingress carries on the request. In order: a flagged
 * requester with more than 10 kudos starts at a thousandth of them (rounded as Python rounds), any other
 * flagged one at -100; a downgraded shared-key request at -50 (R3.15.4); everyone else at their balance, never
 * below its floor (an account the ledger has not written yet is at 0, the anonymous one at its floor). Pure.
 *
 * <p>Known gap: the balance is what the ledger last published, so a spend or reward still on its way is not
 * in it yet.
 */
final class QueuePriority {
  static final long FLAGGED_CENTI = -100_00;
  static final long DOWNGRADED_CENTI = -50_00;
  private static final long FLAGGED_LENIENCY_CENTI = 10_00;

  private QueuePriority() {}

  static long seedCenti(RequestAccepted request, AccountBalance balance) {
    long kudosCenti = balance == null
        ? request.getUserId() == Accounts.ANONYMOUS_ID ? Accounts.ANONYMOUS_FLOOR_CENTI : 0
        : Math.max(balance.getBalanceCenti(), balance.getFloorCenti() == null ? Long.MIN_VALUE : balance.getFloorCenti());
    if (request.getRequesterFlagged()) {
      return kudosCenti > FLAGGED_LENIENCY_CENTI ? (long) Math.rint(kudosCenti / 100.0 / 1000) * 100 : FLAGGED_CENTI;
    }
    return request.getDowngraded() ? DOWNGRADED_CENTI : kudosCenti;
  }
}
