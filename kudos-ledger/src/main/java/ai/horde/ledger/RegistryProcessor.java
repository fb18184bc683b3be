package ai.horde.ledger;

import ai.horde.events.AccountCommand;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.RegisterUser;
import ai.horde.events.Reply;
import ai.horde.events.UserAccount;
import ai.horde.topics.Topic;
import ai.horde.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adapter from the registry's stores to {@link UserRegistry#decide}. The user-commands topic has one
 * partition, so this one task sees every registration in order: the only writer of user ids.
 */
final class RegistryProcessor extends ContextualProcessor<String, AccountCommand, String, SpecificRecord> {
  private KeyValueStore<String, UserAccount> users;
  private KeyValueStore<String, String> usersByOauth;
  private KeyValueStore<String, Long> sequence;

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    super.init(context);
    users = context.getStateStore(LedgerTopology.USERS);
    usersByOauth = context.getStateStore(LedgerTopology.USERS_BY_OAUTH);
    sequence = context.getStateStore(LedgerTopology.REGISTRY_SEQUENCE);
  }

  @Override
  public void process(Record<String, AccountCommand> record) {
    AccountCommand command = record.value();
    if (command.getCommand() instanceof RegisterUser register) {
      register(record, command, register);
    } else if (command.getReplyTo() != null) {
      forward(record, command.getReplyTo(), new Reply(command.getCommandId(), command.getReplyTo(),
          new ErrorAnswer(501, "NotImplemented", "Not implemented yet.")), Topics.REPLIES);
    }
  }

  private void register(Record<String, AccountCommand> record, AccountCommand command, RegisterUser register) {
    String knownId = usersByOauth.get(register.getOauthId());
    UserAccount existing = knownId == null ? null : users.get(knownId);
    Long lastId = sequence.get(LedgerTopology.LAST_USER_ID);
    // Id 0 is the built-in anonymous user: the first registered user is 1.
    var registration = UserRegistry.decide(existing, (lastId == null ? 0 : lastId) + 1, command, register);

    long userId = registration.account().getUserId();
    String key = Long.toString(userId);
    if (existing == null) {
      sequence.put(LedgerTopology.LAST_USER_ID, userId);
    }
    users.put(key, registration.account());
    usersByOauth.put(register.getOauthId(), key);

    registration.events().forEach(event -> forward(record, key, event, Topics.USER_EVENTS));
    forward(record, command.getReplyTo(), registration.reply(), Topics.REPLIES);
    forward(record, registration.openAccount().getAccount(), registration.openAccount(), Topics.KUDOS_COMMANDS);
  }

  private void forward(Record<String, ?> input, String key, SpecificRecord value, Topic<String, ?> topic) {
    context().forward(input.withKey(key).withValue(value), LedgerTopology.sinkName(LedgerTopology.REGISTRY, topic));
  }
}
