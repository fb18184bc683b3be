package ai.horde.scheduler;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountBalance;
import ai.horde.events.CancelRequested;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.PopRequested;
import ai.horde.events.RatingRequested;
import ai.horde.events.Reply;
import ai.horde.events.RequestAccepted;
import ai.horde.events.SubmitRequested;
import ai.horde.events.UserEvent;
import ai.horde.events.WorkerCommand;
import ai.horde.scheduler.Outputs.Output;
import ai.horde.scheduler.SchedulerCommand.AcceptRequest;
import ai.horde.scheduler.SchedulerCommand.Cancel;
import ai.horde.scheduler.SchedulerCommand.ManageWorker;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerCommand.Submit;
import ai.horde.topics.Topics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts the {@link Scheduler} to Kafka Streams: turns input records and clock ticks into commands, applies
 * the decided events to the stores, and forwards what they publish. The only writer of the queues, their jobs
 * and the workers (popped, modified, deleted, and changed by their owners' account changes). A new request's
 * command carries its requester's balance, read from the global copy of the ledger's balances; raid mode is read
 * from the global copy of the horde's modes.
 *
 * <p>A decision that throws (a bug) costs that one command, not the service: nothing of it was applied, and a
 * pop, submit or worker command gets an error reply instead of hanging. Failures to write stores or forward
 * records are left to Kafka Streams, which aborts the transaction and restores the stores.
 */
final class SchedulerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerProcessor.class);

  private final SchedulerSettings settings;
  private final Scheduler scheduler;
  private final SchedulerMetrics metrics;
  private ProcessorContext<String, SpecificRecord> context;
  private SchedulerState state;
  private KeyValueStore<String, AccountBalance> balances;

  SchedulerProcessor(SchedulerSettings settings, List<KindRules> kinds, SchedulerMetrics metrics) {
    this.settings = settings;
    this.scheduler = new Scheduler(settings, kinds);
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.state = new SchedulerState(new SchedulerState.Tables(
        new StoreTable<>(context.getStateStore(SchedulerTopology.REQUESTS)),
        new StoreTable<>(context.getStateStore(SchedulerTopology.PAYLOADS)),
        new StoreTable<>(context.getStateStore(SchedulerTopology.JOBS)),
        new StoreTable<>(context.getStateStore(SchedulerTopology.WORKERS)),
        new StoreTable<>(context.getStateStore(SchedulerTopology.WORKER_NAMES)),
        new StoreTable<>(context.getStateStore(SchedulerTopology.PARKED_POPS)),
        new StoreTable<>(context.getStateStore(SchedulerTopology.EARLY_CANCELS)),
        new StoreTable<>(context.getStateStore(SchedulerTopology.MODES))), settings.requestExpiry());
    this.balances = context.getStateStore(SchedulerTopology.BALANCES);
    long started = System.nanoTime();
    state.rebuildIndexes();
    LOG.info("task {}: queues rebuilt from the stores in {} ms ({} requests waiting)", context.taskId(),
        (System.nanoTime() - started) / 1_000_000, state.waitingCount());
    context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    SchedulerCommand command = record.value() == null ? null : toCommand(record.value());
    if (command != null) {
      handle(command, context.currentSystemTimeMs());
    }
  }

  private SchedulerCommand toCommand(SpecificRecord value) {
    if (value instanceof RequestAccepted v) {
      // Read here, so that the decision stays a function of the command and the scheduler's own state.
      AccountBalance balance = balances.get(Accounts.user(v.getUserId()));
      return new AcceptRequest(v, balance);
    } else if (value instanceof PopRequested v) {
      return new Pop(v);
    } else if (value instanceof SubmitRequested v) {
      return new Submit(v);
    } else if (value instanceof CancelRequested v) {
      return new Cancel(v);
    } else if (value instanceof RatingRequested v) {
      return new SchedulerCommand.Rate(v);
    } else if (value instanceof WorkerCommand v) {
      return new ManageWorker(v);
    } else if (value instanceof UserEvent v) {
      return new SchedulerCommand.OwnerChanged(v);
    }
    LOG.warn("ignoring a record of unexpected type {}", value.getClass().getName());
    return null;
  }

  private void onTick(long now) {
    long started = System.nanoTime();
    List<SchedulerCommand> due = state.dueAt(now, settings.duePerTick());
    due.forEach(command -> handle(command, now));
    metrics.observe(state.counts());
    // Fewer than the cap in all means no kind reached it: the deadline indexes are looked at only after a big tick.
    if (due.size() >= settings.duePerTick() && state.moreDueAt(now)) {
      LOG.info("task {}: {} due commands handled in {} ms, more at the next tick (at most {} of each kind per tick)",
          context.taskId(), due.size(), (System.nanoTime() - started) / 1_000_000, settings.duePerTick());
    }
  }

  private void handle(SchedulerCommand command, long now) {
    Deque<SchedulerCommand> pending = new ArrayDeque<>(List.of(command));
    while (!pending.isEmpty()) {
      SchedulerCommand next = pending.poll();
      List<SchedulerEvent> events;
      try {
        events = scheduler.decide(state, next, now);
      } catch (RuntimeException e) {
        // Never the command itself: it may carry a prompt or a generated text.
        LOG.error("could not decide {}", describe(next), e);
        answerFailure(next, now);
        continue;
      }
      for (SchedulerEvent event : events) {
        state.apply(event);
        for (Output output : Outputs.of(event, now)) {
          context.forward(new Record<>(output.key(), output.value(), now), Outputs.sinkName(output.topic()));
        }
        pending.addAll(Scheduler.followUps(event));
      }
    }
  }

  private static String describe(SchedulerCommand command) {
    if (command instanceof AcceptRequest c) {
      return "the request " + c.request().getRequestId();
    } else if (command instanceof Pop c) {
      return "the pop " + c.pop().getPopId() + " of worker " + c.pop().getWorkerName();
    } else if (command instanceof Submit c) {
      return "the submit " + c.submit().getSubmitId() + " of job " + c.submit().getJobId();
    } else if (command instanceof ManageWorker c) {
      return "the worker command " + c.command().getCommandId() + " for worker " + c.command().getWorkerId();
    }
    return command.toString();
  }

  private void answerFailure(SchedulerCommand command, long now) {
    String replyTo = null;
    String correlationId = null;
    if (command instanceof Pop c) {
      replyTo = c.pop().getReplyTo();
      correlationId = c.pop().getPopId();
    } else if (command instanceof Submit c) {
      replyTo = c.submit().getReplyTo();
      correlationId = c.submit().getSubmitId();
    } else if (command instanceof SchedulerCommand.Rate c) {
      replyTo = c.rating().getReplyTo();
      correlationId = c.rating().getRatingId();
    } else if (command instanceof ManageWorker c) {
      replyTo = c.command().getReplyTo();
      correlationId = c.command().getCommandId();
    }
    if (replyTo != null) {
      Reply reply = new Reply(correlationId, replyTo, new ErrorAnswer(500, "InternalServerError",
          "The horde could not process this request."));
      context.forward(new Record<>(replyTo, reply, now), Outputs.sinkName(Topics.REPLIES));
    }
  }
}
