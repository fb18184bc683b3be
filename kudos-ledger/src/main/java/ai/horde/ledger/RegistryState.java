package ai.horde.ledger;

import ai.horde.events.HordeModes;
import ai.horde.events.IpTimeout;
import ai.horde.events.IpSuspicion;
import ai.horde.events.PromptFilter;
import ai.horde.events.SharedKeyState;
import ai.horde.events.TeamState;
import ai.horde.events.UserAccount;
import java.util.List;

/**
 * What the account registry knows, read-only: the view {@link AccountRegistry} decides against. The
 * registry's stores implement it in {@link RegistryProcessor}; tests implement it with maps.
 */
interface RegistryState {
  /** The user with this id, or null; the anonymous user (id 0) always exists. */
  UserAccount user(long userId);

  /** The user registered with this oauth_id, or null. */
  UserAccount userByOauth(String oauthId);

  /** The last user id handed out (0 before the first registration). */
  long lastUserId();

  /** The shared key with this hash, or null. */
  SharedKeyState sharedKey(String keyHash);

  /** Every shared key the user owns. */
  List<SharedKeyState> sharedKeysOf(long ownerId);

  TeamState team(String teamId);

  /** The team whose name equals this one ignoring case, or null. */
  TeamState teamNamed(String name);

  /** The horde's modes (all off before anyone set them). */
  HordeModes modes();

  /** The timeout last set on this address or block (perhaps expired), or null when there is none. */
  IpTimeout ipTimeout(String ipaddr);

  /** The prompt filter with this id, or null. */
  PromptFilter promptFilter(long filterId);

  /** Every prompt filter (a few hundred at most). */
  List<PromptFilter> promptFilters();

  /** The last prompt filter id handed out (0 before the first filter). */
  long lastPromptFilterId();

  /** The corrupt prompts counted against this address, or null; an expired count may still be there. */
  IpSuspicion ipSuspicion(String ipaddr);
}
