package ai.horde.ingress.workers;

import ai.horde.ingress.views.Workers;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One worker as the {@code workers} read model holds it (its speed the mean of its samples: tokens or
 * pixel-steps per second, an alchemist's seconds per form, null for an alchemist that has none; its forms
 * null unless it is an alchemist), with the name of its team (null when it has none,
 * or when its team was deleted: a deleted team does not rewrite its workers, see ADR 0007). Kudos are exact
 * ({@code numeric(20,2)} columns).
 */
record WorkerRow(String id, String name, String kind, long ownerId, Instant createdAt, Instant lastCheckInAt,
    List<String> models, int maxLength, int maxContextLength, int threads, boolean nsfw, String bridgeAgent,
    boolean maintenance, String maintenanceMsg, boolean paused, String info, long requestsFulfilled,
    long uncompletedJobs, BigDecimal kudosGenerated, BigDecimal kudosUptime, long uptimeSeconds, Double speed,
    String teamId, String teamName, Image image, long thingsGenerated, List<String> forms) {

  /** What a dreamer allows, as its last pop said. */
  record Image(int maxPixels, boolean img2img, boolean painting, boolean postProcessing, boolean lora,
      boolean controlnet, boolean sdxlControlnet) {}

  /** The columns {@link #read} expects, in order; {@code w} is {@code workers}, {@code t} its LEFT JOINed team. */
  static final String COLUMNS = """
      w.id, w.name, w.kind, w.owner_id, w.created_at, w.last_check_in_at, w.models, w.max_length,
      w.max_context_length, w.threads, w.nsfw, w.bridge_agent, w.maintenance, w.maintenance_msg, w.paused,
      w.info, w.requests_fulfilled, w.uncompleted_jobs, w.kudos_generated, w.kudos_uptime, w.uptime_seconds,
      w.speed, t.id, t.name, w.max_pixels, w.img2img, w.painting, w.post_processing, w.lora, w.controlnet,
      w.sdxl_controlnet, w.things_generated, w.forms""";

  /** {@code workers w} with its team, if that team still exists. */
  static final String FROM = "workers w LEFT JOIN teams t ON t.id = w.team_id";

  static WorkerRow read(ResultSet row) throws SQLException {
    Array models = row.getArray(7);
    Object teamId = row.getObject(23);
    Array forms = row.getArray(33);
    Double speed = row.getObject(22) == null ? null : row.getDouble(22);
    return new WorkerRow(row.getObject(1).toString(), row.getString(2), row.getString(3), row.getLong(4),
        instant(row, 5), instant(row, 6), List.of((String[]) models.getArray()), row.getInt(8), row.getInt(9),
        row.getInt(10), row.getBoolean(11), row.getString(12), row.getBoolean(13), row.getString(14),
        row.getBoolean(15), row.getString(16), row.getLong(17), row.getLong(18), row.getBigDecimal(19),
        row.getBigDecimal(20), row.getLong(21), speed, teamId == null ? null : teamId.toString(),
        row.getString(24), row.getObject(25) == null ? null : new Image(row.getInt(25), row.getBoolean(26),
            row.getBoolean(27), row.getBoolean(28), row.getBoolean(29), row.getBoolean(30), row.getBoolean(31)),
        row.getLong(32), forms == null ? null : List.of((String[]) forms.getArray()));
  }

  /** Whether it checked in within the last 300 s (spec R3.11.3). */
  boolean online(long now) {
    return now - lastCheckInAt.toEpochMilli() <= Workers.ONLINE_MS;
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    return row.getObject(column, OffsetDateTime.class).toInstant();
  }
}
