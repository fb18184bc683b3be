package ai.horde.ledger;

import ai.horde.events.KudosLeg;
import ai.horde.events.KudosPosting;
import ai.horde.events.KudosTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules a kudos transaction must satisfy before the ledger applies it, and its split into one posting per
 * leg. The posting id {@code <transaction id>#<leg index>} is what makes a replayed transaction harmless: each
 * account applies a posting id at most once.
 */
final class KudosTransactions {
  private KudosTransactions() {}

  /** Why the transaction must not be applied, or empty when it is valid. */
  static Optional<String> violation(KudosTransaction transaction) {
    if (transaction.getTransactionId().isBlank()) {
      return Optional.of("blank transaction id");
    }
    if (transaction.getLegs().isEmpty()) {
      return Optional.of("no legs");
    }
    long sum = 0;
    for (KudosLeg leg : transaction.getLegs()) {
      if (leg.getAccount().isBlank()) {
        return Optional.of("a leg has a blank account");
      }
      try {
        sum = Math.addExact(sum, leg.getAmountCenti());
      } catch (ArithmeticException e) {
        // A wrapped sum could come back to 0 and pass for balanced.
        return Optional.of("legs overflow a long");
      }
    }
    return sum == 0 ? Optional.empty() : Optional.of("legs sum to " + sum + " centi, not 0");
  }

  /** One posting per leg, in leg order; call only on a transaction without a {@link #violation}. */
  static List<KudosPosting> postings(KudosTransaction transaction) {
    List<KudosPosting> postings = new ArrayList<>();
    for (int index = 0; index < transaction.getLegs().size(); index++) {
      KudosLeg leg = transaction.getLegs().get(index);
      postings.add(new KudosPosting(transaction.getTransactionId() + "#" + index, transaction.getTransactionId(),
          leg.getAccount(), leg.getAmountCenti(), transaction.getKind(), transaction.getOccurredAt()));
    }
    return postings;
  }
}
