package ai.horde.ledger;

import static ai.horde.ledger.AccountRegistry.moderator;

import ai.horde.events.AccountCommand;
import ai.horde.events.ChangePromptFilter;
import ai.horde.events.DeletePromptFilter;
import ai.horde.events.PromptFilter;
import ai.horde.events.PutPromptFilter;
import ai.horde.events.UserAccount;

/**
 * The registry's rules for the moderators' regex prompt filters (spec §1.12 F1, F3): moderators only
 * (admins included); the registry numbers new filters from its sequence, and a filter with the same regex and
 * type is answered rather than added twice (the reference's PUT). Every write goes to
 * {@code horde.prompt-filters}, from which each ingress instance compiles the same filters. The answer names
 * the filter's id.
 *
 * <p>The regex is not checked here: as in the reference, a regex that does not compile is stored and ingress
 * leaves it out when it compiles a type's filters.
 */
final class PromptFilterRules {
  private PromptFilterRules() {}

  static RegistryDecision put(RegistryState state, AccountCommand command, UserAccount requester,
      PutPromptFilter put) {
    if (!moderator(command, requester)) {
      return notModerator(command);
    }
    for (PromptFilter existing : state.promptFilters()) {
      if (existing.getRegex().equals(put.getRegex()) && existing.getFilterType() == put.getFilterType()) {
        return new RegistryDecision.Changes().accepted(command, Long.toString(existing.getId()), null);
      }
    }
    PromptFilter created = PromptFilter.newBuilder().setId(state.lastPromptFilterId() + 1)
        .setRegex(put.getRegex()).setFilterType(put.getFilterType()).setDescription(put.getDescription())
        .setReplacement(put.getReplacement()).setUserId(requester.getUserId())
        .setUpdatedAt(command.getRequestedAt()).build();
    return written(command, created.getId(), created);
  }

  /** F3 PATCH: 404 for an unknown id before 400 for a change that asks for nothing, as the reference. */
  static RegistryDecision change(RegistryState state, AccountCommand command, UserAccount requester,
      ChangePromptFilter change) {
    if (!moderator(command, requester)) {
      return notModerator(command);
    }
    PromptFilter before = state.promptFilter(change.getFilterId());
    if (before == null) {
      return notFound(command, change.getFilterId());
    }
    if (change.getRegex() == null && change.getFilterType() == null && change.getDescription() == null
        && change.getReplacement() == null) {
      return RegistryDecision.refused(command, 400, "NoFilterModSelected", "No filter patching selected!");
    }
    PromptFilter.Builder after = PromptFilter.newBuilder(before).setUserId(requester.getUserId())
        .setUpdatedAt(command.getRequestedAt());
    if (change.getRegex() != null) {
      after.setRegex(change.getRegex());
    }
    if (change.getFilterType() != null) {
      after.setFilterType(change.getFilterType());
    }
    if (change.getDescription() != null) {
      after.setDescription(change.getDescription());
    }
    if (change.getReplacement() != null) {
      after.setReplacement(change.getReplacement());
    }
    return written(command, before.getId(), after.build());
  }

  static RegistryDecision delete(RegistryState state, AccountCommand command, UserAccount requester,
      DeletePromptFilter delete) {
    if (!moderator(command, requester)) {
      return notModerator(command);
    }
    if (state.promptFilter(delete.getFilterId()) == null) {
      return notFound(command, delete.getFilterId());
    }
    return written(command, delete.getFilterId(), null);
  }

  /** The filter's new state (null: deleted), answered with its id. */
  private static RegistryDecision written(AccountCommand command, long id, PromptFilter filter) {
    var changes = new RegistryDecision.Changes();
    changes.promptFilters.put(Long.toString(id), filter);
    return changes.accepted(command, Long.toString(id), null);
  }

  private static RegistryDecision notModerator(AccountCommand command) {
    return RegistryDecision.refused(command, 403, "NotModerator", AccountRegistry.NOT_MODERATOR);
  }

  private static RegistryDecision notFound(AccountCommand command, long id) {
    return RegistryDecision.refused(command, 404, "FilterNotFound", "Filter with ID '" + id + "' not found.");
  }
}
