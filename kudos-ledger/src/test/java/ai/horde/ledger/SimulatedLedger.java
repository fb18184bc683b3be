package ai.horde.ledger;

import ai.horde.events.AccountCommand;
import ai.horde.events.KudosAccount;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosPosting;
import ai.horde.events.Reply;
import ai.horde.events.TransferKudos;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The ledger's account tasks without Kafka: several partitions, each with its own stores and its own queue of
 * commands in arrival order (as a topic partition is), driven by {@link AccountBook#decide} exactly as
 * {@link AccountProcessor} drives it, accounts placed as Kafka places their commands (so a task applies the legs
 * of the accounts it owns at once, as in the service). Which partition moves next is up to the test, so any
 * interleaving of the tasks can be tried.
 */
final class SimulatedLedger {
  final int partitions;
  private final List<Map<String, KudosAccount>> accounts = new ArrayList<>();
  private final List<Map<String, Long>> applied = new ArrayList<>();
  private final List<Map<String, TransferKudos>> transfers = new ArrayList<>();
  private final List<Deque<KudosCommand>> queues = new ArrayList<>();
  /** Every posting applied, in the order of the steps that applied them. */
  final List<KudosPosting> journal = new ArrayList<>();
  final List<Reply> replies = new ArrayList<>();
  /** Called after every step with the step's decision. */
  Consumer<AccountBook.Decision> afterStep = decision -> {};

  /** What the tasks asked of the account registry. */
  final List<AccountCommand> registry = new ArrayList<>();
  private final Long trustThresholdCenti;

  SimulatedLedger(int partitions) {
    this(partitions, null);
  }

  /** @param trustThresholdCenti the ledger's KUDOS_TRUST_THRESHOLD; null: none */
  SimulatedLedger(int partitions, Long trustThresholdCenti) {
    this.partitions = partitions;
    this.trustThresholdCenti = trustThresholdCenti;
    for (int p = 0; p < partitions; p++) {
      accounts.add(new HashMap<>());
      applied.add(new HashMap<>());
      transfers.add(new HashMap<>());
      queues.add(new ArrayDeque<>());
    }
  }

  int partitionOf(String account) {
    return AccountBook.partitionOf(account, partitions);
  }

  void send(KudosCommand command) {
    queues.get(partitionOf(command.getAccount())).add(command);
  }

  /** Processes the next command of one partition; false if it had none. */
  boolean step(int partition) {
    KudosCommand command = queues.get(partition).poll();
    if (command == null) {
      return false;
    }
    Map<String, KudosAccount> store = accounts.get(partition);
    Map<String, Long> appliedIds = applied.get(partition);
    Map<String, TransferKudos> transferStore = transfers.get(partition);
    AccountBook.Decision decision = AccountBook.decide(
        AccountBook.Books.of(store::get, appliedIds::containsKey, transferStore::get), command,
        new AccountBook.Task(partition, partitions), trustThresholdCenti);
    registry.addAll(decision.registry());
    store.putAll(decision.accounts());
    journal.addAll(decision.postings());
    decision.remote().forEach(this::send);
    if (decision.reply() != null) {
      replies.add(decision.reply());
    }
    if (decision.applied() != null) {
      appliedIds.put(decision.applied(), 0L);
    }
    if (decision.transfer() != null) {
      transferStore.put(decision.transfer().getTransferId(), decision.transfer());
    }
    afterStep.accept(decision);
    return true;
  }

  /** Runs every queue dry, partitions taking turns in a random order. */
  void drain(Random random) {
    while (pending() > 0) {
      step(random.nextInt(partitions));
    }
  }

  /** Runs every queue dry, in partition order. */
  void drain() {
    while (pending() > 0) {
      for (int p = 0; p < partitions; p++) {
        step(p);
      }
    }
  }

  int pending() {
    return queues.stream().mapToInt(Deque::size).sum();
  }

  /** Every account's balance, by local key. */
  Map<String, Long> balances() {
    Map<String, Long> balances = new HashMap<>();
    accounts.forEach(store -> store.forEach((key, account) -> AccountBook.putBalances(key, account, balances)));
    return balances;
  }

  KudosAccount account(String key) {
    for (Map<String, KudosAccount> store : accounts) {
      if (store.containsKey(key)) {
        return store.get(key);
      }
    }
    return null;
  }

  long balance(String key) {
    KudosAccount account = account(key);
    return account == null ? 0 : account.getBalanceCenti();
  }
}
