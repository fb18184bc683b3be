package ai.horde.ingress.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Rate limit settings ({@code horde.rate-limits.*} in application.yml, from the environment variables the README
 * documents).
 *
 * @param disabledFlag no limit at all when set to anything but {@code false} or {@code 0}
 *     ({@code HORDE_TEST_RATELIMIT_DISABLED}, which the reference's test rigs set)
 * @param instances how many API instances share the traffic ({@code HORDE_RATELIMIT_INSTANCES}): each enforces
 *     its share of every limit (decision 13)
 * @param whitelist addresses with the whitelisted limits ({@code HORDE_RATELIMIT_WHITELIST}, comma-separated),
 *     besides the reference's two service addresses
 */
@ConfigurationProperties("horde.rate-limits")
record RateLimitSettings(@Nullable String disabledFlag, int instances, @Nullable String whitelist) {
  /** The reference's hard-coded service addresses, always whitelisted. */
  static final List<String> SERVICE_ADDRESSES = List.of("212.227.227.178", "5.189.169.230");

  RateLimitSettings {
    instances = Math.max(1, instances);
  }

  boolean disabled() {
    return disabledFlag != null && !disabledFlag.isBlank() && !disabledFlag.strip().equals("false")
        && !disabledFlag.strip().equals("0");
  }

  Set<String> whitelisted() {
    Stream<String> configured = whitelist == null ? Stream.empty()
        : Stream.of(whitelist.split(",")).map(String::strip).filter(a -> !a.isEmpty());
    return Set.copyOf(Stream.concat(SERVICE_ADDRESSES.stream(), configured).toList());
  }
}
