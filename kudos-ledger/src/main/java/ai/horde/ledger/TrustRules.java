package ai.horde.ledger;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.accounts.Suspicion;
import ai.horde.events.AccountCommand;
import ai.horde.events.ConsiderTrust;
import ai.horde.events.KudosCommand;
import ai.horde.events.RecordSuspicion;
import ai.horde.events.UserAccount;
import ai.horde.events.UserChanged;
import ai.horde.events.UserEvent;
import ai.horde.events.UserSuspected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's rules for suspicion and trust (spec R3.11.6, §3.12, §4.6; docs/decisions/0016), pure:
 * recording a suspicion another decider reports, trusting a user automatically when the ledger reports that its
 * escrow passed the threshold, and telling the ledger whenever a user's trust changes (the ledger then holds
 * or releases escrow).
 *
 * <p>The workers' side (un-pausing on trust, clearing their suspicions on a reset) is the scheduler's, from the
 * same user events. Known gap: accounts whose users were trusted before the ledger knew about trust are
 * untrusted at the ledger until their trust is set again.
 */
final class TrustRules {
  private TrustRules() {}

  /** An account must be this old to be trusted automatically. */
  static final Duration TRUST_MIN_AGE = Duration.ofDays(7);

  /**
   * A suspicion reported by another decider: recorded on the user unless it is the anonymous user, the user is
   * unknown, the reason is not one of the reference's, or the reason is already recorded and does not
   * accumulate. Nobody waits for an answer.
   */
  static RegistryDecision recordSuspicion(RegistryState state, AccountCommand command, RecordSuspicion record) {
    var changes = new RegistryDecision.Changes();
    UserAccount user = state.user(record.getUserId());
    Suspicion reason = reason(record.getReason());
    if (user == null || AccountRegistry.anonymous(user) || reason == null
        || !reason.addsTo(user.getSuspicions())) {
      return changes.unanswered();
    }
    changes.userEvents.add(new UserEvent(user.getUserId(), command.getRequestedAt(),
        new UserSuspected(reason.name(), record.getWorkerId())));
    return changes.unanswered();
  }

  private static Suspicion reason(String name) {
    try {
      return Suspicion.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  /**
   * The ledger saw the user's escrow pass the threshold: the user is trusted if it is not already, is not
   * anonymous, not suspicious, not deleted and at least {@link #TRUST_MIN_AGE} old (the reference's
   * check_for_trust). Otherwise nothing: the ledger asks again at the next escrow credit.
   */
  static RegistryDecision considerTrust(RegistryState state, AccountCommand command, ConsiderTrust consider) {
    var changes = new RegistryDecision.Changes();
    UserAccount user = state.user(consider.getUserId());
    if (user == null || AccountRegistry.anonymous(user) || user.getTrusted() || user.getDeleted()
        || Accounts.suspicious(user)
        || user.getCreatedAt().plus(TRUST_MIN_AGE).isAfter(command.getRequestedAt())) {
      return changes.unanswered();
    }
    changes.userEvents.add(new UserEvent(user.getUserId(), command.getRequestedAt(),
        UserChanged.newBuilder().setTrusted(true).build()));
    return changes.unanswered();
  }

  /**
   * The decision with a {@code SetTrust} for the ledger after every user event that changed a user's trust
   * (a user created trusted counts: the ledger takes every account for untrusted until told).
   */
  static RegistryDecision withLedgerTrust(RegistryState state, AccountCommand command, RegistryDecision decision) {
    Map<Long, UserAccount> users = new HashMap<>();
    List<KudosCommand> trust = new ArrayList<>();
    for (UserEvent event : decision.userEvents()) {
      long id = event.getUserId();
      UserAccount before = users.containsKey(id) ? users.get(id) : state.user(id);
      UserAccount after = Accounts.evolve(before, event);
      users.put(id, after);
      boolean was = before != null && before.getTrusted();
      if (was != after.getTrusted()) {
        trust.add(KudosCommands.trust(Accounts.user(id), command.getCommandId() + ":" + id + ":" + trust.size(),
            after.getTrusted(), command.getRequestedAt()));
      }
    }
    if (trust.isEmpty()) {
      return decision;
    }
    List<KudosCommand> kudosCommands = new ArrayList<>(decision.kudosCommands());
    kudosCommands.addAll(trust);
    return new RegistryDecision(decision.userEvents(), decision.sharedKeys(), decision.teams(), decision.modes(),
        List.copyOf(kudosCommands), decision.promptFilters(), decision.ipTimeouts(), decision.ipSuspicions(),
        decision.reply());
  }
}
