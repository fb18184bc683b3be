package ai.horde.ledger;

import ai.horde.events.AccountBalance;
import ai.horde.events.KudosPosting;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies each posting to its account's balance at most once, and publishes the new balance. A posting
 * already in the {@code applied} store (a replayed or twice-delivered transaction) changes nothing.
 */
final class PostingProcessor extends ContextualProcessor<String, KudosPosting, String, AccountBalance> {
  private KeyValueStore<String, AccountBalance> balances;
  private KeyValueStore<String, Long> applied;

  @Override
  public void init(ProcessorContext<String, AccountBalance> context) {
    super.init(context);
    balances = context.getStateStore(LedgerTopology.BALANCES);
    applied = context.getStateStore(LedgerTopology.APPLIED);
  }

  @Override
  public void process(Record<String, KudosPosting> record) {
    KudosPosting posting = record.value();
    if (applied.get(posting.getPostingId()) != null) {
      return;
    }
    AccountBalance balance = AccountLedger.post(balances.get(posting.getAccount()), posting);
    balances.put(balance.getAccount(), balance);
    applied.put(posting.getPostingId(), record.timestamp());
    context().forward(record.withKey(balance.getAccount()).withValue(balance));
  }
}
