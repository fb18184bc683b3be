package ai.horde.ledger;

import static ai.horde.ledger.AccountRegistry.anonymous;
import static ai.horde.ledger.AccountRegistry.moderator;

import ai.horde.events.AccountCommand;
import ai.horde.events.ChangeTeam;
import ai.horde.events.CreateTeam;
import ai.horde.events.DeleteTeam;
import ai.horde.events.TeamState;
import ai.horde.events.UserAccount;

/**
 * The registry's rules for teams (spec §1.6 TM2, TM4, TM5, §3.16): only trusted users create them, names are
 * unique ignoring case, the owner or a moderator changes or deletes them.
 *
 * <p>Known gap: a deleted team's workers still name it in their state ({@code WorkerState.team_id}); readers
 * treat a team that no longer exists as none.
 */
final class TeamRules {
  private TeamRules() {}

  /** NotOwner's message in the reference (sic: it is the NotAdmin one). */
  static final String NOT_OWNER = "You're not an admin. Sod off!";

  static RegistryDecision create(RegistryState state, AccountCommand command, UserAccount requester,
      CreateTeam create) {
    if (anonymous(requester)) {
      return RegistryDecision.refused(command, 403, "AnonForbidden", AccountRegistry.ANON_FORBIDDEN);
    }
    if (!requester.getTrusted() && !moderator(command, requester)) {
      return RegistryDecision.refused(command, 403, "UntrustedTeamCreation",
          "Only trusted users can create teams.");
    }
    TeamState existing = state.team(create.getTeamId());
    if (existing != null && existing.getOwnerId() == requester.getUserId()
        && existing.getName().equals(create.getName())) {
      // The same command again (team ids are fresh UUIDs): nothing more to write.
      return new RegistryDecision.Changes().accepted(command, existing.getTeamId(), existing.getName());
    }
    if (existing != null) {
      return RegistryDecision.refused(command, 400, "BadRequest", "A team with this ID already exists.");
    }
    if (state.teamNamed(create.getName()) != null) {
      return nameTaken(command, create.getName());
    }
    TeamState team = TeamState.newBuilder()
        .setTeamId(create.getTeamId())
        .setName(create.getName())
        .setInfo(create.getInfo())
        .setOwnerId(requester.getUserId())
        .setCreatedAt(command.getRequestedAt())
        .setUpdatedAt(command.getRequestedAt())
        .build();
    var changes = new RegistryDecision.Changes();
    changes.teams.put(team.getTeamId(), team);
    return changes.accepted(command, team.getTeamId(), team.getName());
  }

  static RegistryDecision change(RegistryState state, AccountCommand command, UserAccount requester,
      ChangeTeam change) {
    TeamState team = state.team(change.getTeamId());
    if (team == null) {
      return notFound(command, change.getTeamId());
    }
    if (!owner(command, requester, team)) {
      return RegistryDecision.refused(command, 403, "NotOwner", NOT_OWNER);
    }
    if (change.getName() == null && change.getInfo() == null) {
      return RegistryDecision.refused(command, 400, "NoTeamModSelected", "No team modification selected!");
    }
    TeamState.Builder after = TeamState.newBuilder(team).setUpdatedAt(command.getRequestedAt());
    if (change.getName() != null) {
      TeamState named = state.teamNamed(change.getName());
      if (named != null && !named.getTeamId().equals(team.getTeamId())) {
        return nameTaken(command, change.getName());
      }
      after.setName(change.getName());
    }
    if (change.getInfo() != null) {
      after.setInfo(change.getInfo());
    }
    var changes = new RegistryDecision.Changes();
    changes.teams.put(team.getTeamId(), after.build());
    return changes.accepted(command, team.getTeamId(), after.getName());
  }

  static RegistryDecision delete(RegistryState state, AccountCommand command, UserAccount requester,
      DeleteTeam delete) {
    TeamState team = state.team(delete.getTeamId());
    if (team == null) {
      return notFound(command, delete.getTeamId());
    }
    if (!owner(command, requester, team)) {
      return RegistryDecision.refused(command, 403, "NotOwner", NOT_OWNER);
    }
    var changes = new RegistryDecision.Changes();
    changes.teams.put(team.getTeamId(), null);
    return changes.accepted(command, team.getTeamId(), team.getName());
  }

  private static boolean owner(AccountCommand command, UserAccount requester, TeamState team) {
    return !anonymous(requester)
        && (team.getOwnerId() == requester.getUserId() || moderator(command, requester));
  }

  private static RegistryDecision notFound(AccountCommand command, String teamId) {
    return RegistryDecision.refused(command, 404, "TeamNotFound", "Team with ID '" + teamId + "' not found.");
  }

  private static RegistryDecision nameTaken(AccountCommand command, String name) {
    return RegistryDecision.refused(command, 400, "TeamNameAlreadyExists",
        "The specified team name '" + name + "' is already taken!");
  }
}
