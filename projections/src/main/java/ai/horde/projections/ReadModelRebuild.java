package ai.horde.projections;

import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topic;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;

/**
 * The rebuild command ({@code ./horde rebuild <read-model>|all}): drops a read model's rows and offsets and
 * folds its topics again from the beginning up to their current ends, in one transaction that holds the
 * projection's lock, then stores those ends as its offsets. The live projector may keep running: it cannot
 * write while the lock is held, and once it sees the offsets moved it seeks to them and carries on from
 * there (see {@link ModelProjector}).
 *
 * <p>Settings: {@code HORDE_JDBC_URL}, {@code HORDE_JDBC_USER}, {@code HORDE_JDBC_PASSWORD} (the projections
 * service's defaults) and {@code KAFKA_BOOTSTRAP_SERVERS}. It migrates the database first, as the service
 * does. Known gap: the whole refold is one transaction, so a very long topic makes a long transaction.
 */
public final class ReadModelRebuild {
  static final String JDBC_URL = "HORDE_JDBC_URL";
  static final String JDBC_USER = "HORDE_JDBC_USER";
  static final String JDBC_PASSWORD = "HORDE_JDBC_PASSWORD";

  private ReadModelRebuild() {}

  /** What one rebuild did: records folded, rows per table after it, the offsets it stored. */
  record Result(ReadModel model, long records, Map<String, Long> rows, Map<TopicPartition, Long> offsets) {
    void print(PrintStream out) {
      String rowCounts = rows.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " rows")
          .collect(Collectors.joining(", "));
      String ends = new TreeMap<>(offsets.entrySet().stream().collect(
          Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))).toString();
      out.printf("rebuilt %s: folded %d records; %s; offsets %s%n", model.projection(), records, rowCounts, ends);
    }
  }

  public static void main(String[] args) {
    if (args.length != 1 || models(args[0]).isEmpty()) {
      System.err.println("usage: ./horde rebuild <read-model>|all  (read models: " + Arrays.stream(
          ReadModel.values()).map(ReadModel::projection).collect(Collectors.joining(", ")) + ")");
      System.exit(2);
    }
    run(HordeEnv.system(), args[0], System.out);
  }

  /**
   * Rebuilds the named read model ({@code all} for every one) in the database and from the brokers {@code env}
   * names, printing what each rebuild did.
   */
  public static void run(HordeEnv env, String name, PrintStream out) {
    String url = env.get(JDBC_URL, "jdbc:postgresql://localhost:25432/horde");
    String user = env.get(JDBC_USER, "postgres");
    String password = env.get(JDBC_PASSWORD, "");
    Flyway.configure().dataSource(url, user, password).load().migrate();
    Transactor transactor = Transactor.jdbc(url, user, password);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(env, "projections-rebuild"))) {
      for (ReadModel model : models(name)) {
        rebuild(model, transactor, consumer).print(out);
      }
    }
  }

  private static List<ReadModel> models(String name) {
    if (name.equals("all")) {
      return List.of(ReadModel.values());
    }
    return ReadModel.named(name).map(List::of).orElse(List.of());
  }

  /** Refolds the model from the beginning of its topics to their current ends, in one transaction. */
  static Result rebuild(ReadModel model, Transactor transactor, KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> partitions = partitions(model, consumer);
    return transactor.inTransaction(store -> {
      // Held until the commit: the live projector writes nothing meanwhile, so the ends read below are
      // exactly where its stored offsets will be moved to.
      store.lock(model.projection(), true);
      store.clear(model);
      store.deleteOffsets(model.projection());
      consumer.assign(partitions);
      // read_committed: the ends are the last stable offsets, and what lies before them is decided.
      Map<TopicPartition, Long> ends = new LinkedHashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
      consumer.seekToBeginning(partitions);
      long records = 0;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
            model.fold().apply(record, store);
            records++;
          }
        }
      }
      store.saveOffsets(model.projection(), ends);
      Map<String, Long> rows = new LinkedHashMap<>();
      for (String table : model.tables()) {
        rows.put(table, store.count(table));
      }
      return new Result(model, records, rows, ends);
    });
  }

  private static List<TopicPartition> partitions(ReadModel model, KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<String, ?> topic : model.topics()) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist (is the horde running?)");
      }
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    return partitions;
  }
}
