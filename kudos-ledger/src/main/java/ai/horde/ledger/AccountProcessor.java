package ai.horde.ledger;

import ai.horde.events.AccountBalance;
import ai.horde.events.AccountCommand;
import ai.horde.events.KudosAccount;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosPosting;
import ai.horde.events.TransferKudos;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter from one ledger task's stores to {@link AccountBook#decide}: reads what the decision needs, stores
 * what it changed, and forwards its journal postings, remote legs and reply. All of it is one exactly-once
 * transaction with the command's offset.
 *
 * <p>Balances: the accounts store is cached (Kafka Streams' record cache), so the changes of one commit
 * interval to one account (a system account changes at every step) reach the store's changelog and
 * {@code horde.kudos-balances} once, at the commit, in the same transaction: the balance record carries the
 * account as the last change of that commit left it. That is how a cached KTable forwards; a read_committed
 * reader sees the same balances, only not the intermediate ones of one transaction. The listener that
 * forwards them is Kafka Streams' internal API ({@link BalanceFlush}).
 *
 * <p>The accounts it read or wrote last are also kept deserialized ({@link #recent}), so that the next
 * step's read of a hot account costs no Avro decoding; they are dropped whenever the task is
 * (re)initialized, the only time the store can change other than through this processor.
 */
final class AccountProcessor extends ContextualProcessor<String, KudosCommand, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(AccountProcessor.class);

  /** How many accounts {@link #recent} keeps per task. */
  static final int RECENT_ACCOUNTS = 4096;

  private KeyValueStore<String, KudosAccount> accounts;
  /** The accounts last read or written, as the store holds them (least recently used dropped first). */
  private Map<String, KudosAccount> recent;
  private KeyValueStore<String, Long> applied;
  private KeyValueStore<String, TransferKudos> transfers;
  private AccountBook.Books books;
  private AccountBook.Task task;
  private final LedgerMetrics metrics;
  private final Long trustThresholdCenti;
  private final int partitions;

  /**
   * @param trustThresholdCenti escrow above which the registry is asked to trust a user; null: never
   * @param partitions how many partitions {@code horde.kudos-commands} has (0: not known)
   */
  AccountProcessor(LedgerMetrics metrics, Long trustThresholdCenti, int partitions) {
    this.metrics = metrics;
    this.trustThresholdCenti = trustThresholdCenti;
    this.partitions = partitions;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    accounts = context.getStateStore(LedgerTopology.ACCOUNTS);
    applied = context.getStateStore(LedgerTopology.APPLIED);
    transfers = context.getStateStore(LedgerTopology.TRANSFERS);
    task = new AccountBook.Task(context.taskId().partition(), partitions);
    recent = new LinkedHashMap<>(RECENT_ACCOUNTS, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, KudosAccount> eldest) {
        return size() > RECENT_ACCOUNTS;
      }
    };
    books = AccountBook.Books.of(this::account, id -> applied.get(id) != null, transfers::get);
    BalanceFlush.forward(context, accounts, AccountProcessor::balance,
        LedgerTopology.sinkName(LedgerTopology.ACCOUNT_TASK, Topics.KUDOS_BALANCES));
  }

  private KudosAccount account(String key) {
    KudosAccount account = recent.get(key);
    if (account == null) {
      account = accounts.get(key);
      if (account != null) {
        recent.put(key, account);
      }
    }
    return account;
  }

  @Override
  public void process(Record<String, KudosCommand> record) {
    KudosCommand command = record.value();
    AccountBook.Decision decision = AccountBook.decide(books, command, task, trustThresholdCenti);
    metrics.decided(command.getCommand(), decision);
    if (decision.refusal() != null && decision.reply() == null) {
      LOG.error("kudos command {} for {} refused and nobody to tell: {} ({})", command.getCommandId(),
          command.getAccount(), decision.refusal(), command);
    }

    decision.accounts().forEach((key, account) -> {
      // Its balance is forwarded when the store's cache flushes it (BalanceFlush).
      accounts.put(key, account);
      recent.put(key, account);
    });
    for (KudosPosting posting : decision.postings()) {
      // Keyed by the task's account so that a system account's postings stay in the partition they were made in.
      forward(record, command.getAccount(), posting, Topics.KUDOS_POSTINGS);
    }
    for (KudosCommand remote : decision.remote()) {
      forward(record, remote.getAccount(), remote, Topics.KUDOS_COMMANDS);
    }
    for (AccountCommand ask : decision.registry()) {
      forward(record, ask.getCommandId(), ask, Topics.ACCOUNT_COMMANDS);
    }
    if (decision.reply() != null) {
      forward(record, decision.reply().getReplyTo(), decision.reply(), Topics.REPLIES);
    }
    if (decision.applied() != null) {
      applied.put(decision.applied(), record.timestamp());
    }
    if (decision.transfer() != null) {
      transfers.put(decision.transfer().getTransferId(), decision.transfer());
    }
  }

  static AccountBalance balance(KudosAccount account) {
    boolean system = ai.horde.accounts.Accounts.isSystem(account.getAccount());
    return AccountBalance.newBuilder()
        .setAccount(account.getAccount())
        .setBalanceCenti(account.getBalanceCenti())
        .setLastPostingId(account.getLastPostingId())
        .setUpdatedAt(account.getUpdatedAt())
        .setFloorCenti(system ? null : AccountBook.floorCenti(account))
        .setHeldCenti(AccountBook.heldCenti(account, account.getUpdatedAt()))
        .setDetails(account.getDetails())
        .setSharedKeys(account.getSharedKeys())
        .setEscrowCenti(account.getEscrowCenti())
        .build();
  }

  private void forward(Record<String, KudosCommand> input, String key, Object value, Topic<String, ?> topic) {
    context().forward(input.withKey(key).withValue(value), LedgerTopology.sinkName(LedgerTopology.ACCOUNT_TASK, topic));
  }
}
