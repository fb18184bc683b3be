package ai.horde.projections;

import ai.horde.events.AccountBalance;
import ai.horde.events.KudosPosting;
import ai.horde.events.UserApiKeyRotated;
import ai.horde.events.UserCreated;
import ai.horde.events.UserEvent;
import ai.horde.events.UserRolesChanged;
import ai.horde.events.WorkerState;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The fold of the users, balances, kudos journal and workers read models: which rows one record changes.
 * Timestamps come from the events (or, for worker states, the record), never from the clock, so that
 * folding the same topics again gives the same tables.
 *
 * <p>Not kept: API key hashes (a rotation only touches {@code updated_at}), of a worker its IP, soft
 * prompts and {@code owner_trusted} (the owner's row has it), and of a balance its kudos_details buckets.
 * Known gap: user-event tombstones, which the registry never writes, are ignored; so are journal
 * tombstones, which the ledger never writes (the journal is kept forever).
 */
final class ReadModelFold {
  /** The topics this fold reads. */
  static final List<Topic<String, ?>> TOPICS =
      List.of(Topics.USER_EVENTS, Topics.KUDOS_BALANCES, Topics.KUDOS_POSTINGS, Topics.WORKERS);

  private ReadModelFold() {}

  static void apply(ConsumerRecord<byte[], byte[]> record, ReadModelStore store) throws SQLException {
    String topic = record.topic();
    if (topic.equals(Topics.USER_EVENTS.name())) {
      UserEvent event = Topics.USER_EVENTS.value(record);
      if (event != null) {
        applyUserEvent(event, store);
      }
    } else if (topic.equals(Topics.KUDOS_BALANCES.name())) {
      AccountBalance balance = Topics.KUDOS_BALANCES.value(record);
      if (balance == null) {
        store.deleteBalance(Topics.KUDOS_BALANCES.key(record));
      } else {
        store.putBalance(balance.getAccount(), balance.getBalanceCenti(), balance.getFloorCenti(),
            balance.getHeldCenti(), balance.getUpdatedAt());
      }
    } else if (topic.equals(Topics.KUDOS_POSTINGS.name())) {
      KudosPosting posting = Topics.KUDOS_POSTINGS.value(record);
      if (posting != null) {
        store.insertPosting(posting);
      }
    } else if (topic.equals(Topics.WORKERS.name())) {
      WorkerState worker = Topics.WORKERS.value(record);
      if (worker == null) {
        store.deleteWorker(UUID.fromString(Topics.WORKERS.key(record)));
      } else {
        store.upsertWorker(worker, Instant.ofEpochMilli(record.timestamp()));
      }
    }
  }

  private static void applyUserEvent(UserEvent event, ReadModelStore store) throws SQLException {
    long userId = event.getUserId();
    Instant at = event.getOccurredAt();
    Object change = event.getEvent();
    if (change instanceof UserCreated created) {
      store.upsertUser(userId, created.getUsername(), created.getOauthId(), at, created.getModerator(),
          created.getTrusted(), created.getConcurrency());
    } else if (change instanceof UserRolesChanged roles) {
      store.setUserRoles(userId, roles.getModerator(), roles.getTrusted(), at);
    } else if (change instanceof UserApiKeyRotated) {
      store.touchUser(userId, at);
    }
  }
}
