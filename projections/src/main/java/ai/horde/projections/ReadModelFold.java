package ai.horde.projections;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountBalance;
import ai.horde.events.JobEvent;
import ai.horde.events.JobEventKind;
import ai.horde.events.KudosPosting;
import ai.horde.events.RequestFinished;
import ai.horde.events.TeamState;
import ai.horde.events.UserAccount;
import ai.horde.events.UserCreated;
import ai.horde.events.UserEvent;
import ai.horde.events.WorkerState;
import ai.horde.topics.Topics;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folds of the read models ({@link ReadModel}): which rows one record changes. Timestamps come from the
 * events (or, for worker states, the record), never from the clock, and whatever depends on order comes
 * from the record's place in its partition, so that folding the same topics again gives the same tables.
 * A user's row is the registry's own fold ({@link Accounts#evolve}) of its events.
 *
 * <p>Not kept: API key and proxy passkey hashes, of a worker its IP, soft prompts and {@code owner_trusted}
 * (the owner's row has it), of a balance its shared-key usage. Known gaps: user-event and journal
 * tombstones, which nothing writes, are ignored; an event for a user that was never created is skipped
 * (logged); usage_tokens counts max_length without the requester's usage_multiplier (quirk Q21), which lives
 * in another read model whose order against the job events is not fixed.
 */
final class ReadModelFold {
  private static final Logger LOG = LoggerFactory.getLogger(ReadModelFold.class);

  private ReadModelFold() {}

  /** USER_EVENTS and KUDOS_BALANCES into users and account_balances. */
  static void accounts(ConsumerRecord<byte[], byte[]> record, ReadModelStore store) throws SQLException {
    if (record.topic().equals(Topics.USER_EVENTS.name())) {
      UserEvent event = Topics.USER_EVENTS.value(record);
      if (event == null) {
        return;
      }
      UserAccount before = store.user(event.getUserId());
      if (before == null && !(event.getEvent() instanceof UserCreated)) {
        LOG.warn("skipping an event of user {}, who was never created", event.getUserId());
        return;
      }
      store.putUser(Accounts.evolve(before, event));
    } else if (record.topic().equals(Topics.KUDOS_BALANCES.name())) {
      AccountBalance balance = Topics.KUDOS_BALANCES.value(record);
      if (balance == null) {
        store.deleteBalance(Topics.KUDOS_BALANCES.key(record));
      } else {
        store.putBalance(balance);
      }
    }
  }

  /** KUDOS_POSTINGS into kudos_postings, each posting once, placed by its partition and offset. */
  static void journal(ConsumerRecord<byte[], byte[]> record, ReadModelStore store) throws SQLException {
    KudosPosting posting = Topics.KUDOS_POSTINGS.value(record);
    if (posting != null) {
      store.insertPosting(posting, record.partition(), record.offset());
    }
  }

  /** WORKERS into workers; a tombstone deletes. */
  static void workers(ConsumerRecord<byte[], byte[]> record, ReadModelStore store) throws SQLException {
    WorkerState worker = Topics.WORKERS.value(record);
    if (worker == null) {
      store.deleteWorker(UUID.fromString(Topics.WORKERS.key(record)));
    } else {
      store.upsertWorker(worker, Instant.ofEpochMilli(record.timestamp()));
    }
  }

  /** TEAMS into teams; a tombstone deletes. */
  static void teams(ConsumerRecord<byte[], byte[]> record, ReadModelStore store) throws SQLException {
    TeamState team = Topics.TEAMS.value(record);
    if (team == null) {
      store.deleteTeam(UUID.fromString(Topics.TEAMS.key(record)));
    } else {
      store.upsertTeam(team);
    }
  }

  /**
   * TEXT_JOB_EVENTS and TEXT_REQUEST_OUTCOMES into text_jobs and user_records (spec R1.3, R1.34; quirks Q23,
   * Q29): a delivered job counts its max_length (not its tokens) to the worker owner's contribution and the
   * requester's usage, a fulfilment to the owner and a request to the requester; a finished request counts
   * one more request (its activation). Sums only, so the order the two topics interleave in does not matter.
   */
  static void textStats(ConsumerRecord<byte[], byte[]> record, ReadModelStore store) throws SQLException {
    if (record.topic().equals(Topics.TEXT_JOB_EVENTS.name())) {
      JobEvent job = Topics.TEXT_JOB_EVENTS.value(record);
      if (job == null || job.getFake() || !ended(job.getKind())) {
        return;
      }
      store.putTextJob(job);
      if (job.getKind() == JobEventKind.DELIVERED) {
        store.addRecords(job.getWorkerOwnerId(), job.getMaxLength(), 1, 0, 0);
        store.addRecords(job.getRequesterUserId(), 0, 0, job.getMaxLength(), 1);
      }
    } else if (record.topic().equals(Topics.TEXT_REQUEST_OUTCOMES.name())) {
      RequestFinished finished = Topics.TEXT_REQUEST_OUTCOMES.value(record);
      if (finished != null) {
        store.addRecords(finished.getUserId(), 0, 0, 0, 1);
      }
    }
  }

  /**
   * IMAGE_JOB_EVENTS and IMAGE_REQUEST_OUTCOMES into image_jobs and image_user_records, as text's: a delivered
   * image counts its pixel-steps to the worker owner's contribution and the requester's usage, a fulfilment to
   * the owner and a request to the requester; a finished request counts one more request.
   */
  static void imageStats(ConsumerRecord<byte[], byte[]> record, ReadModelStore store) throws SQLException {
    if (record.topic().equals(Topics.IMAGE_JOB_EVENTS.name())) {
      JobEvent job = Topics.IMAGE_JOB_EVENTS.value(record);
      if (job == null || job.getFake() || !ended(job.getKind())) {
        return;
      }
      store.putImageJob(job);
      if (job.getKind() == JobEventKind.DELIVERED) {
        store.addImageRecords(job.getWorkerOwnerId(), job.getThings(), 1, 0, 0);
        store.addImageRecords(job.getRequesterUserId(), 0, 0, job.getThings(), 1);
      }
    } else if (record.topic().equals(Topics.IMAGE_REQUEST_OUTCOMES.name())) {
      RequestFinished finished = Topics.IMAGE_REQUEST_OUTCOMES.value(record);
      if (finished != null) {
        store.addImageRecords(finished.getUserId(), 0, 0, 0, 1);
      }
    }
  }

  /**
   * ALCHEMY_JOB_EVENTS into alchemy_user_records: each form is one job, and a delivered one counts one
   * fulfilment to its alchemist's owner and one request to its requester, as the reference records a form
   * (InterrogationForms.record) when it is delivered, and only then. Nothing counts its activation, so the
   * forms' request outcomes are not folded; no statistics endpoint reads alchemy jobs, so they are not kept.
   */
  static void alchemyStats(ConsumerRecord<byte[], byte[]> record, ReadModelStore store) throws SQLException {
    JobEvent job = Topics.ALCHEMY_JOB_EVENTS.value(record);
    if (job != null && !job.getFake() && job.getKind() == JobEventKind.DELIVERED) {
      store.addAlchemyRecords(job.getWorkerOwnerId(), 1, 0);
      store.addAlchemyRecords(job.getRequesterUserId(), 0, 1);
    }
  }

  /** A job that ended; a paused worker's fake job (spec R1.21) is left out of every statistic by the callers. */
  private static boolean ended(JobEventKind kind) {
    return kind == JobEventKind.DELIVERED || kind == JobEventKind.FAULTED
        || kind == JobEventKind.TIMED_OUT;
  }
}
