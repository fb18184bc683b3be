package ai.horde.projections;

import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The read models: each a named projection with its own topics, tables and stored offsets, folded by
 * {@link ReadModelFold}. Its rows are a function of its topics up to its stored offsets only, so that
 * {@link ReadModelRebuild} can drop them and fold them again with the same result.
 *
 * <p>No two read models share a topic or a table: a model's projector seeks, fences and rebuilds only its own.
 */
enum ReadModel {
  ACCOUNTS("accounts", List.of(Topics.USER_EVENTS, Topics.KUDOS_BALANCES), List.of("users", "account_balances"),
      ReadModelFold::accounts),
  JOURNAL("journal", List.of(Topics.KUDOS_POSTINGS), List.of("kudos_postings"), ReadModelFold::journal),
  WORKERS("workers", List.of(Topics.WORKERS), List.of("workers"), ReadModelFold::workers),
  TEAMS("teams", List.of(Topics.TEAMS), List.of("teams"), ReadModelFold::teams),
  TEXT_STATS("text-stats", List.of(Topics.TEXT_JOB_EVENTS, Topics.TEXT_REQUEST_OUTCOMES),
      List.of("text_jobs", "user_records"), ReadModelFold::textStats),
  IMAGE_STATS("image-stats", List.of(Topics.IMAGE_JOB_EVENTS, Topics.IMAGE_REQUEST_OUTCOMES),
      List.of("image_jobs", "image_user_records"), ReadModelFold::imageStats),
  ALCHEMY_STATS("alchemy-stats", List.of(Topics.ALCHEMY_JOB_EVENTS), List.of("alchemy_user_records"),
      ReadModelFold::alchemyStats);

  /** Which rows one record changes, through the store (the caller owns the transaction). */
  interface Fold {
    void apply(ConsumerRecord<byte[], byte[]> record, ReadModelStore store) throws SQLException;
  }

  private final String projection;
  private final List<Topic<String, ?>> topics;
  private final List<String> tables;
  private final Fold fold;

  ReadModel(String projection, List<Topic<String, ?>> topics, List<String> tables, Fold fold) {
    this.projection = projection;
    this.topics = topics;
    this.tables = tables;
    this.fold = fold;
  }

  /** The name its offsets and status are stored under, and that {@code ./horde rebuild} takes. */
  String projection() {
    return projection;
  }

  List<Topic<String, ?>> topics() {
    return topics;
  }

  List<String> tables() {
    return tables;
  }

  Fold fold() {
    return fold;
  }

  static Optional<ReadModel> named(String projection) {
    for (ReadModel model : values()) {
      if (model.projection.equals(projection)) {
        return Optional.of(model);
      }
    }
    return Optional.empty();
  }
}
