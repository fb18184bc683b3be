package ai.horde.projections;

import ai.horde.events.KudosPosting;
import ai.horde.events.WorkerState;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * The SQL of the read models and of the projection offsets, over one connection: the caller owns the
 * transaction, so that rows and offsets commit together. It maps event values to columns (kudos in
 * hundredths to numeric, instants to timestamptz); which rows an event changes is {@link ReadModelFold}'s
 * business. Every write is idempotent on its key.
 */
final class ReadModelStore {
  private final Connection connection;

  ReadModelStore(Connection connection) {
    this.connection = connection;
  }

  void upsertUser(long id, String username, String oauthId, Instant createdAt, boolean moderator, boolean trusted,
      int concurrency) throws SQLException {
    update("""
        INSERT INTO users (id, username, oauth_id, created_at, moderator, trusted, concurrency, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET username = excluded.username, oauth_id = excluded.oauth_id,
          created_at = excluded.created_at, moderator = excluded.moderator, trusted = excluded.trusted,
          concurrency = excluded.concurrency, updated_at = excluded.updated_at""",
        id, username, oauthId, timestamp(createdAt), moderator, trusted, concurrency, timestamp(createdAt));
  }

  void setUserRoles(long id, boolean moderator, boolean trusted, Instant at) throws SQLException {
    update("UPDATE users SET moderator = ?, trusted = ?, updated_at = ? WHERE id = ?",
        moderator, trusted, timestamp(at), id);
  }

  void touchUser(long id, Instant at) throws SQLException {
    update("UPDATE users SET updated_at = ? WHERE id = ?", timestamp(at), id);
  }

  /** @param floorCenti null for a system account, which has no floor */
  void putBalance(String account, long balanceCenti, Long floorCenti, long heldCenti, Instant at)
      throws SQLException {
    update("""
        INSERT INTO account_balances (account, balance, floor, held, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (account) DO UPDATE SET balance = excluded.balance, floor = excluded.floor,
          held = excluded.held, updated_at = excluded.updated_at""",
        account, kudos(balanceCenti), floorCenti == null ? null : kudos(floorCenti), kudos(heldCenti),
        timestamp(at));
  }

  void deleteBalance(String account) throws SQLException {
    update("DELETE FROM account_balances WHERE account = ?", account);
  }

  /**
   * Appends a journal row; a posting already there (the same poll folded again) is left as it is, since a
   * posting never changes once journalled.
   */
  void insertPosting(KudosPosting p) throws SQLException {
    update("""
        INSERT INTO kudos_postings (posting_id, transaction_id, account, amount, kind, occurred_at, balance_after)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (posting_id) DO NOTHING""",
        p.getPostingId(), p.getTransactionId(), p.getAccount(), kudos(p.getAmountCenti()), p.getKind().name(),
        timestamp(p.getOccurredAt()), p.getBalanceAfterCenti() == null ? null : kudos(p.getBalanceAfterCenti()));
  }

  /** Speed is the mean of the worker's recent samples, 1 token/s before any. */
  void upsertWorker(WorkerState w, Instant updatedAt) throws SQLException {
    update("""
        INSERT INTO workers (id, name, kind, owner_id, created_at, last_check_in_at, models, max_length,
          max_context_length, threads, nsfw, bridge_agent, maintenance, maintenance_msg, paused, info,
          requests_fulfilled, uncompleted_jobs, kudos_generated, kudos_uptime, uptime_seconds, speed, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, owner_id = excluded.owner_id,
          created_at = excluded.created_at, last_check_in_at = excluded.last_check_in_at,
          models = excluded.models, max_length = excluded.max_length,
          max_context_length = excluded.max_context_length, threads = excluded.threads, nsfw = excluded.nsfw,
          bridge_agent = excluded.bridge_agent, maintenance = excluded.maintenance,
          maintenance_msg = excluded.maintenance_msg, paused = excluded.paused, info = excluded.info,
          requests_fulfilled = excluded.requests_fulfilled, uncompleted_jobs = excluded.uncompleted_jobs,
          kudos_generated = excluded.kudos_generated, kudos_uptime = excluded.kudos_uptime,
          uptime_seconds = excluded.uptime_seconds,
          speed = excluded.speed, updated_at = excluded.updated_at""",
        UUID.fromString(w.getWorkerId()), w.getName(), w.getKind(), w.getOwnerUserId(),
        timestamp(w.getCreatedAt()), timestamp(w.getLastCheckInAt()),
        connection.createArrayOf("text", w.getModels().toArray()), w.getMaxLength(), w.getMaxContextLength(),
        w.getThreads(), w.getNsfw(), w.getBridgeAgent(), w.getMaintenance(), w.getMaintenanceMsg(),
        w.getPaused(), w.getInfo(), w.getRequestsFulfilled(), w.getUncompletedJobs(),
        kudos(w.getKudosGeneratedCenti()), kudos(w.getKudosUptimeCenti()), w.getUptimeSeconds(),
        w.getSpeedSamples().stream().mapToDouble(Double::doubleValue).average().orElse(1),
        timestamp(updatedAt));
  }

  void deleteWorker(UUID id) throws SQLException {
    update("DELETE FROM workers WHERE id = ?", id);
  }

  /** The next offset to read in each partition this projection has stored one for. */
  Map<TopicPartition, Long> offsets(String projection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT topic, partition, next_offset FROM projection_offsets WHERE projection = ?")) {
      statement.setString(1, projection);
      Map<TopicPartition, Long> offsets = new HashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          offsets.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
        }
      }
      return offsets;
    }
  }

  void saveOffsets(String projection, Map<TopicPartition, Long> nextOffsets) throws SQLException {
    for (Map.Entry<TopicPartition, Long> entry : nextOffsets.entrySet()) {
      update("""
          INSERT INTO projection_offsets (projection, topic, partition, next_offset) VALUES (?, ?, ?, ?)
          ON CONFLICT (projection, topic, partition) DO UPDATE SET next_offset = excluded.next_offset""",
          projection, entry.getKey().topic(), entry.getKey().partition(), entry.getValue());
    }
  }

  private void update(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }

  /** Exact: hundredths become a numeric(20,2), never a double. */
  private static BigDecimal kudos(long centi) {
    return BigDecimal.valueOf(centi, 2);
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
