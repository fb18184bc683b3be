package ai.horde.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's own counters: kudos commands decided ({@code horde.ledger.commands}, by {@code command} kind and
 * {@code outcome} done or refused) and journal postings written ({@code horde.ledger.postings}); their rates
 * are the ledger's throughput.
 *
 * <p>Known gap: a command decided in a transaction that then aborts is decided again and counted twice; the
 * counters are for watching, the journal is the record.
 */
final class LedgerMetrics {
  private final MeterRegistry registry;
  private final Counter postings;
  private final Map<String, Counter> commands = new ConcurrentHashMap<>();

  LedgerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.postings = Counter.builder("horde.ledger.postings").description("journal postings written")
        .register(registry);
  }

  void decided(Object command, AccountBook.Decision decision) {
    String kind = command.getClass().getSimpleName();
    String outcome = decision.refusal() == null ? "done" : "refused";
    commands.computeIfAbsent(kind + "/" + outcome, key -> Counter.builder("horde.ledger.commands")
        .description("kudos commands decided").tag("command", kind).tag("outcome", outcome).register(registry))
        .increment();
    postings.increment(decision.postings().size());
  }
}
