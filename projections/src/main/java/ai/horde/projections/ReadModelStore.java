package ai.horde.projections;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountBalance;
import ai.horde.events.AlchemyCapabilities;
import ai.horde.events.ImageCapabilities;
import ai.horde.events.JobEvent;
import ai.horde.events.KudosPosting;
import ai.horde.events.TeamState;
import ai.horde.events.UserAccount;
import ai.horde.events.WorkerState;
import ai.horde.image.ImageKudos;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * The SQL of the read models, of the projection offsets and of the projection status, over one connection:
 * the caller owns the transaction, so that rows and offsets commit together. It maps event values to
 * columns (kudos in hundredths to numeric, instants to timestamptz); which rows an event changes is
 * {@link ReadModelFold}'s business.
 *
 * <p>The stored offsets are also the fencing token of a projection: whoever writes a projection's rows
 * first takes {@link #lock} (a transaction-scoped advisory lock) and checks the offsets are still those it
 * folded from.
 */
final class ReadModelStore {
  /** The advisory-lock class of projections (the second key is the hash of the projection's name). */
  private static final int LOCK_CLASS = 0x686f7264;

  private final Connection connection;

  ReadModelStore(Connection connection) {
    this.connection = connection;
  }

  // Accounts

  /** The user as {@link Accounts#evolve} takes it (key hashes are not kept: empty), or null. */
  UserAccount user(long id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("""
        SELECT username, oauth_id, moderator, trusted, concurrency, created_at, flagged, customizer, vpn,
          service, special, education, deleted, public_workers, worker_invited, usage_multiplier, contact,
          admin_comment, updated_at
        FROM users WHERE id = ?""")) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        return UserAccount.newBuilder().setUserId(id).setApiKeyHash("")
            .setUsername(row.getString(1)).setOauthId(row.getString(2)).setModerator(row.getBoolean(3))
            .setTrusted(row.getBoolean(4)).setConcurrency(row.getInt(5))
            .setCreatedAt(row.getObject(6, OffsetDateTime.class).toInstant())
            .setFlagged(row.getBoolean(7)).setCustomizer(row.getBoolean(8)).setVpn(row.getBoolean(9))
            .setService(row.getBoolean(10)).setSpecial(row.getBoolean(11)).setEducation(row.getBoolean(12))
            .setDeleted(row.getBoolean(13)).setPublicWorkers(row.getBoolean(14))
            .setWorkerInvited(row.getInt(15)).setUsageMultiplier(row.getDouble(16))
            .setContact(row.getString(17)).setAdminComment(row.getString(18))
            .setUpdatedAt(row.getObject(19, OffsetDateTime.class).toInstant())
            .build();
      }
    }
  }

  /** Writes every column of the user's row (not its key hashes). */
  void putUser(UserAccount u) throws SQLException {
    update("""
        INSERT INTO users (id, username, oauth_id, created_at, moderator, trusted, concurrency, updated_at,
          flagged, customizer, vpn, service, special, education, deleted, public_workers, worker_invited,
          usage_multiplier, contact, admin_comment)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET username = excluded.username, oauth_id = excluded.oauth_id,
          created_at = excluded.created_at, moderator = excluded.moderator, trusted = excluded.trusted,
          concurrency = excluded.concurrency, updated_at = excluded.updated_at, flagged = excluded.flagged,
          customizer = excluded.customizer, vpn = excluded.vpn, service = excluded.service,
          special = excluded.special, education = excluded.education, deleted = excluded.deleted,
          public_workers = excluded.public_workers, worker_invited = excluded.worker_invited,
          usage_multiplier = excluded.usage_multiplier, contact = excluded.contact,
          admin_comment = excluded.admin_comment""",
        u.getUserId(), u.getUsername(), u.getOauthId(), timestamp(u.getCreatedAt()), u.getModerator(),
        u.getTrusted(), u.getConcurrency(), timestamp(u.getUpdatedAt()), u.getFlagged(), u.getCustomizer(),
        u.getVpn(), u.getService(), u.getSpecial(), u.getEducation(), u.getDeleted(), u.getPublicWorkers(),
        u.getWorkerInvited(), u.getUsageMultiplier(), u.getContact(), u.getAdminComment());
  }

  /** The built-in anonymous user, which no event creates: the same row as migrations V1 and V4 seed. */
  void seedAnonymous() throws SQLException {
    update("""
        INSERT INTO users (id, username, oauth_id, created_at, concurrency, updated_at)
        VALUES (?, 'Anonymous', 'anon', timestamptz '1970-01-01 00:00:00+00', 500,
          timestamptz '1970-01-01 00:00:00+00')""", Accounts.ANONYMOUS_ID);
  }

  /** The balance, its floor (null for a system account), holds, escrow and kudos_details buckets (in kudos). */
  void putBalance(AccountBalance b) throws SQLException {
    List<String> buckets = new ArrayList<>();
    List<BigDecimal> amounts = new ArrayList<>();
    b.getDetails().forEach((bucket, centi) -> {
      buckets.add(bucket.toString());
      amounts.add(kudos(centi));
    });
    update("""
        INSERT INTO account_balances (account, balance, floor, held, escrow, updated_at, details)
        VALUES (?, ?, ?, ?, ?, ?,
          (SELECT coalesce(jsonb_object_agg(bucket, amount), '{}') FROM unnest(?::text[], ?::numeric[]) AS d(bucket, amount)))
        ON CONFLICT (account) DO UPDATE SET balance = excluded.balance, floor = excluded.floor,
          held = excluded.held, escrow = excluded.escrow, updated_at = excluded.updated_at,
          details = excluded.details""",
        b.getAccount(), kudos(b.getBalanceCenti()), b.getFloorCenti() == null ? null : kudos(b.getFloorCenti()),
        kudos(b.getHeldCenti()), kudos(b.getEscrowCenti()), timestamp(b.getUpdatedAt()),
        texts(buckets), connection.createArrayOf("numeric", amounts.toArray()));
  }

  void deleteBalance(String account) throws SQLException {
    update("DELETE FROM account_balances WHERE account = ?", account);
  }

  // Journal

  /**
   * Appends a journal row at its place in the journal; a posting already there (journalled twice) keeps its
   * first place, since a posting never changes once journalled.
   */
  void insertPosting(KudosPosting p, int partition, long offset) throws SQLException {
    update("""
        INSERT INTO kudos_postings (posting_id, transaction_id, account, amount, kind, occurred_at, balance_after,
          journal_partition, journal_offset)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (posting_id) DO NOTHING""",
        p.getPostingId(), p.getTransactionId(), p.getAccount(), kudos(p.getAmountCenti()), p.getKind().name(),
        timestamp(p.getOccurredAt()), p.getBalanceAfterCenti() == null ? null : kudos(p.getBalanceAfterCenti()),
        partition, offset);
  }

  // Workers and teams

  /**
   * Speed is the mean of the worker's recent samples; before any, 1 token/s, or 1 megapixel-step/s for a
   * dreamer, and none (null) for an alchemist, whose samples are seconds per form. A dreamer's capabilities
   * and an alchemist's forms are its last pop's.
   */
  void upsertWorker(WorkerState w, Instant updatedAt) throws SQLException {
    ImageCapabilities image = w.getImage();
    AlchemyCapabilities alchemy = w.getAlchemy();
    OptionalDouble mean = w.getSpeedSamples().stream().mapToDouble(Double::doubleValue).average();
    Double speed = mean.isPresent() ? Double.valueOf(mean.getAsDouble())
        : alchemy != null ? null : image == null ? 1 : ImageKudos.BASELINE_SPEED;
    update("""
        INSERT INTO workers (id, name, kind, owner_id, created_at, last_check_in_at, models, max_length,
          max_context_length, threads, nsfw, bridge_agent, maintenance, maintenance_msg, paused, info,
          requests_fulfilled, uncompleted_jobs, kudos_generated, kudos_uptime, uptime_seconds, speed, updated_at,
          team_id, max_pixels, img2img, painting, post_processing, lora, controlnet, sdxl_controlnet,
          things_generated, forms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, owner_id = excluded.owner_id,
          created_at = excluded.created_at, last_check_in_at = excluded.last_check_in_at,
          models = excluded.models, max_length = excluded.max_length,
          max_context_length = excluded.max_context_length, threads = excluded.threads, nsfw = excluded.nsfw,
          bridge_agent = excluded.bridge_agent, maintenance = excluded.maintenance,
          maintenance_msg = excluded.maintenance_msg, paused = excluded.paused, info = excluded.info,
          requests_fulfilled = excluded.requests_fulfilled, uncompleted_jobs = excluded.uncompleted_jobs,
          kudos_generated = excluded.kudos_generated, kudos_uptime = excluded.kudos_uptime,
          uptime_seconds = excluded.uptime_seconds, speed = excluded.speed, updated_at = excluded.updated_at,
          team_id = excluded.team_id, max_pixels = excluded.max_pixels, img2img = excluded.img2img,
          painting = excluded.painting, post_processing = excluded.post_processing, lora = excluded.lora,
          controlnet = excluded.controlnet, sdxl_controlnet = excluded.sdxl_controlnet,
          things_generated = excluded.things_generated, forms = excluded.forms""",
        UUID.fromString(w.getWorkerId()), w.getName(), w.getKind(), w.getOwnerUserId(),
        timestamp(w.getCreatedAt()), timestamp(w.getLastCheckInAt()),
        texts(w.getModels()), w.getMaxLength(), w.getMaxContextLength(),
        w.getThreads(), w.getNsfw(), w.getBridgeAgent(), w.getMaintenance(), w.getMaintenanceMsg(),
        w.getPaused(), w.getInfo(), w.getRequestsFulfilled(), w.getUncompletedJobs(),
        kudos(w.getKudosGeneratedCenti()), kudos(w.getKudosUptimeCenti()), w.getUptimeSeconds(),
        speed, timestamp(updatedAt), uuidOrNull(w.getTeamId()), image == null ? null : image.getMaxPixels(),
        image == null ? null : image.getAllowImg2img(), image == null ? null : image.getAllowPainting(),
        image == null ? null : image.getAllowPostProcessing(), image == null ? null : image.getAllowLora(),
        image == null ? null : image.getAllowControlnet(), image == null ? null : image.getAllowSdxlControlnet(),
        w.getThingsGenerated(),
        alchemy == null ? null : texts(alchemy.getForms()));
  }

  void deleteWorker(UUID id) throws SQLException {
    update("DELETE FROM workers WHERE id = ?", id);
  }

  void upsertTeam(TeamState t) throws SQLException {
    update("""
        INSERT INTO teams (id, name, info, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, info = excluded.info, owner_id = excluded.owner_id,
          created_at = excluded.created_at, updated_at = excluded.updated_at""",
        UUID.fromString(t.getTeamId()), t.getName(), t.getInfo(), t.getOwnerId(), timestamp(t.getCreatedAt()),
        timestamp(t.getUpdatedAt()));
  }

  void deleteTeam(UUID id) throws SQLException {
    update("DELETE FROM teams WHERE id = ?", id);
  }

  // Text statistics

  /** The job's row as its latest ending event has it. */
  void putTextJob(JobEvent j) throws SQLException {
    update("""
        INSERT INTO text_jobs (job_id, request_id, kind, state, model, max_length, max_context_length,
          prompt_chars, tokens, worker_id, worker_owner_id, requester_user_id, client_agent, bridge_agent,
          occurred_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (job_id) DO UPDATE SET request_id = excluded.request_id, kind = excluded.kind,
          state = excluded.state, model = excluded.model, max_length = excluded.max_length,
          max_context_length = excluded.max_context_length, prompt_chars = excluded.prompt_chars,
          tokens = excluded.tokens, worker_id = excluded.worker_id, worker_owner_id = excluded.worker_owner_id,
          requester_user_id = excluded.requester_user_id, client_agent = excluded.client_agent,
          bridge_agent = excluded.bridge_agent, occurred_at = excluded.occurred_at""",
        UUID.fromString(j.getJobId()), j.getRequestId(), j.getKind().name(), j.getState(), j.getModel(),
        j.getMaxLength(), j.getMaxContextLength(), j.getPromptChars(), j.getTokens(),
        UUID.fromString(j.getWorkerId()), j.getWorkerOwnerId(), j.getRequesterUserId(), j.getClientAgent(),
        j.getBridgeAgent(), timestamp(j.getOccurredAt()));
  }

  // Image statistics

  /** The image job's row as its latest ending event has it. */
  void putImageJob(JobEvent j) throws SQLException {
    update("""
        INSERT INTO image_jobs (job_id, request_id, kind, state, model, things, worker_id, worker_owner_id,
          requester_user_id, client_agent, bridge_agent, occurred_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (job_id) DO UPDATE SET request_id = excluded.request_id, kind = excluded.kind,
          state = excluded.state, model = excluded.model, things = excluded.things, worker_id = excluded.worker_id,
          worker_owner_id = excluded.worker_owner_id, requester_user_id = excluded.requester_user_id,
          client_agent = excluded.client_agent, bridge_agent = excluded.bridge_agent,
          occurred_at = excluded.occurred_at""",
        UUID.fromString(j.getJobId()), j.getRequestId(), j.getKind().name(), j.getState(), j.getModel(),
        j.getThings(), UUID.fromString(j.getWorkerId()), j.getWorkerOwnerId(), j.getRequesterUserId(),
        j.getClientAgent(), j.getBridgeAgent(), timestamp(j.getOccurredAt()));
  }

  /** Adds to the user's image records: not idempotent, only right inside the transaction that stores the offsets. */
  void addImageRecords(long userId, long contributionPixelsteps, long fulfillmentImage, long usagePixelsteps,
      long requestImage) throws SQLException {
    update("""
        INSERT INTO image_user_records (user_id, contribution_pixelsteps, fulfillment_image, usage_pixelsteps,
          request_image)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET
          contribution_pixelsteps = image_user_records.contribution_pixelsteps + excluded.contribution_pixelsteps,
          fulfillment_image = image_user_records.fulfillment_image + excluded.fulfillment_image,
          usage_pixelsteps = image_user_records.usage_pixelsteps + excluded.usage_pixelsteps,
          request_image = image_user_records.request_image + excluded.request_image""",
        userId, contributionPixelsteps, fulfillmentImage, usagePixelsteps, requestImage);
  }

  /** Adds to the user's alchemy records: not idempotent, only right inside the transaction that stores the offsets. */
  void addAlchemyRecords(long userId, long fulfillmentInterrogation, long requestInterrogation) throws SQLException {
    update("""
        INSERT INTO alchemy_user_records (user_id, fulfillment_interrogation, request_interrogation)
        VALUES (?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET
          fulfillment_interrogation = alchemy_user_records.fulfillment_interrogation
            + excluded.fulfillment_interrogation,
          request_interrogation = alchemy_user_records.request_interrogation + excluded.request_interrogation""",
        userId, fulfillmentInterrogation, requestInterrogation);
  }

  /** Adds to the user's records: not idempotent, only right inside the transaction that stores the offsets. */
  void addRecords(long userId, long contributionTokens, long fulfillmentText, long usageTokens, long requestText)
      throws SQLException {
    update("""
        INSERT INTO user_records (user_id, contribution_tokens, fulfillment_text, usage_tokens, request_text)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET
          contribution_tokens = user_records.contribution_tokens + excluded.contribution_tokens,
          fulfillment_text = user_records.fulfillment_text + excluded.fulfillment_text,
          usage_tokens = user_records.usage_tokens + excluded.usage_tokens,
          request_text = user_records.request_text + excluded.request_text""",
        userId, contributionTokens, fulfillmentText, usageTokens, requestText);
  }

  // Projections

  /**
   * Takes the projection's lock until the end of the transaction: the live projector tries it ({@code wait}
   * false: it comes back later), a rebuild waits for it.
   *
   * @return whether the lock is held
   */
  boolean lock(String projection, boolean wait) throws SQLException {
    String function = wait ? "pg_advisory_xact_lock" : "pg_try_advisory_xact_lock";
    try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, hashtext(?))")) {
      statement.setInt(1, LOCK_CLASS);
      statement.setString(2, projection);
      try (ResultSet row = statement.executeQuery()) {
        // pg_advisory_xact_lock returns void (once it has the lock); the try variant whether it got it.
        return wait || row.next() && row.getBoolean(1);
      }
    }
  }

  /** Deletes every row of the model (and seeds what no event creates), for a refold from the beginning. */
  void clear(ReadModel model) throws SQLException {
    for (String table : model.tables()) {
      update("DELETE FROM " + table);
    }
    if (model == ReadModel.ACCOUNTS) {
      seedAnonymous();
    }
  }

  long count(String table) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + table);
        ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
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

  void deleteOffsets(String projection) throws SQLException {
    update("DELETE FROM projection_offsets WHERE projection = ?", projection);
  }

  void putStatus(String projection, long lag, Instant checkedAt) throws SQLException {
    update("""
        INSERT INTO projection_status (projection, lag, checked_at) VALUES (?, ?, ?)
        ON CONFLICT (projection) DO UPDATE SET lag = excluded.lag, checked_at = excluded.checked_at""",
        projection, lag, timestamp(checkedAt));
  }

  private void update(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i] instanceof CharSequence text ? storable(text) : parameters[i]);
      }
      statement.executeUpdate();
    }
  }

  private java.sql.Array texts(List<? extends CharSequence> texts) throws SQLException {
    return connection.createArrayOf("text", texts.stream().map(ReadModelStore::storable).toArray());
  }

  /**
   * Text as PostgreSQL can hold it: a NUL (which ingress refuses, but an event may still carry one, from before
   * it did or from elsewhere) becomes U+FFFD, as the reference does with generated text, rather than stop the
   * projection on an error it would meet again at every retry.
   */
  static String storable(CharSequence text) {
    return text.toString().replace('\u0000', '\uFFFD');
  }

  /** Exact: hundredths become a numeric(20,2), never a double. */
  private static BigDecimal kudos(long centi) {
    return BigDecimal.valueOf(centi, 2);
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** A worker's team; blank (as "leave the team" is asked) is none. */
  private static UUID uuidOrNull(String id) {
    return id == null || id.isBlank() ? null : UUID.fromString(id);
  }
}
