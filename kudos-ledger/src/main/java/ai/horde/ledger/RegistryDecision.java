package ai.horde.ledger;

import ai.horde.events.AccountAnswer;
import ai.horde.events.AccountCommand;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.HordeModes;
import ai.horde.events.IpSuspicion;
import ai.horde.events.IpTimeout;
import ai.horde.events.KudosCommand;
import ai.horde.events.PromptFilter;
import ai.horde.events.Reply;
import ai.horde.events.SharedKeyState;
import ai.horde.events.TeamState;
import ai.horde.events.UserEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one account command does: what the registry writes (and stores), what it sends to the ledger and what
 * it answers. A refusal writes nothing.
 *
 * @param userEvents the users' new events, in order (each is folded into its user)
 * @param sharedKeys shared key hash → its new state; a null value deletes the key (a tombstone)
 * @param teams team id → its new state; a null value deletes the team
 * @param modes the horde's new modes, or null when they do not change
 * @param kudosCommands commands for the kudos ledger (opening balances, admin kudos, shared key kudos)
 * @param promptFilters filter id (decimal) → its new state; a null value deletes the filter
 * @param ipTimeouts address or block → its new timeout; a null value releases it (a tombstone)
 * @param ipSuspicions address → the corrupt prompts counted against it (kept in the registry's store only)
 * @param reply the answer, or null when nobody waits for one
 */
record RegistryDecision(List<UserEvent> userEvents, Map<String, SharedKeyState> sharedKeys,
    Map<String, TeamState> teams, HordeModes modes, List<KudosCommand> kudosCommands,
    Map<String, PromptFilter> promptFilters, Map<String, IpTimeout> ipTimeouts,
    Map<String, IpSuspicion> ipSuspicions, Reply reply) {

  static RegistryDecision refused(AccountCommand command, int status, String rc, String message) {
    return new Changes().answer(command, new ErrorAnswer(status, rc, message));
  }

  /** The writes of a decision in the making (maps keep their insertion order and allow tombstones). */
  static final class Changes {
    final List<UserEvent> userEvents = new ArrayList<>();
    final Map<String, SharedKeyState> sharedKeys = new LinkedHashMap<>();
    final Map<String, TeamState> teams = new LinkedHashMap<>();
    HordeModes modes;
    final List<KudosCommand> kudosCommands = new ArrayList<>();
    final Map<String, PromptFilter> promptFilters = new LinkedHashMap<>();
    final Map<String, IpTimeout> ipTimeouts = new LinkedHashMap<>();
    final Map<String, IpSuspicion> ipSuspicions = new LinkedHashMap<>();

    /** These changes, answered with {@code AccountAnswer(subjectId, subjectName)}. */
    RegistryDecision accepted(AccountCommand command, String subjectId, String subjectName) {
      return answer(command, new AccountAnswer(subjectId, subjectName));
    }

    RegistryDecision answer(AccountCommand command, Object body) {
      return decided(command.getReplyTo() == null ? null : new Reply(command.getCommandId(), command.getReplyTo(), body));
    }

    /** These changes, for a command nobody waits on (a report, or a command another decider sent). */
    RegistryDecision unanswered() {
      return decided(null);
    }

    private RegistryDecision decided(Reply reply) {
      return new RegistryDecision(List.copyOf(userEvents), new LinkedHashMap<>(sharedKeys),
          new LinkedHashMap<>(teams), modes, List.copyOf(kudosCommands), new LinkedHashMap<>(promptFilters),
          new LinkedHashMap<>(ipTimeouts), new LinkedHashMap<>(ipSuspicions), reply);
    }
  }
}
