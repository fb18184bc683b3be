package ai.horde.ledger;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.AccountCommand;
import ai.horde.events.KudosCommand;
import ai.horde.events.RegisterUser;
import ai.horde.events.Reply;
import ai.horde.events.UserAccount;
import ai.horde.events.UserApiKeyRotated;
import ai.horde.events.UserCreated;
import ai.horde.events.UserEvent;
import ai.horde.events.UserRegistrationAnswer;
import ai.horde.events.UserRolesChanged;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's registration decision (called by {@link UserRules#register}), as a pure function: a
 * registration either creates a user under the next
 * id or refreshes the user that already has the command's oauth_id ({@code POST /api/v2/dev/test-user}
 * semantics: every call rotates the key).
 *
 * <p>Known gaps: a retried command (same command_id) for a new oauth_id is answered as a refresh
 * ({@code created = false}) rather than replayed; nothing stops a registration under the anonymous user's
 * oauth_id {@code anon}, which would get an ordinary id rather than 0.
 */
final class UserRegistry {
  private UserRegistry() {}

  static final int DEFAULT_CONCURRENCY = 30;

  /**
   * What a registration produces.
   *
   * @param account the user after the events, the fold of its whole history
   * @param openAccount sets the account's floor (by account type) and, when the command carries kudos, its
   *     balance
   */
  record Registration(UserAccount account, List<UserEvent> events, Reply reply, KudosCommand openAccount) {}

  /**
   * @param existing the user that already has the command's oauth_id, or null
   * @param nextId the id a new user gets (the last one handed out + 1)
   */
  static Registration decide(UserAccount existing, long nextId, AccountCommand command, RegisterUser register) {
    long userId = existing == null ? nextId : existing.getUserId();
    boolean moderator = Boolean.TRUE.equals(register.getModerator());
    boolean trusted = Boolean.TRUE.equals(register.getTrusted());
    List<UserEvent> events = new ArrayList<>();
    if (existing == null) {
      events.add(event(userId, command, UserCreated.newBuilder()
          .setUsername(register.getUsername())
          .setOauthId(register.getOauthId())
          .setApiKeyHash(register.getApiKeyHash())
          .setModerator(moderator)
          .setTrusted(trusted)
          .setConcurrency(DEFAULT_CONCURRENCY)
          .build()));
    } else {
      if (register.getApiKeyHash() != null) {
        events.add(event(userId, command, new UserApiKeyRotated(register.getApiKeyHash())));
      }
      boolean rolesGiven = register.getModerator() != null && register.getTrusted() != null;
      if (rolesGiven && (existing.getModerator() != moderator || existing.getTrusted() != trusted)) {
        events.add(event(userId, command, new UserRolesChanged(moderator, trusted)));
      }
    }

    UserAccount account = existing;
    for (UserEvent event : events) {
      account = Accounts.evolve(account, event);
    }
    Reply reply = new Reply(command.getCommandId(), command.getReplyTo(),
        new UserRegistrationAnswer(userId, Accounts.alias(account), existing == null));
    KudosCommand openAccount = KudosCommands.open(Accounts.user(userId), command.getCommandId(),
        Accounts.floorCenti(account), register.getKudosCenti(), command.getRequestedAt());
    return new Registration(account, List.copyOf(events), reply, openAccount);
  }

  private static UserEvent event(long userId, AccountCommand command, Object change) {
    return new UserEvent(userId, command.getRequestedAt(), change);
  }
}
