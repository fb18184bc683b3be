package ai.horde.ledger;

import static ai.horde.ledger.AccountRegistry.anonymous;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.KudosCommands;
import ai.horde.events.AccountCommand;
import ai.horde.events.ChangeSharedKey;
import ai.horde.events.CreateSharedKey;
import ai.horde.events.DeleteSharedKey;
import ai.horde.events.SharedKeySettings;
import ai.horde.events.SharedKeyState;
import ai.horde.events.UserAccount;
import java.time.Duration;
import java.time.Instant;

/**
 * The registry's rules for shared keys (spec §1.8, §3.15): who may create, change and delete them, how many a
 * user may have, and what a key's settings become. The key's state goes to {@code horde.shared-keys}; what
 * it may still spend is the owner's ledger account's ({@code SetSharedKeyKudos}), which also counts what it
 * spends.
 *
 * <p>Known gap: a key's name and limits are not checked here (ingress checks lengths; the reference does not
 * enforce the documented ranges either).
 */
final class SharedKeyRules {
  private SharedKeyRules() {}

  /** S1's default: a new key may spend 5000 kudos. */
  static final long DEFAULT_KUDOS_CENTI = 5000_00;
  /** How many shared keys the user may own: education 1000, trusted 10, others 3 (R3.15.7). */
  static int maxKeys(UserAccount user) {
    if (user.getEducation()) {
      return 1000;
    }
    return user.getTrusted() || user.getModerator() ? 10 : 3;
  }

  static RegistryDecision create(RegistryState state, AccountCommand command, UserAccount requester,
      CreateSharedKey create) {
    if (anonymous(requester)) {
      return anonForbidden(command);
    }
    SharedKeyState existing = state.sharedKey(create.getKeyHash());
    if (existing != null) {
      // The same command again (key hashes are of fresh UUIDs): nothing more to write.
      return existing.getOwnerId() == requester.getUserId()
          ? new RegistryDecision.Changes().accepted(command, create.getKeyHash(), Accounts.alias(requester))
          : notOwner(command);
    }
    int max = maxKeys(requester);
    if (state.sharedKeysOf(requester.getUserId()).size() >= max) {
      return RegistryDecision.refused(command, 403, "Forbidden",
          "You cannot have more than " + max + " shared keys.");
    }
    SharedKeySettings settings = create.getSettings();
    Instant now = command.getRequestedAt();
    SharedKeyState.Builder key = SharedKeyState.newBuilder()
        .setKeyHash(create.getKeyHash())
        .setOwnerId(requester.getUserId())
        .setName(settings.getName())
        .setExpiresAt(expiresAt(settings.getExpiryDays(), now))
        .setCreatedAt(now)
        .setUpdatedAt(now);
    limits(key, settings);
    long kudos = settings.getKudosCenti() != null ? settings.getKudosCenti() : DEFAULT_KUDOS_CENTI;

    var changes = new RegistryDecision.Changes();
    changes.sharedKeys.put(create.getKeyHash(), key.build());
    changes.kudosCommands.add(kudos(command, requester.getUserId(), create.getKeyHash(), kudos));
    return changes.accepted(command, create.getKeyHash(), Accounts.alias(requester));
  }

  static RegistryDecision change(RegistryState state, AccountCommand command, UserAccount requester,
      ChangeSharedKey change) {
    if (anonymous(requester)) {
      return anonForbidden(command);
    }
    SharedKeyState key = state.sharedKey(change.getKeyHash());
    if (key == null) {
      return unknown(command);
    }
    if (key.getOwnerId() != requester.getUserId()) {
      return notOwner(command);
    }
    SharedKeySettings settings = change.getSettings();
    if (settings.equals(SharedKeySettings.newBuilder().build())) {
      return RegistryDecision.refused(command, 400, "NoSharedKeyModSelected",
          "No shared key modification selected!");
    }
    SharedKeyState.Builder after = SharedKeyState.newBuilder(key).setUpdatedAt(command.getRequestedAt());
    if (settings.getName() != null) {
      after.setName(settings.getName());
    }
    if (settings.getExpiryDays() != null) {
      after.setExpiresAt(expiresAt(settings.getExpiryDays(), command.getRequestedAt()));
    }
    limits(after, settings);

    var changes = new RegistryDecision.Changes();
    changes.sharedKeys.put(key.getKeyHash(), after.build());
    if (settings.getKudosCenti() != null) {
      changes.kudosCommands.add(kudos(command, key.getOwnerId(), key.getKeyHash(), settings.getKudosCenti()));
    }
    return changes.accepted(command, key.getKeyHash(), Accounts.alias(requester));
  }

  static RegistryDecision delete(RegistryState state, AccountCommand command, UserAccount requester,
      DeleteSharedKey delete) {
    if (anonymous(requester)) {
      return anonForbidden(command);
    }
    SharedKeyState key = state.sharedKey(delete.getKeyHash());
    if (key == null) {
      return unknown(command);
    }
    if (key.getOwnerId() != requester.getUserId()) {
      return notOwner(command);
    }
    var changes = new RegistryDecision.Changes();
    remove(changes, command, key);
    return changes.accepted(command, key.getKeyHash(), Accounts.alias(requester));
  }

  /** Deletes the key: a tombstone, and its kudos dropped from the owner's account. */
  static void remove(RegistryDecision.Changes changes, AccountCommand command, SharedKeyState key) {
    changes.sharedKeys.put(key.getKeyHash(), null);
    changes.kudosCommands.add(KudosCommands.sharedKeyKudos(Accounts.user(key.getOwnerId()),
        command.getCommandId() + ":" + key.getKeyHash(), key.getKeyHash(), null, true, command.getRequestedAt()));
  }

  /** {@code expiry_days}: −1 (any negative) never expires, N expires N days after the request. */
  static Instant expiresAt(Integer expiryDays, Instant now) {
    return expiryDays == null || expiryDays < 0 ? null : now.plus(Duration.ofDays(expiryDays));
  }

  private static void limits(SharedKeyState.Builder key, SharedKeySettings settings) {
    if (settings.getMaxImagePixels() != null) {
      key.setMaxImagePixels(settings.getMaxImagePixels());
    }
    if (settings.getMaxImageSteps() != null) {
      key.setMaxImageSteps(settings.getMaxImageSteps());
    }
    if (settings.getMaxTextTokens() != null) {
      key.setMaxTextTokens(settings.getMaxTextTokens());
    }
  }

  /** What the key may spend: a negative kudos_centi (−100, the wire's −1 kudos) is unlimited. */
  private static ai.horde.events.KudosCommand kudos(AccountCommand command, long ownerId, String keyHash,
      long kudosCenti) {
    return KudosCommands.sharedKeyKudos(Accounts.user(ownerId), command.getCommandId(), keyHash,
        kudosCenti < 0 ? null : kudosCenti, false, command.getRequestedAt());
  }

  private static RegistryDecision anonForbidden(AccountCommand command) {
    return RegistryDecision.refused(command, 403, "AnonForbidden", AccountRegistry.ANON_FORBIDDEN);
  }

  private static RegistryDecision unknown(AccountCommand command) {
    return RegistryDecision.refused(command, 401, "InvalidAPIKey", "No user matching sent Shared Key.");
  }

  private static RegistryDecision notOwner(AccountCommand command) {
    return RegistryDecision.refused(command, 403, "Forbidden", "This shared key does not belong to you.");
  }
}
