package ai.horde.ledger;

import ai.horde.events.AccountBalance;
import ai.horde.events.BalanceAdjustmentRequested;
import ai.horde.events.KudosTransaction;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a request to set an account's balance into the balanced transaction that does it (see
 * {@link AccountLedger#plan}), once per adjustment id. The transaction goes out to the transactions topic and
 * comes back as postings, so both of its legs are applied like any other, each exactly once.
 */
final class AdjustmentProcessor
    extends ContextualProcessor<String, BalanceAdjustmentRequested, String, KudosTransaction> {
  private KeyValueStore<String, AccountBalance> balances;
  private KeyValueStore<String, Long> applied;

  @Override
  public void init(ProcessorContext<String, KudosTransaction> context) {
    super.init(context);
    balances = context.getStateStore(LedgerTopology.BALANCES);
    applied = context.getStateStore(LedgerTopology.APPLIED);
  }

  @Override
  public void process(Record<String, BalanceAdjustmentRequested> record) {
    BalanceAdjustmentRequested adjustment = record.value();
    // Prefixed so that an adjustment id can never be mistaken for a posting id in the shared store.
    String appliedKey = "adjustment:" + adjustment.getAdjustmentId();
    if (applied.get(appliedKey) != null) {
      return;
    }
    AccountBalance balance = balances.get(adjustment.getAccount());
    AccountLedger.plan(balance == null ? 0 : balance.getBalanceCenti(), adjustment)
        .ifPresent(transaction -> context().forward(
            record.withKey(transaction.getTransactionId()).withValue(transaction)));
    applied.put(appliedKey, record.timestamp());
  }
}
