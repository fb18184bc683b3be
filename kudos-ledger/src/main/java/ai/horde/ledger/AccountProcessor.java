package ai.horde.ledger;

import ai.horde.events.AccountBalance;
import ai.horde.events.AccountCommand;
import ai.horde.events.KudosAccount;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosPosting;
import ai.horde.events.TransferKudos;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter from one ledger task's stores to {@link AccountBook#decide}: reads what the decision needs, stores
 * what it changed, and forwards its journal postings, balances, remote legs and reply. All of it is one
 * exactly-once transaction with the command's offset.
 */
final class AccountProcessor extends ContextualProcessor<String, KudosCommand, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(AccountProcessor.class);

  private KeyValueStore<String, KudosAccount> accounts;
  private KeyValueStore<String, Long> applied;
  private KeyValueStore<String, TransferKudos> transfers;
  private AccountBook.Books books;
  private final LedgerMetrics metrics;
  private final Long trustThresholdCenti;

  /** @param trustThresholdCenti escrow above which the registry is asked to trust a user; null: never */
  AccountProcessor(LedgerMetrics metrics, Long trustThresholdCenti) {
    this.metrics = metrics;
    this.trustThresholdCenti = trustThresholdCenti;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    accounts = context.getStateStore(LedgerTopology.ACCOUNTS);
    applied = context.getStateStore(LedgerTopology.APPLIED);
    transfers = context.getStateStore(LedgerTopology.TRANSFERS);
    books = AccountBook.Books.of(accounts::get, id -> applied.get(id) != null, transfers::get);
  }

  @Override
  public void process(Record<String, KudosCommand> record) {
    KudosCommand command = record.value();
    int partition = context().taskId().partition();
    AccountBook.Decision decision = AccountBook.decide(books, command, partition, trustThresholdCenti);
    metrics.decided(command.getCommand(), decision);
    if (decision.refusal() != null && decision.reply() == null) {
      LOG.error("kudos command {} for {} refused and nobody to tell: {} ({})", command.getCommandId(),
          command.getAccount(), decision.refusal(), command);
    }

    decision.accounts().forEach((key, account) -> {
      accounts.put(key, account);
      forward(record, key, balance(account), Topics.KUDOS_BALANCES);
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
