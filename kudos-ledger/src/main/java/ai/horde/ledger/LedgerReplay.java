package ai.horde.ledger;

import ai.horde.events.KudosAccount;
import ai.horde.events.KudosPosting;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import ai.horde.topics.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The replay command ({@code ./horde kudos-replay}): rebuilds every balance from the journal
 * ({@code horde.kudos-postings}) and compares it with the ledger's live state (its accounts store, read from
 * the store's changelog topic, which is exactly what the store holds as of the last commit). Prints every
 * account whose balances differ, the sum of all balances, and any transaction whose postings do not sum to
 * zero; exits 1 if anything is wrong.
 *
 * <p>The journal and the store are written in the same exactly-once transactions, but the two topics are read
 * one after the other: while the ledger is moving a difference can be a read a few records apart. The command
 * therefore reads until both topics stood still during a whole read (or gives up, and says so).
 */
public final class LedgerReplay {
  private LedgerReplay() {}

  /**
   * What a replay found.
   *
   * @param drift account → {replayed, live} for every account where they differ
   * @param unbalanced transaction id → sum of its postings, for transactions that do not sum to zero
   * @param duplicates posting ids found more than once in the journal
   * @param settled whether the ledger stood still during the read the report comes from
   */
  public record Report(int accounts, long postings, Map<String, long[]> drift, long replayedSum, long liveSum,
      Map<String, Long> unbalanced, Set<String> duplicates, boolean settled) {
    public boolean clean() {
      return settled && drift.isEmpty() && replayedSum == 0 && liveSum == 0 && unbalanced.isEmpty()
          && duplicates.isEmpty();
    }

    void print(PrintStream out) {
      out.printf("replayed %d postings into %d accounts%n", postings, accounts);
      drift.forEach((account, values) -> out.printf("DRIFT %s: journal %s, live %s%n", account,
          kudos(values[0]), kudos(values[1])));
      unbalanced.forEach((id, sum) -> out.printf("UNBALANCED transaction %s sums to %s%n", id, kudos(sum)));
      duplicates.forEach(id -> out.printf("DUPLICATE posting %s%n", id));
      out.printf("sum of all balances: journal %s, live %s%n", kudos(replayedSum), kudos(liveSum));
      if (!settled) {
        out.println("the ledger did not stand still while it was read: differences may be records in flight");
      }
      out.println(clean() ? "no drift" : "DRIFT FOUND");
    }

    private static String kudos(long centi) {
      return java.math.BigDecimal.valueOf(centi, 2).toPlainString();
    }
  }

  public static void main(String[] args) {
    Report report = run(HordeEnv.system(), LedgerTopology.APPLICATION_ID, 20);
    report.print(System.out);
    System.exit(report.clean() ? 0 : 1);
  }

  /** Reads both topics until they stood still during a read, at most {@code attempts} times. */
  public static Report run(HordeEnv env, String applicationId, int attempts) {
    String changelog = LedgerTopology.accountsChangelog(applicationId);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(env, "kudos-replay"))) {
      Report report = null;
      for (int attempt = 0; attempt < attempts; attempt++) {
        Map<TopicPartition, Long> before = ends(consumer, List.of(Topics.KUDOS_POSTINGS.name(), changelog));
        report = read(consumer, changelog, before);
        Map<TopicPartition, Long> after = ends(consumer, List.of(Topics.KUDOS_POSTINGS.name(), changelog));
        if (before.equals(after)) {
          return report;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return new Report(report.accounts(), report.postings(), report.drift(), report.replayedSum(),
          report.liveSum(), report.unbalanced(), report.duplicates(), false);
    }
  }

  private static Report read(KafkaConsumer<byte[], byte[]> consumer, String changelog,
      Map<TopicPartition, Long> ends) {
    // Everything stays assigned (end offsets are only kept for assigned partitions); one topic is read at a time.
    consumer.assign(ends.keySet());
    Map<String, Long> replayed = new HashMap<>();
    Map<String, Long> byTransaction = new HashMap<>();
    Set<String> seen = new HashSet<>();
    Set<String> duplicates = new TreeSet<>();
    long[] postings = {0};
    readAll(consumer, Topics.KUDOS_POSTINGS.name(), ends, record -> {
      KudosPosting posting = Topics.KUDOS_POSTINGS.value(record);
      postings[0]++;
      if (!seen.add(posting.getPostingId())) {
        duplicates.add(posting.getPostingId());
        return;
      }
      replayed.merge(posting.getAccount(), posting.getAmountCenti(), Long::sum);
      byTransaction.merge(posting.getTransactionId(), posting.getAmountCenti(), Long::sum);
    });
    var accountSerde = Topics.serde(KudosAccount.class);
    Map<String, Long> live = new HashMap<>();
    readAll(consumer, changelog, ends, record -> {
      String key = Topics.keySerde().deserializer().deserialize(changelog, record.key());
      if (record.value() == null) {
        live.remove(key);
      } else {
        // A user's escrow is kept on its account and journalled as escrow:<id> (docs/decisions/0016).
        AccountBook.putBalances(key, accountSerde.deserializer().deserialize(changelog, record.value()), live);
      }
    });

    Map<String, long[]> drift = new TreeMap<>();
    Set<String> accounts = new TreeSet<>(replayed.keySet());
    accounts.addAll(live.keySet());
    for (String account : accounts) {
      long fromJournal = replayed.getOrDefault(account, 0L);
      long fromStore = live.getOrDefault(account, 0L);
      if (fromJournal != fromStore) {
        drift.put(account, new long[] {fromJournal, fromStore});
      }
    }
    Map<String, Long> unbalanced = new TreeMap<>();
    byTransaction.forEach((id, sum) -> {
      if (sum != 0) {
        unbalanced.put(id, sum);
      }
    });
    return new Report(accounts.size(), postings[0], drift, sum(replayed), sum(live), unbalanced, duplicates, true);
  }

  private static long sum(Map<String, Long> balances) {
    return balances.values().stream().mapToLong(Long::longValue).sum();
  }

  /** End offsets (last stable offsets: the consumer reads committed) of every partition of the topics. */
  private static Map<TopicPartition, Long> ends(KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null) {
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
    }
    consumer.assign(partitions);
    return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
  }

  private static void readAll(KafkaConsumer<byte[], byte[]> consumer, String topic, Map<TopicPartition, Long> ends,
      Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    List<TopicPartition> partitions = ends.keySet().stream().filter(tp -> tp.topic().equals(topic)).toList();
    consumer.pause(ends.keySet());
    consumer.resume(partitions);
    consumer.seekToBeginning(partitions);
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
          handler.accept(record);
        }
      }
    }
  }
}
