package ai.horde.ingress;

import ai.horde.events.TeamState;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every team as the registry last wrote it ({@code horde.teams}), by id. */
final class Teams {
  private final Map<String, TeamState> byId = new ConcurrentHashMap<>();

  void put(String teamId, TeamState team) {
    if (team == null) {
      byId.remove(teamId);
    } else {
      byId.put(teamId, team);
    }
  }

  Optional<TeamState> byId(String teamId) {
    return Optional.ofNullable(byId.get(teamId));
  }

  Collection<TeamState> all() {
    return byId.values();
  }
}
