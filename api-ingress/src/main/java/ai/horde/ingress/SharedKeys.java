package ai.horde.ingress;

import ai.horde.events.SharedKeyState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every shared key as the registry last wrote it ({@code horde.shared-keys}), by the hash of the key: the
 * key itself is a credential and is never stored, so a key can be found from the key but not listed.
 */
final class SharedKeys {
  private final Map<String, SharedKeyState> byHash = new ConcurrentHashMap<>();

  void put(String keyHash, SharedKeyState key) {
    if (key == null) {
      byHash.remove(keyHash);
    } else {
      byHash.put(keyHash, key);
    }
  }

  Optional<SharedKeyState> byHash(String keyHash) {
    return Optional.ofNullable(byHash.get(keyHash));
  }
}
