package ai.horde.ingress.views;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.ingress.HordeSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The horde's admins: the aliases ({@code name#id}) listed in {@code HORDE_ADMINS}, a JSON list, as the
 * reference reads {@code ADMINS}. Configuration of ingress: it tells the registry whether a requester is one
 * ({@code AccountCommand.requester_admin}). A value that is not a JSON list of strings names no admin.
 */
@Singleton
public final class Admins {
  private static final Logger LOG = LoggerFactory.getLogger(Admins.class);

  private final Set<String> aliases;

  Admins(HordeSettings settings, ObjectMapper json) {
    this.aliases = parse(settings.admins(), json);
  }

  public boolean isAdmin(UserAccount user) {
    return user != null && user.getUserId() != Accounts.ANONYMOUS_ID && aliases.contains(Accounts.alias(user));
  }

  static Set<String> parse(String list, ObjectMapper json) {
    Set<String> aliases = new LinkedHashSet<>();
    try {
      JsonNode parsed = list == null || list.isBlank() ? null : json.readTree(list);
      if (parsed == null || !parsed.isArray()) {
        if (list != null && !list.isBlank()) {
          LOG.warn("HORDE_ADMINS is not a JSON list: no admins");
        }
        return Set.of();
      }
      parsed.forEach(alias -> {
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
