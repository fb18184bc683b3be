package ai.horde.ingress.workers;

import ai.horde.ingress.views.SqlQuery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of the worker reads (spec §1.4 W1, W2, W5). Pure: it builds statements and binds values, it runs
 * nothing.
 */
final class WorkerQueries {
  private WorkerQueries() {}

  /**
   * {@code GET /workers?type=&name=}: the workers that checked in since {@code onlineSince}. A {@code name}
   * (case-insensitive, exact) wins over {@code type}; an empty one filters nothing, as in the reference
   * (flask's falsy empty string).
   */
  static SqlQuery online(String type, String name, Instant onlineSince) {
    StringBuilder sql = new StringBuilder("SELECT ").append(WorkerRow.COLUMNS).append(" FROM ")
        .append(WorkerRow.FROM).append(" WHERE w.last_check_in_at >= ?");
    Object since = onlineSince.atOffset(ZoneOffset.UTC);
    String order = " ORDER BY w.created_at, w.id";
    if (name != null && !name.isEmpty()) {
      return SqlQuery.of(sql.append(" AND lower(w.name) = lower(?)").append(order).toString(), since, name);
    }
    if (type != null && !type.isEmpty()) {
      return SqlQuery.of(sql.append(" AND w.kind = ?").append(order).toString(), since, type);
    }
    return SqlQuery.of(sql.append(order).toString(), since);
  }

  /** One worker, online or not; empty when {@code id} is not a UUID (then no worker has it). */
  static Optional<SqlQuery> byId(String id) {
    return uuid(id).map(uuid -> SqlQuery.of(
        "SELECT " + WorkerRow.COLUMNS + " FROM " + WorkerRow.FROM + " WHERE w.id = ?", uuid));
  }

  /** One worker by its exact name (names are unique across kinds, spec R3.11.1). */
  static SqlQuery byName(String name) {
    return SqlQuery.of("SELECT " + WorkerRow.COLUMNS + " FROM " + WorkerRow.FROM + " WHERE w.name = ?", name);
  }

  /** The workers of a team, all when {@code teamId} is null (every worker in some team). */
  static SqlQuery inTeams(UUID teamId) {
    String sql = "SELECT " + WorkerRow.COLUMNS + " FROM " + WorkerRow.FROM;
    if (teamId == null) {
      return SqlQuery.of(sql + " WHERE w.team_id IS NOT NULL ORDER BY w.created_at, w.id");
    }
    return SqlQuery.of(sql + " WHERE w.team_id = ? ORDER BY w.created_at, w.id", teamId);
  }

  /** The id as a UUID, if it is one in its canonical form (spec §0.10: anything else is "not found"). */
  static Optional<UUID> uuid(String id) {
    if (id == null || id.length() != 36) {
      return Optional.empty();
    }
    try {
      UUID uuid = UUID.fromString(id);
      return uuid.toString().equalsIgnoreCase(id) ? Optional.of(uuid) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
