package ai.horde.ledger;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountCommand;
import ai.horde.events.ConsiderTrust;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.KudosAccount;
import ai.horde.events.KudosAnswer;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosHold;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosPosting;
import ai.horde.events.KudosTransaction;
import ai.horde.events.OpenAccount;
import ai.horde.events.ReleaseHold;
import ai.horde.events.RemoteLeg;
import ai.horde.events.Reply;
import ai.horde.events.ReserveKudos;
import ai.horde.events.SetSharedKeyKudos;
import ai.horde.events.SetTrust;
import ai.horde.events.SharedKeyUsage;
import ai.horde.events.TransferKudos;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * The decisions of one ledger task, as a pure function: given what the task knows ({@link Books}) and one
 * {@link KudosCommand} for an account it owns, what to post, what to send on and what to answer (see
 * docs/decisions/0006-kudos-ledger.md).
 *
 * <p>Every decision is balanced on its own: the postings it makes in this task sum to zero, the legs of other
 * users being parked on this partition's {@code system:transit} until their own task applies them. A leg of a
 * user whose account hashes to this task's own partition is applied here at once instead, with no transit and no
 * remote leg (given the commands topic's partition count; without it, every other user's leg goes through transit).
 *
 * <p>Shared keys: the owner's account keeps what each of its shared keys may still spend
 * ({@link KudosAccount#getSharedKeys}). The registry sets it ({@link SetSharedKeyKudos}); the debits of a
 * transaction tagged with a key lower it; a transfer addressed to a key raises it when its {@link RemoteLeg}
 * credits the destination.
 *
 * <p>Escrow (spec §4.6, docs/decisions/0016): an untrusted user's generation credits go half, and its uptime
 * credits wholly, to its escrow (evaluating kudos), kept on the user's account ({@link KudosAccount#getEscrowCenti})
 * and journalled as the account {@code escrow:<id>}, so that every step still sums to zero. The registry says
 * who is trusted ({@link SetTrust}); trusting releases the escrow to the balance. An escrow credit that leaves the
 * escrow above the trust threshold asks the registry to consider trusting the user ({@link ConsiderTrust}).
 *
 * <p>Known gaps: a shared key's remaining kudos are not an admission limit here (ingress checks them before it
 * sends a request).
 */
final class AccountBook {
  private AccountBook() {}

  /** What a user account's name looks like. */
  private static final Pattern USER_ACCOUNT = Pattern.compile("user:\\d+");

  /** The reference's reverse-transfer cooldown: the destination sent to the source within this (spec §1.6). */
  static final long REVERSE_TRANSFER_MILLIS = 60_000;

  /** What the task knows, read-only. */
  interface Books {
    /** The account under its local key ({@link #local}), or null if it was never written. */
    KudosAccount account(String key);

    boolean applied(String commandId);

    /** The transfer with this id that this (source) account made, or null. */
    TransferKudos transfer(String transferId);

    /** Books read through three lookups (the task's stores, or maps in a test). */
    static Books of(Function<String, KudosAccount> accounts, Predicate<String> applied,
        Function<String, TransferKudos> transfers) {
      return new Books() {
        @Override
        public KudosAccount account(String key) {
          return accounts.apply(key);
        }

        @Override
        public boolean applied(String commandId) {
          return applied.test(commandId);
        }

        @Override
        public TransferKudos transfer(String transferId) {
          return transfers.apply(transferId);
        }
      };
    }
  }

  /**
   * What one command does.
   *
   * @param accounts the accounts it changed, by local key, in the state they must be stored in
   * @param postings the journal entries, in the order they were applied
   * @param remote commands for other accounts' tasks (the legs of other users)
   * @param reply the answer to the waiting ingress, or null
   * @param applied the command id to remember as applied, or null
   * @param transfer the transfer to remember under its id, or null
   * @param refusal why the command was refused, or null
   * @param registry commands for the account registry ({@link ConsiderTrust})
   */
  record Decision(Map<String, KudosAccount> accounts, List<KudosPosting> postings, List<KudosCommand> remote,
      Reply reply, String applied, TransferKudos transfer, String refusal, List<AccountCommand> registry) {
    Decision(Map<String, KudosAccount> accounts, List<KudosPosting> postings, List<KudosCommand> remote,
        Reply reply, String applied, TransferKudos transfer, String refusal) {
      this(accounts, postings, remote, reply, applied, transfer, refusal, List.of());
    }
  }

  /** The key an account has in a task's store and on the balances topic: system accounts are per partition. */
  static String local(String account, int partition) {
    return Accounts.isSystem(account) ? account + "@" + partition : account;
  }

  /** The floor of a user account that never had one set: the anonymous user's −50, otherwise 25. */
  static long defaultFloorCenti(String account) {
    return account.equals(Accounts.user(Accounts.ANONYMOUS_ID))
        ? Accounts.ANONYMOUS_FLOOR_CENTI : Accounts.REGISTERED_FLOOR_CENTI;
  }

  /** What the account may still spend: balance − floor − active holds. */
  static long availableCenti(KudosAccount account, Instant now) {
    return account.getBalanceCenti() - floorCenti(account) - heldCenti(account, now);
  }

  static long heldCenti(KudosAccount account, Instant now) {
    long held = 0;
    for (KudosHold hold : account.getHolds().values()) {
      if (hold.getExpiresAt().isAfter(now)) {
        held += hold.getRemainingCenti();
      }
    }
    return held;
  }

  static long floorCenti(KudosAccount account) {
    return account.getFloorCenti() != null ? account.getFloorCenti() : defaultFloorCenti(account.getAccount());
  }

  /**
   * The largest amount one leg, transfer or opening balance may move: 10 trillion kudos. Far below what a
   * balance can hold, so that no sequence of legal commands can overflow one (an overflow refuses the command
   * rather than stopping the ledger, but a refused remote leg would stay in transit).
   */
  static final long MAX_AMOUNT_CENTI = 1_000_000_000_000_000L;

  /** The escrow of a user account, as its postings name it: {@code escrow:<id>}. */
  static String escrowAccount(String userAccount) {
    return "escrow:" + Accounts.userId(userAccount);
  }

  /**
   * Puts the balances an account's state holds into {@code balances}, as the journal names them: the account's
   * own, and for a user its escrow ({@code escrow:<id>}, left out when it is zero).
   */
  static void putBalances(String key, KudosAccount account, Map<String, Long> balances) {
    balances.put(key, account.getBalanceCenti());
    if (!Accounts.isSystem(key)) {
      balances.remove(escrowAccount(key));
      if (account.getEscrowCenti() != 0) {
        balances.put(escrowAccount(key), account.getEscrowCenti());
      }
    }
  }

  /**
   * A copy of an account that a step may change: its maps (and any list) are new, every other field is shared,
   * being immutable. The values in the maps are records that the ledger replaces rather than changes. Cheaper
   * than the generated builder's deep copy, which every account a step touched used to cost.
   */
  static KudosAccount copyOf(KudosAccount stored) {
    KudosAccount copy = new KudosAccount();
    int fields = KudosAccount.getClassSchema().getFields().size();
    for (int i = 0; i < fields; i++) {
      Object value = stored.get(i);
      copy.put(i, value instanceof Map<?, ?> map ? new HashMap<>(map)
          : value instanceof List<?> list ? new ArrayList<>(list) : value);
    }
    return copy;
  }

  /** A decision with no trust threshold (automatic promotion off), every other user's leg through transit. */
  static Decision decide(Books books, KudosCommand command, int partition) {
    return decide(books, command, new Task(partition, 0), null);
  }

  /**
   * The task a decision is made in: its partition of {@code horde.kudos-commands} and how many the topic has
   * ({@code 0}: not known, so that no other user's account counts as this task's).
   */
  record Task(int partition, int partitions) {
    /** Whether the user account is this task's: its commands land on this partition. */
    boolean owns(String account) {
      return partitions > 0 && partitionOf(account, partitions) == partition;
    }
  }

  /** The partition of an account's commands: Kafka's default partitioner on the account's UTF-8 key. */
  static int partitionOf(String account, int partitions) {
    return Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * @param trustThresholdCenti escrow above which the registry is asked to trust the user
   *     ({@code KUDOS_TRUST_THRESHOLD}); null: never
   */
  static Decision decide(Books books, KudosCommand command, Task task, Long trustThresholdCenti) {
    try {
      return decideOrOverflow(books, command, new Step(books, command, task, trustThresholdCenti));
    } catch (ArithmeticException overflow) {
      String why = "this would take a balance past what the ledger can hold";
      return new Decision(Map.of(), List.of(), List.of(),
          new Step(books, command, task, trustThresholdCenti).error(400, "KudosValidationError", why), null, null, why);
    }
  }

  private static Decision decideOrOverflow(Books books, KudosCommand command, Step step) {
    Object body = command.getCommand();
    if (body instanceof TransferKudos transfer) {
      return step.transfer(transfer);
    }
    if (books.applied(appliedKey(command))) {
      return step.alreadyApplied(body);
    }
    if (body instanceof KudosTransaction transaction) {
      return step.transaction(transaction);
    }
    if (body instanceof RemoteLeg leg) {
      return step.remoteLeg(leg);
    }
    if (body instanceof ReserveKudos reserve) {
      return step.reserve(reserve);
    }
    if (body instanceof ReleaseHold release) {
      return step.release(release);
    }
    if (body instanceof OpenAccount open) {
      return step.open(open);
    }
    if (body instanceof SetSharedKeyKudos set) {
      return step.setSharedKey(set);
    }
    if (body instanceof SetTrust trust) {
      return step.setTrust(trust);
    }
    throw new IllegalArgumentException("unknown kudos command " + body);
  }

  /** The key under which a command is remembered as applied: command ids are unique per account. */
  static String appliedKey(KudosCommand command) {
    return command.getAccount() + "|" + command.getCommandId();
  }

  /**
   * Why a transaction must not be applied at its home account, or empty when it is valid. Only the home account
   * may be debited: another user's debit would pass no admission (the payer's task decides what it can spend).
   */
  static Optional<String> violation(KudosTransaction transaction, String home) {
    if (transaction.getTransactionId().isBlank()) {
      return Optional.of("blank transaction id");
    }
    if (transaction.getLegs().isEmpty()) {
      return Optional.of("no legs");
    }
    if (!transaction.getLegs().get(0).getAccount().equals(home) || Accounts.isSystem(home)) {
      return Optional.of("the first leg is not the home user account " + home);
    }
    long sum = 0;
    for (KudosLeg leg : transaction.getLegs()) {
      String account = leg.getAccount();
      if (!Accounts.isSystem(account) && !USER_ACCOUNT.matcher(account).matches()) {
        return Optional.of("a leg has an unknown account '" + account + "'");
      }
      if (Math.abs(leg.getAmountCenti()) > MAX_AMOUNT_CENTI) {
        return Optional.of("a leg moves more than " + MAX_AMOUNT_CENTI / 100 + " kudos");
      }
      if (!Accounts.isSystem(account) && !account.equals(home) && leg.getAmountCenti() < 0) {
        return Optional.of("a leg debits " + account + ", which is not the home account");
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

  /** The kudos_details bucket a user posting of this kind counts in (the reference's stat actions), or null. */
  static String bucket(KudosKind kind, long amountCenti) {
    switch (kind) {
      case GENERATION:
      case HORDE_TAX:
      case UPTIME_REWARD:
        return "accumulated";
      case TRANSFER:
        return amountCenti < 0 ? "gifted" : "received";
      case AWARD:
        return "awarded";
      case ADMIN_ADJUSTMENT:
        return "admin";
      case ESCROW_RELEASE:
        // Earnings held in escrow count as accumulated when they become the user's.
        return "accumulated";
      default:
        return null;
    }
  }

  /** One decision in the making: the accounts it touched so far and what it produced. */
  private static final class Step {
    private final Books books;
    private final KudosCommand command;
    private final Task task;
    private final Instant now;
    private final Long trustThresholdCenti;
    /** The accounts this step changed, as copies of the stored ones: the stored values are never written to. */
    private final Map<String, KudosAccount> touched = new LinkedHashMap<>();
    private final List<KudosPosting> postings = new ArrayList<>();
    private final List<KudosCommand> remote = new ArrayList<>();
    private final List<AccountCommand> registry = new ArrayList<>();

    Step(Books books, KudosCommand command, Task task, Long trustThresholdCenti) {
      this.books = books;
      this.command = command;
      this.task = task;
      this.now = command.getIssuedAt();
      this.trustThresholdCenti = trustThresholdCenti;
    }

    Decision transaction(KudosTransaction transaction) {
      String home = command.getAccount();
      Optional<String> violation = violation(transaction, home);
      if (violation.isPresent()) {
        return new Decision(Map.of(), List.of(), List.of(),
            error(400, "InvalidKudosTransaction", violation.get()), null, null, violation.get());
      }
      String id = transaction.getTransactionId();
      List<KudosLeg> legs = transaction.getLegs();
      for (int index = 0; index < legs.size(); index++) {
        KudosLeg leg = legs.get(index);
        String postingId = id + "#" + index;
        long amount = leg.getAmountCenti();
        if (Accounts.isSystem(leg.getAccount())) {
          post(leg.getAccount(), amount, postingId, id, transaction.getKind(), true);
        } else if (leg.getAccount().equals(home)) {
          credit(home, amount, postingId, id, transaction.getKind(), transaction.getEscrowExempt());
          if (leg.getAccount().equals(home) && amount < 0 && transaction.getHoldId() != null) {
            drawHold(home, transaction.getHoldId(), -amount);
          }
          if (leg.getAccount().equals(home) && amount < 0 && transaction.getSharedKey() != null) {
            drawSharedKey(home, transaction.getSharedKey(), -amount);
          }
        } else if (task.owns(leg.getAccount())) {
          receive(leg.getAccount(), amount, postingId, id, transaction.getKind(), home, null,
              transaction.getEscrowExempt());
        } else {
          post(Accounts.TRANSIT, amount, postingId + "/out", id, transaction.getKind(), false);
          remote.add(KudosCommand.newBuilder().setCommandId(postingId).setAccount(leg.getAccount())
              .setIssuedAt(now)
              .setCommand(new RemoteLeg(postingId, id, transaction.getKind(), amount, home,
                  transaction.getOccurredAt(), null, transaction.getEscrowExempt()))
              .build());
        }
      }
      return done(answer(true, Math.abs(legs.get(0).getAmountCenti())), appliedKey(command));
    }

    Decision remoteLeg(RemoteLeg leg) {
      receive(command.getAccount(), leg.getAmountCenti(), leg.getPostingId(), leg.getTransactionId(), leg.getKind(),
          leg.getCounterparty(), leg.getSharedKey(), leg.getEscrowExempt());
      post(Accounts.TRANSIT, -leg.getAmountCenti(), leg.getPostingId() + "/in", leg.getTransactionId(),
          leg.getKind(), false);
      return done(answer(true, Math.abs(leg.getAmountCenti())), appliedKey(command));
    }

    /**
     * A leg of a user that is not the home account, where that user's task applies it: from a remote leg, or at
     * once when this task owns the account too.
     */
    private void receive(String account, long amountCenti, String postingId, String transactionId, KudosKind kind,
        String counterparty, String sharedKey, boolean exempt) {
      credit(account, amountCenti, postingId, transactionId, kind, exempt);
      if (kind == KudosKind.TRANSFER && counterparty != null && amountCenti > 0) {
        account(account).getReceivedFrom().put(counterparty, now.toEpochMilli());
      }
      if (sharedKey != null) {
        raiseSharedKey(account, sharedKey, amountCenti);
      }
    }

    /**
     * A transfer, decided at its source in the reference's order (the rules that need no balance were checked
     * by ingress before): reverse transfer too soon, then the users' roles as the command carries them
     * ({@link TransferRoleRules}), then negative, zero, idempotency, not enough.
     */
    Decision transfer(TransferKudos transfer) {
      String source = command.getAccount();
      KudosAccount account = account(source);
      Long reverse = account.getReceivedFrom().get(transfer.getDestination());
      if (reverse != null && now.toEpochMilli() - reverse < REVERSE_TRANSFER_MILLIS) {
        return refused("TooFastKudosTransfers",
            "You cannot send kudos to an account that sent you kudos less than a minute ago.");
      }
      TransferRoleRules.Refusal byRole = TransferRoleRules.check(transfer.getRoles());
      if (byRole != null) {
        return refused(byRole.rc(), byRole.message());
      }
      if (transfer.getAmountCenti() < 0) {
        return refused("NegativeKudosTransfer", "Cannot send negative amounts of kudos.");
      }
      if (transfer.getAmountCenti() == 0) {
        return refused("InvalidKudosTransferAmount", "Cannot send 0 kudos.");
      }
      TransferKudos earlier = books.transfer(transfer.getTransferId());
      if (earlier != null) {
        if (earlier.getDestination().equals(transfer.getDestination())
            && earlier.getAmountCenti() == transfer.getAmountCenti()) {
          // The same transfer again (a retry with the same Idempotency-Key): it moved once, and that is success.
          return new Decision(Map.of(), List.of(), List.of(), answer(true, transfer.getAmountCenti()), null, null,
              null);
        }
        return refused("IdempotencyKeyConflict",
            "This Idempotency-Key was already used for a transfer with different parameters.");
      }
      long available = availableCenti(account, now);
      if (transfer.getAmountCenti() > available) {
        return refused("KudosTransferNotEnough", "Not enough kudos: you can send at most "
            + Math.max(available, 0) / 100 + ".");
      }
      String id = transfer.getTransferId();
      post(source, -transfer.getAmountCenti(), id + "#0", id, KudosKind.TRANSFER, true);
      if (task.owns(transfer.getDestination())) {
        // Both legs here: the source's task answers, having credited the destination.
        receive(transfer.getDestination(), transfer.getAmountCenti(), id + "#1", id, KudosKind.TRANSFER, source,
            transfer.getDestinationSharedKey(), false);
        return new Decision(accounts(), List.copyOf(postings), List.of(), answer(true, transfer.getAmountCenti()),
            null, transfer, null, List.copyOf(registry));
      }
      post(Accounts.TRANSIT, transfer.getAmountCenti(), id + "#0/out", id, KudosKind.TRANSFER, false);
      // The destination answers, once it is credited: a 200 means both legs are applied.
      remote.add(KudosCommand.newBuilder().setCommandId(id + "#1").setAccount(transfer.getDestination())
          .setReplyTo(command.getReplyTo()).setCorrelationId(command.getCorrelationId()).setIssuedAt(now)
          .setCommand(new RemoteLeg(id + "#1", id, KudosKind.TRANSFER, transfer.getAmountCenti(), source, now,
              transfer.getDestinationSharedKey(), false))
          .build());
      return new Decision(accounts(), List.copyOf(postings), List.copyOf(remote), null, null, transfer, null);
    }

    Decision reserve(ReserveKudos reserve) {
      KudosAccount account = account(command.getAccount());
      KudosHold existing = account.getHolds().get(reserve.getHoldId());
      long available = availableCenti(account, now);
      if (existing != null && existing.getExpiresAt().isAfter(now)) {
        return done(answer(true, reserve.getAmountCenti(), available), appliedKey(command));
      }
      if (reserve.getAmountCenti() > available) {
        return done(answer(false, reserve.getAmountCenti(), available), appliedKey(command));
      }
      if (reserve.getAmountCenti() > 0) {
        account.getHolds().put(reserve.getHoldId(), new KudosHold(reserve.getAmountCenti(), reserve.getExpiresAt()));
      }
      return done(answer(true, reserve.getAmountCenti(), available - reserve.getAmountCenti()),
          appliedKey(command));
    }

    /** The registry created, changed or deleted a shared key of the account. */
    Decision setSharedKey(SetSharedKeyKudos set) {
      Map<String, SharedKeyUsage> keys = account(command.getAccount()).getSharedKeys();
      if (set.getDeleted()) {
        keys.remove(set.getKeyHash());
      } else {
        SharedKeyUsage usage = keys.get(set.getKeyHash());
        Long kudos = set.getKudosCenti() == null ? null : Math.min(MAX_AMOUNT_CENTI, set.getKudosCenti());
        keys.put(set.getKeyHash(), new SharedKeyUsage(kudos, usage == null ? 0 : usage.getUtilizedCenti()));
      }
      return done(answer(true, 0), appliedKey(command));
    }

    /** A transfer to the account's shared key: the key may spend that much more, unless it is unlimited. */
    private void raiseSharedKey(String account, String keyHash, long amountCenti) {
      Map<String, SharedKeyUsage> keys = account(account).getSharedKeys();
      SharedKeyUsage usage = keys.get(keyHash);
      if (usage != null && usage.getRemainingCenti() != null) {
        // A key's kudos are a limit, not money: they saturate rather than ever refuse the credit they ride on.
        long raised = Math.min(MAX_AMOUNT_CENTI, usage.getRemainingCenti() + Math.min(amountCenti, MAX_AMOUNT_CENTI));
        keys.put(keyHash, new SharedKeyUsage(raised, usage.getUtilizedCenti()));
      }
    }

    Decision release(ReleaseHold release) {
      account(command.getAccount()).getHolds().remove(release.getHoldId());
      return done(answer(true, 0), appliedKey(command));
    }

    Decision open(OpenAccount open) {
      String account = command.getAccount();
      if (open.getTargetCenti() != null && Math.abs(open.getTargetCenti()) > MAX_AMOUNT_CENTI) {
        return new Decision(Map.of(), List.of(), List.of(), error(400, "KudosValidationError",
            "an opening balance of more than " + MAX_AMOUNT_CENTI / 100 + " kudos"), null, null, "too large");
      }
      account(account).setFloorCenti(open.getFloorCenti());
      if (open.getTargetCenti() != null) {
        long delta = Math.subtractExact(open.getTargetCenti(), account(account).getBalanceCenti());
        if (delta != 0) {
          // An explicit setting: the floor does not apply to it.
          String id = command.getCommandId();
          post(account, delta, id + "#0", id, KudosKind.ADMIN_ADJUSTMENT, false);
          post(Accounts.MINT, -delta, id + "#1", id, KudosKind.ADMIN_ADJUSTMENT, false);
        }
      }
      return done(answer(true, 0), appliedKey(command));
    }

    /**
     * The registry's word on the user's trust. Trusting releases the escrow to the balance (not floored: it only
     * adds); distrusting holds future earnings again.
     */
    Decision setTrust(SetTrust trust) {
      String account = command.getAccount();
      KudosAccount trusting = account(account);
      trusting.setTrusted(trust.getTrusted());
      long escrow = trusting.getEscrowCenti();
      if (trust.getTrusted() && escrow != 0) {
        String id = command.getCommandId();
        postEscrow(account, -escrow, id + "#0", id, KudosKind.ESCROW_RELEASE);
        post(account, escrow, id + "#1", id, KudosKind.ESCROW_RELEASE, false);
      }
      return done(answer(true, escrow), appliedKey(command));
    }

    /**
     * A credit or debit of a user account. Earnings of an untrusted user (not the anonymous one) go to its escrow:
     * half of a generation reward (the reference rounds the escrowed half to the cent), all of an uptime reward,
     * unless the transaction is exempt (an alchemist's uptime).
     */
    private void credit(String account, long amountCenti, String postingId, String transactionId, KudosKind kind,
        boolean exempt) {
      long escrowed = exempt || amountCenti <= 0 || account(account).getTrusted()
          || account.equals(Accounts.user(Accounts.ANONYMOUS_ID)) ? 0
          : kind == KudosKind.GENERATION ? (amountCenti + 1) / 2
          : kind == KudosKind.UPTIME_REWARD ? amountCenti : 0;
      if (escrowed == 0) {
        post(account, amountCenti, postingId, transactionId, kind, true);
        return;
      }
      if (escrowed < amountCenti) {
        post(account, amountCenti - escrowed, postingId, transactionId, kind, true);
      }
      long escrow = postEscrow(account, escrowed, postingId + "/escrow", transactionId, kind);
      if (trustThresholdCenti != null && escrow > trustThresholdCenti) {
        long userId = Accounts.userId(account);
        registry.add(AccountCommand.newBuilder().setCommandId("trust:" + postingId).setRequestedAt(now)
            .setCommand(new ConsiderTrust(userId, escrow)).build());
      }
    }

    /** Moves the user's escrow by the amount, journalled as {@code escrow:<id>}; returns the escrow after it. */
    private long postEscrow(String account, long amountCenti, String postingId, String transactionId, KudosKind kind) {
      KudosAccount builder = account(account);
      long escrow = Math.addExact(builder.getEscrowCenti(), amountCenti);
      builder.setEscrowCenti(escrow);
      builder.setLastPostingId(postingId);
      builder.setUpdatedAt(now);
      postings.add(KudosPosting.newBuilder().setPostingId(postingId).setTransactionId(transactionId)
          .setAccount(escrowAccount(account)).setAmountCenti(amountCenti).setKind(kind).setOccurredAt(now)
          .setBalanceAfterCenti(escrow).build());
      return escrow;
    }

    /** A command seen before: nothing moves; a waiting caller still gets its answer. */
    Decision alreadyApplied(Object body) {
      Reply reply = null;
      if (body instanceof ReserveKudos reserve) {
        KudosAccount account = books.account(command.getAccount());
        KudosHold hold = account == null ? null : account.getHolds().get(reserve.getHoldId());
        reply = answer(hold != null, reserve.getAmountCenti(), account == null ? 0 : availableCenti(account, now));
      } else {
        reply = answer(true, 0);
      }
      return new Decision(Map.of(), List.of(), List.of(), reply, null, null, null);
    }

    /**
     * Applies one posting. A user posting that leaves the balance below the floor is followed by an explicit
     * floor adjustment against the mint (the reference's floor forgiveness), so that the journal alone
     * replays to the balance.
     */
    private void post(String account, long amountCenti, String postingId, String transactionId, KudosKind kind,
        boolean floored) {
      String key = local(account, task.partition());
      KudosAccount builder = account(key);
      long balance = Math.addExact(builder.getBalanceCenti(), amountCenti);
      builder.setBalanceCenti(balance);
      builder.setLastPostingId(postingId);
      builder.setUpdatedAt(now);
      String bucket = Accounts.isSystem(account) ? null : bucket(kind, amountCenti);
      if (bucket != null) {
        builder.getDetails().merge(bucket, amountCenti, Math::addExact);
      }
      postings.add(KudosPosting.newBuilder().setPostingId(postingId).setTransactionId(transactionId)
          .setAccount(key).setAmountCenti(amountCenti).setKind(kind).setOccurredAt(now)
          .setBalanceAfterCenti(balance).build());
      if (floored && !Accounts.isSystem(account)) {
        long floor = floorCenti(builder);
        if (balance < floor) {
          post(account, floor - balance, postingId + "/floor", transactionId, KudosKind.FLOOR_ADJUSTMENT, false);
          post(Accounts.MINT, balance - floor, postingId + "/floor-mint", transactionId, KudosKind.FLOOR_ADJUSTMENT,
              false);
        }
      }
    }

    private void drawHold(String account, String holdId, long amountCenti) {
      Map<String, KudosHold> holds = account(account).getHolds();
      KudosHold hold = holds.get(holdId);
      if (hold == null) {
        return;
      }
      long remaining = hold.getRemainingCenti() - Math.min(hold.getRemainingCenti(), amountCenti);
      if (remaining == 0) {
        holds.remove(holdId);
      } else {
        holds.put(holdId, new KudosHold(remaining, hold.getExpiresAt()));
      }
    }

    /** A debit of the account made with its shared key: the key has spent it (and may spend that much less). */
    private void drawSharedKey(String account, String keyHash, long amountCenti) {
      Map<String, SharedKeyUsage> keys = account(account).getSharedKeys();
      SharedKeyUsage usage = keys.get(keyHash);
      if (usage == null) {
        return;
      }
      Long remaining = usage.getRemainingCenti() == null ? null
          : usage.getRemainingCenti() - Math.min(usage.getRemainingCenti(), amountCenti);
      keys.put(keyHash, new SharedKeyUsage(remaining, Math.addExact(usage.getUtilizedCenti(), amountCenti)));
    }

    /** The account under its local key, as this step left it (a copy: the stored value stays put). */
    private KudosAccount account(String key) {
      return touched.computeIfAbsent(key, k -> {
        KudosAccount stored = books.account(k);
        KudosAccount account = copyOf(stored != null ? stored
            : KudosAccount.newBuilder().setAccount(k).setUpdatedAt(now).build());
        account.setUpdatedAt(now);
        // Only the last minute matters (the reverse-transfer rule): older entries go when the account is written.
        account.getReceivedFrom().values().removeIf(at -> now.toEpochMilli() - at >= REVERSE_TRANSFER_MILLIS);
        account.getHolds().values().removeIf(hold -> !hold.getExpiresAt().isAfter(now));
        return account;
      });
    }

    private Map<String, KudosAccount> accounts() {
      return new LinkedHashMap<>(touched);
    }

    private Decision done(Reply reply, String applied) {
      return new Decision(accounts(), List.copyOf(postings), List.copyOf(remote), reply, applied, null, null,
          List.copyOf(registry));
    }

    private Decision refused(String rc, String message) {
      return new Decision(Map.of(), List.of(), List.of(), error(400, rc, message), null, null, rc);
    }

    private Reply answer(boolean ok, long amountCenti) {
      return answer(ok, amountCenti, 0);
    }

    private Reply answer(boolean ok, long amountCenti, long availableCenti) {
      return reply(new KudosAnswer(ok, amountCenti, availableCenti));
    }

    Reply error(int status, String rc, String message) {
      return reply(new ErrorAnswer(status, rc, message));
    }

    private Reply reply(Object body) {
      if (command.getReplyTo() == null) {
        return null;
      }
      return new Reply(command.getCorrelationId() == null ? command.getCommandId() : command.getCorrelationId(),
          command.getReplyTo(), body);
    }
  }
}
