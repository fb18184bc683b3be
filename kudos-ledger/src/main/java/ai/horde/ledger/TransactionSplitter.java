package ai.horde.ledger;

import ai.horde.events.KudosPosting;
import ai.horde.events.KudosTransaction;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each valid kudos transaction into one posting per leg, keyed by the leg's account; drops an invalid
 * one (see {@link KudosTransactions#violation}) so that it never reaches a balance.
 *
 * <p>Known gap: a dropped transaction is only logged; there is no dead-letter topic yet, so whoever produced
 * it is not told.
 */
final class TransactionSplitter extends ContextualProcessor<String, KudosTransaction, String, KudosPosting> {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionSplitter.class);

  @Override
  public void process(Record<String, KudosTransaction> record) {
    KudosTransaction transaction = record.value();
    var violation = KudosTransactions.violation(transaction);
    if (violation.isPresent()) {
      LOG.error("dropping invalid kudos transaction {}: {} ({})", transaction.getTransactionId(), violation.get(),
          transaction);
      return;
    }
    for (KudosPosting posting : KudosTransactions.postings(transaction)) {
      context().forward(record.withKey(posting.getAccount()).withValue(posting));
    }
  }
}
