package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.runtime.HordeEnv;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The horde's admins: the aliases ({@code name#id}) listed in {@code HORDE_ADMINS}, a JSON list, as the
 * reference reads {@code ADMINS}. Configuration of ingress: it tells the registry whether a requester is one
 * ({@code AccountCommand.requester_admin}). A value that is not a JSON list of strings names no admin.
 */
final class Admins {
  private static final Logger LOG = LoggerFactory.getLogger(Admins.class);
  private static final Set<String> ALIASES = parse(HordeEnv.system().get("HORDE_ADMINS", "[]"));

  private Admins() {}

  static boolean isAdmin(UserAccount user) {
    return user != null && user.getUserId() != Accounts.ANONYMOUS_ID && ALIASES.contains(Accounts.alias(user));
  }

  static Set<String> parse(String json) {
    Set<String> aliases = new LinkedHashSet<>();
    try {
      JsonNode list = Responses.JSON.readTree(json);
      if (list == null || !list.isArray()) {
        LOG.warn("HORDE_ADMINS is not a JSON list: no admins");
        return Set.of();
      }
      list.forEach(alias -> {
        if (alias.isTextual()) {
          aliases.add(alias.textValue());
        }
      });
    } catch (JsonProcessingException e) {
      LOG.warn("HORDE_ADMINS is not JSON: no admins");
      return Set.of();
    }
    return Set.copyOf(aliases);
  }
}
