package ai.horde.topics;

import ai.horde.events.AccountBalance;
import ai.horde.events.AccountCommand;
import ai.horde.events.CancelRequested;
import ai.horde.events.HordeModes;
import ai.horde.events.IpTimeout;
import ai.horde.events.JobEvent;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosPosting;
import ai.horde.events.PopRequested;
import ai.horde.events.PromptFilter;
import ai.horde.events.RatingRequested;
import ai.horde.events.Reply;
import ai.horde.events.RequestAccepted;
import ai.horde.events.RequestFinished;
import ai.horde.events.RequestStatus;
import ai.horde.events.SharedKeyState;
import ai.horde.events.SubmitRequested;
import ai.horde.events.TeamState;
import ai.horde.events.UserEvent;
import ai.horde.events.WorkerCommand;
import ai.horde.events.WorkerMessage;
import ai.horde.events.WorkerState;
import ai.horde.work.WorkKind;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed topic registry. Every key is a string (a UUID, a user id in decimal, or an account id such as
 * {@code user:5}); every value is one generated Avro record type.
 *
 * <p>Each kind of work has its own topics ({@link WorkTopics}), of the same record types. The scheduler's topics have one partition: the waiting queue needs one global priority order and
 * one writer (see docs/decisions/0002-scheduler-single-writer.md). The ledger's topics are partitioned by
 * account.
 */
public final class Topics {
  private Topics() {}

  public static final int LEDGER_PARTITIONS = 3;
  /** Prompts and generated texts: the reference wipes a request 20 minutes after its last activity. */
  public static final Duration PROMPT_RETENTION = Duration.ofMinutes(30);

  private static final Serde<String> KEY = Serdes.String();

  // Accounts

  /**
   * What the account registry must decide: registrations, user changes, shared keys, teams, horde modes. One
   * partition: the registry is their single writer. Key: command id.
   */
  public static final Topic<String, AccountCommand> ACCOUNT_COMMANDS =
      topic("horde.account-commands", AccountCommand.class, TopicSpec.shortLived(1, Duration.ofDays(7)));
  /** The account history, the system of record for users. Key: user id. */
  public static final Topic<String, UserEvent> USER_EVENTS =
      topic("horde.user-events", UserEvent.class, TopicSpec.permanent(1));
  /** Every shared key as the registry last wrote it; a tombstone when deleted. Key: the key's hash. */
  public static final Topic<String, SharedKeyState> SHARED_KEYS =
      topic("horde.shared-keys", SharedKeyState.class, TopicSpec.compacted(1));
  /** Every team as the registry last wrote it; a tombstone when deleted. Key: team id. */
  public static final Topic<String, TeamState> TEAMS =
      topic("horde.teams", TeamState.class, TopicSpec.compacted(1));
  /** The horde's modes (maintenance, invite-only, raid). One key: {@link #MODES_KEY}. */
  public static final Topic<String, HordeModes> HORDE_MODES =
      topic("horde.horde-modes", HordeModes.class, TopicSpec.compacted(1));
  public static final String MODES_KEY = "modes";
  /** IP addresses and CIDR blocks in timeout, as the registry last wrote them; a tombstone when released. Key: ipaddr. */
  public static final Topic<String, IpTimeout> IP_TIMEOUTS =
      topic("horde.ip-timeouts", IpTimeout.class, TopicSpec.compacted(1));
  /** The moderators' prompt filters, as the registry last wrote them; a tombstone when deleted. Key: filter id. */
  public static final Topic<String, PromptFilter> PROMPT_FILTERS =
      topic("horde.prompt-filters", PromptFilter.class, TopicSpec.compacted(1));

  // Kudos

  /**
   * What one account's ledger task must do: apply a transaction (at its home account), a remote leg, a
   * transfer, a hold. Key: the account ({@code user:<id>}).
   */
  public static final Topic<String, KudosCommand> KUDOS_COMMANDS =
      topic("horde.kudos-commands", KudosCommand.class, TopicSpec.shortLived(LEDGER_PARTITIONS, Duration.ofDays(7)));
  /**
   * The journal: every applied posting, in the order each account's task applied it. Key: the user account
   * of the task that applied it.
   */
  public static final Topic<String, KudosPosting> KUDOS_POSTINGS =
      topic("horde.kudos-postings", KudosPosting.class, TopicSpec.permanent(LEDGER_PARTITIONS));
  /** Balance of every account after its latest posting. Key: account. */
  public static final Topic<String, AccountBalance> KUDOS_BALANCES =
      topic("horde.kudos-balances", AccountBalance.class, TopicSpec.compacted(LEDGER_PARTITIONS));

  // Text generation

  /** Accepted text requests. Key: request id. Carries the prompt. */
  public static final Topic<String, RequestAccepted> TEXT_REQUESTS =
      topic("horde.text-requests", RequestAccepted.class,
          TopicSpec.shortLived(1, PROMPT_RETENTION).withLargeRecords());
  /** Worker pops. Key: pop id. */
  public static final Topic<String, PopRequested> TEXT_POPS =
      topic("horde.text-pops", PopRequested.class, TopicSpec.shortLived(1, Duration.ofDays(1)));
  /** Worker submissions. Key: job id. Carries the generated text. */
  public static final Topic<String, SubmitRequested> TEXT_SUBMITS =
      topic("horde.text-submits", SubmitRequested.class,
          TopicSpec.shortLived(1, PROMPT_RETENTION).withLargeRecords());
  /** Cancellations. Key: request id. */
  public static final Topic<String, CancelRequested> TEXT_CANCELS =
      topic("horde.text-cancels", CancelRequested.class, TopicSpec.shortLived(1, Duration.ofDays(1)));
  /** Status of every live request. Key: request id; a tombstone when it expires. Carries generated text. */
  public static final Topic<String, RequestStatus> TEXT_STATUS =
      topic("horde.text-status", RequestStatus.class,
          TopicSpec.compactedShortLived(1, PROMPT_RETENTION).withLargeRecords());
  /** Job lifecycle for statistics. Key: job id. */
  public static final Topic<String, JobEvent> TEXT_JOB_EVENTS =
      topic("horde.text-job-events", JobEvent.class, TopicSpec.permanent(1));
  /** How each request ended. Key: request id. */
  public static final Topic<String, RequestFinished> TEXT_REQUEST_OUTCOMES =
      topic("horde.text-request-outcomes", RequestFinished.class, TopicSpec.permanent(1));

  // Image generation

  /** Accepted image requests. Key: request id. Carries the prompt (source images are in object storage). */
  public static final Topic<String, RequestAccepted> IMAGE_REQUESTS =
      topic("horde.image-requests", RequestAccepted.class,
          TopicSpec.shortLived(1, PROMPT_RETENTION).withLargeRecords());
  /** Dreamer pops. Key: pop id. */
  public static final Topic<String, PopRequested> IMAGE_POPS =
      topic("horde.image-pops", PopRequested.class, TopicSpec.shortLived(1, Duration.ofDays(1)));
  /** Dreamer submissions (the images themselves are in object storage). Key: job id. */
  public static final Topic<String, SubmitRequested> IMAGE_SUBMITS =
      topic("horde.image-submits", SubmitRequested.class, TopicSpec.shortLived(1, PROMPT_RETENTION));
  /** Cancellations of image requests. Key: request id. */
  public static final Topic<String, CancelRequested> IMAGE_CANCELS =
      topic("horde.image-cancels", CancelRequested.class, TopicSpec.shortLived(1, Duration.ofDays(1)));
  /** Status of every live image request. Key: request id; a tombstone when it expires. */
  public static final Topic<String, RequestStatus> IMAGE_STATUS =
      topic("horde.image-status", RequestStatus.class, TopicSpec.compactedShortLived(1, PROMPT_RETENTION));
  /** Image job lifecycle for statistics. Key: job id. */
  public static final Topic<String, JobEvent> IMAGE_JOB_EVENTS =
      topic("horde.image-job-events", JobEvent.class, TopicSpec.permanent(1));
  /** How each image request ended. Key: request id. */
  public static final Topic<String, RequestFinished> IMAGE_REQUEST_OUTCOMES =
      topic("horde.image-request-outcomes", RequestFinished.class, TopicSpec.permanent(1));

  /** Aesthetic ratings of image requests, as the scheduler was asked to take them. Key: request id. */
  public static final Topic<String, RatingRequested> IMAGE_RATINGS =
      topic("horde.image-ratings", RatingRequested.class, TopicSpec.permanent(1));

  // Alchemy (interrogation forms)

  /**
   * Accepted alchemy forms, one record per form (each is a request of one job). Key: the form's request id.
   * The source image is in object storage.
   */
  public static final Topic<String, RequestAccepted> ALCHEMY_REQUESTS =
      topic("horde.alchemy-requests", RequestAccepted.class, TopicSpec.shortLived(1, PROMPT_RETENTION));
  /** Alchemist pops. Key: pop id. */
  public static final Topic<String, PopRequested> ALCHEMY_POPS =
      topic("horde.alchemy-pops", PopRequested.class, TopicSpec.shortLived(1, Duration.ofDays(1)));
  /** Alchemist submissions: the forms' results (a post-processed image is in object storage). Key: job id. */
  public static final Topic<String, SubmitRequested> ALCHEMY_SUBMITS =
      topic("horde.alchemy-submits", SubmitRequested.class, TopicSpec.shortLived(1, PROMPT_RETENTION));
  /** Cancellations of forms. Key: the form's request id. */
  public static final Topic<String, CancelRequested> ALCHEMY_CANCELS =
      topic("horde.alchemy-cancels", CancelRequested.class, TopicSpec.shortLived(1, Duration.ofDays(1)));
  /** Status of every live form. Key: the form's request id; a tombstone when it expires. Carries results. */
  public static final Topic<String, RequestStatus> ALCHEMY_STATUS =
      topic("horde.alchemy-status", RequestStatus.class, TopicSpec.compactedShortLived(1, PROMPT_RETENTION));
  /** Form job lifecycle for statistics. Key: job id. */
  public static final Topic<String, JobEvent> ALCHEMY_JOB_EVENTS =
      topic("horde.alchemy-job-events", JobEvent.class, TopicSpec.permanent(1));
  /** How each form ended. Key: the form's request id. */
  public static final Topic<String, RequestFinished> ALCHEMY_REQUEST_OUTCOMES =
      topic("horde.alchemy-request-outcomes", RequestFinished.class, TopicSpec.permanent(1));

  /** The topics of one kind of work, for code that serves every kind the same way. */
  public record WorkTopics(Topic<String, RequestAccepted> requests, Topic<String, PopRequested> pops,
      Topic<String, SubmitRequested> submits, Topic<String, CancelRequested> cancels,
      Topic<String, RequestStatus> status, Topic<String, JobEvent> jobEvents,
      Topic<String, RequestFinished> outcomes) {}

  public static final WorkTopics TEXT = new WorkTopics(TEXT_REQUESTS, TEXT_POPS, TEXT_SUBMITS, TEXT_CANCELS,
      TEXT_STATUS, TEXT_JOB_EVENTS, TEXT_REQUEST_OUTCOMES);
  public static final WorkTopics IMAGE = new WorkTopics(IMAGE_REQUESTS, IMAGE_POPS, IMAGE_SUBMITS, IMAGE_CANCELS,
      IMAGE_STATUS, IMAGE_JOB_EVENTS, IMAGE_REQUEST_OUTCOMES);
  public static final WorkTopics ALCHEMY = new WorkTopics(ALCHEMY_REQUESTS, ALCHEMY_POPS, ALCHEMY_SUBMITS,
      ALCHEMY_CANCELS, ALCHEMY_STATUS, ALCHEMY_JOB_EVENTS, ALCHEMY_REQUEST_OUTCOMES);

  public static WorkTopics of(WorkKind kind) {
    return switch (kind) {
      case TEXT -> TEXT;
      case IMAGE -> IMAGE;
      case ALCHEMY -> ALCHEMY;
    };
  }

  // Workers and replies

  /** Changes and deletions of workers, decided by the scheduler. Key: worker id. */
  public static final Topic<String, WorkerCommand> WORKER_COMMANDS =
      topic("horde.worker-commands", WorkerCommand.class, TopicSpec.shortLived(1, Duration.ofDays(1)));
  /** Worker state, written by the scheduler; a tombstone when deleted. Key: worker id. */
  public static final Topic<String, WorkerState> WORKERS =
      topic("horde.workers", WorkerState.class, TopicSpec.compacted(1));
  /**
   * Messages to workers' owners (W6–W9), written by the scheduler when it accepted them; a tombstone when
   * deleted. Kept after they expire (W6 lists expired ones). Key: message id.
   */
  public static final Topic<String, WorkerMessage> WORKER_MESSAGES =
      topic("horde.worker-messages", WorkerMessage.class, TopicSpec.compacted(1));
  /** Answers to commands that an ingress instance holds an HTTP response open for. Key: ingress instance id. */
  public static final Topic<String, Reply> REPLIES =
      topic("horde.replies", Reply.class, TopicSpec.shortLived(1, Duration.ofMinutes(15)).withLargeRecords());

  /** Every topic, for the bootstrap that creates them. */
  public static List<Topic<String, ?>> all() {
    return List.of(ACCOUNT_COMMANDS, USER_EVENTS, SHARED_KEYS, TEAMS, HORDE_MODES, IP_TIMEOUTS, PROMPT_FILTERS,
        KUDOS_COMMANDS, KUDOS_POSTINGS, KUDOS_BALANCES, TEXT_REQUESTS, TEXT_POPS, TEXT_SUBMITS, TEXT_CANCELS, TEXT_STATUS,
        TEXT_JOB_EVENTS, TEXT_REQUEST_OUTCOMES, IMAGE_REQUESTS, IMAGE_POPS, IMAGE_SUBMITS, IMAGE_CANCELS,
        IMAGE_STATUS, IMAGE_JOB_EVENTS, IMAGE_REQUEST_OUTCOMES, IMAGE_RATINGS, ALCHEMY_REQUESTS, ALCHEMY_POPS,
        ALCHEMY_SUBMITS, ALCHEMY_CANCELS, ALCHEMY_STATUS, ALCHEMY_JOB_EVENTS, ALCHEMY_REQUEST_OUTCOMES,
        WORKER_COMMANDS, WORKERS, WORKER_MESSAGES, REPLIES);
  }

  /** The serde of a topic-less value type (a state-store value). */
  public static <V extends org.apache.avro.specific.SpecificRecord> Serde<V> serde(Class<V> type) {
    return AvroSerde.of(type);
  }

  public static Serde<String> keySerde() {
    return KEY;
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> Topic<String, V> topic(
      String name, Class<V> type, TopicSpec spec) {
    return new Topic<>(name, KEY, AvroSerde.of(type), spec);
  }
}
