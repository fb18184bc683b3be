package ai.horde.ingress.views;

import ai.horde.events.AccountBalance;
import ai.horde.events.AlchemyCriteria;
import ai.horde.events.HordeModes;
import ai.horde.events.PromptFilter;
import ai.horde.events.RequestAccepted;
import ai.horde.events.RequestStatus;
import ai.horde.events.SharedKeyState;
import ai.horde.events.TeamState;
import ai.horde.events.WorkerState;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What ingress answers from, folded in memory from the topics ({@link ViewFeed} feeds it): users (to resolve
 * API keys), kudos balances, workers, the status of live requests of each kind (an alchemy
 * request is one form), shared keys (by hash), teams, worker messages, the horde's modes, the IP timeouts
 * and the moderators' prompt filters. Reads are as fresh as the feed; {@link Visibility} waits for writes made
 * a moment ago.
 *
 * <p>Known gap: everything is held in memory and re-read from the topics at start; at the reference's scale
 * (hundreds of thousands of users) that is some hundred MB and tens of seconds.
 */
@Singleton
public final class HordeViews {
  /** The topics the views are folded from. */
  public static final List<Topic<String, ?>> TOPICS = List.of(Topics.USER_EVENTS, Topics.KUDOS_BALANCES,
      Topics.WORKERS, Topics.TEXT_STATUS, Topics.TEXT_REQUESTS, Topics.IMAGE_STATUS, Topics.IMAGE_REQUESTS,
      Topics.ALCHEMY_STATUS, Topics.ALCHEMY_REQUESTS, Topics.SHARED_KEYS, Topics.TEAMS, Topics.HORDE_MODES,
      Topics.WORKER_MESSAGES, Topics.IP_TIMEOUTS, Topics.PROMPT_FILTERS);
  private static final HordeModes NO_MODES = new HordeModes(false, false, false, Instant.EPOCH);

  private final Users users = new Users();
  private final Latest<AccountBalance> balances = new Latest<>();
  private final Workers workers = new Workers();
  /** The forms of an interrogation are grouped by its id. */
  private final Map<WorkKind, Statuses> statuses = Map.of(WorkKind.TEXT, new Statuses(), WorkKind.IMAGE, new Statuses(),
      WorkKind.ALCHEMY, new Statuses(status -> ((AlchemyCriteria) status.getCriteria()).getInterrogationId()));
  private final Latest<SharedKeyState> sharedKeys = new Latest<>();
  private final Latest<TeamState> teams = new Latest<>();
  private final WorkerMessages workerMessages = new WorkerMessages();
  private final Latest<PromptFilter> promptFilters = new Latest<>();
  private volatile HordeModes modes = NO_MODES;
  private final IpTimeouts ipTimeouts = new IpTimeouts();
  /** How a record of each topic is folded, given its key, its value (null: a tombstone) and the time. */
  private final Map<String, Fold> folds = Map.ofEntries(
      Map.entry(Topics.USER_EVENTS.name(), (record, now) -> users.apply(Topics.USER_EVENTS.value(record))),
      Map.entry(Topics.KUDOS_BALANCES.name(), keyed(Topics.KUDOS_BALANCES, balances::put)),
      Map.entry(Topics.WORKERS.name(), keyed(Topics.WORKERS, workers::put)),
      statusFold(WorkKind.TEXT), acceptedFold(WorkKind.TEXT), statusFold(WorkKind.IMAGE), acceptedFold(WorkKind.IMAGE),
      statusFold(WorkKind.ALCHEMY), acceptedFold(WorkKind.ALCHEMY),
      Map.entry(Topics.SHARED_KEYS.name(), keyed(Topics.SHARED_KEYS, sharedKeys::put)),
      Map.entry(Topics.TEAMS.name(), keyed(Topics.TEAMS, teams::put)),
      Map.entry(Topics.WORKER_MESSAGES.name(), keyed(Topics.WORKER_MESSAGES, workerMessages::put)),
      Map.entry(Topics.IP_TIMEOUTS.name(), keyed(Topics.IP_TIMEOUTS, ipTimeouts::put)),
      Map.entry(Topics.PROMPT_FILTERS.name(), keyed(Topics.PROMPT_FILTERS, promptFilters::put)),
      Map.entry(Topics.HORDE_MODES.name(), (record, now) -> {
        HordeModes value = Topics.HORDE_MODES.value(record);
        modes = value == null ? NO_MODES : value;
      }));

  private interface Fold {
    void apply(ConsumerRecord<byte[], byte[]> record, long now);
  }

  private Map.Entry<String, Fold> statusFold(WorkKind kind) {
    Topic<String, RequestStatus> topic = Topics.of(kind).status();
    return Map.entry(topic.name(), keyed(topic, statuses.get(kind)::put));
  }

  private Map.Entry<String, Fold> acceptedFold(WorkKind kind) {
    Topic<String, RequestAccepted> topic = Topics.of(kind).requests();
    return Map.entry(topic.name(), (record, now) -> statuses.get(kind).accepted(topic.value(record), now));
  }

  private static <V> Fold keyed(Topic<String, V> topic, BiConsumer<String, V> put) {
    return (record, now) -> put.accept(topic.key(record), topic.value(record));
  }

  /** Folds one record of one of {@link #TOPICS}; throws if it cannot be read. */
  public void fold(ConsumerRecord<byte[], byte[]> record, long now) {
    Fold fold = folds.get(record.topic());
    if (fold != null) {
      fold.apply(record, now);
    }
  }

  /** Folds a value as if it had been read from its topic (how feature tests give the views their state). */
  public <V> void fold(Topic<String, V> topic, String key, V value, long now) {
    ProducerRecord<byte[], byte[]> sent = topic.record(key, value);
    fold(new ConsumerRecord<>(sent.topic(), 0, 0, sent.key(), sent.value()), now);
  }

  /** Drops requests well past their expiry, which the scheduler's tombstone normally removes, and ended IP timeouts. */
  void forgetExpired(long now) {
    statuses.values().forEach(s -> s.forgetExpired(now));
    ipTimeouts.forgetExpired(now);
  }

  public Users users() {
    return users;
  }

  public Workers workers() {
    return workers;
  }

  /** The live requests of one kind of work. */
  public Statuses statuses(WorkKind kind) {
    return statuses.get(kind);
  }

  public Latest<SharedKeyState> sharedKeys() {
    return sharedKeys;
  }

  public Latest<TeamState> teams() {
    return teams;
  }

  public WorkerMessages workerMessages() {
    return workerMessages;
  }

  /** The IP addresses and blocks in timeout. */
  public IpTimeouts ipTimeouts() {
    return ipTimeouts;
  }

  /** The prompt filters by id (decimal); {@link Latest#version} tells when they changed. */
  public Latest<PromptFilter> promptFilters() {
    return promptFilters;
  }

  /** Every account's state as the ledger last published it: {@code user:<id>}, {@code system:<name>@<partition>}. */
  public Optional<AccountBalance> balance(String account) {
    return balances.get(account);
  }

  public long balanceCenti(String account) {
    return balance(account).map(AccountBalance::getBalanceCenti).orElse(0L);
  }

  /** The horde's modes; all off until the registry wrote them. */
  public HordeModes modes() {
    return modes;
  }

  /** Threads of the workers of a kind that checked in within the last 300 s (the reference's active workers). */
  public int onlineThreads(WorkKind kind, long now) {
    int threads = 0;
    for (WorkerState worker : workers.all()) {
      if (kind.workerType().equals(worker.getKind()) && Workers.online(worker, now)) {
        threads += worker.getThreads();
      }
    }
    return threads;
  }
}
