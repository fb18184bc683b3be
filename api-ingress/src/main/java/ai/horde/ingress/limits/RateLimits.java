package ai.horde.ingress.limits;

import ai.horde.ingress.limits.RateLimitRules.Limit;
import ai.horde.ingress.limits.RateLimitRules.Scope;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a call is within its path's rate limits (spec §3.14): one Bucket4j bucket per limit and key, holding
 * the limit's count and refilled to it at the end of each period (a fixed window per key, as flask-limiter's
 * fixed windows). Keys are the reference's: the remote address (on the route, as flask-limiter counts per
 * endpoint); {@code <address>@<METHOD>@<path>}; and
 * {@code <sha256 of the API key, or of the anonymous key>@<METHOD>@<path>}. A call takes a token from each of its
 * limits in order and is refused by the first that has none, with how long until that one refills; a refused
 * call gives back what it took, so that it counts against none of its limits.
 *
 * <p>With several API instances each enforces {@code 1/instances} of every limit (decision 13), rounded up.
 * Buckets idle for longer than their period are full again, so they are dropped every minute.
 *
 * <p>Known gap: the reference also whitelists, for 24 hours, the address of every trusted, education or service
 * user that makes a request; here only configured addresses are whitelisted.
 */
@Singleton
final class RateLimits {
  private static final String ANONYMOUS_KEY = "0000000000";

  /** A refusal: which limit (as flask-limiter words it) and how many seconds until it lets a call through. */
  record Exceeded(String limit, long retryAfterSeconds) {}

  private record Entry(Bucket bucket, Limit limit, long lastUsedNanos) {}

  private final RateLimitSettings settings;
  private final Set<String> whitelisted;
  private final TimeMeter time;
  private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

  /** @param clock ingress's clock (tests move it) */
  RateLimits(RateLimitSettings settings, Clock clock) {
    this.settings = settings;
    this.whitelisted = settings.whitelisted();
    this.time = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return clock.millis() * 1_000_000;
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  /**
   * Takes the call's tokens.
   *
   * @param path under {@code /api/v2}
   * @param apiKey as sent, or null
   * @return null when the call is within its limits
   */
  Exceeded take(String address, String method, String path, String apiKey) {
    if (settings.disabled()) {
      return null;
    }
    RateLimitRules.Route route = RateLimitRules.of(path);
    List<Limit> limits = route.limits();
    boolean whitelistedAddress = whitelisted.contains(address);
    String key = apiKey == null || apiKey.isEmpty() ? ANONYMOUS_KEY : apiKey;
    List<Bucket> taken = new ArrayList<>();
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      boolean whitelisted = whitelistedAddress || limit.scope() == Scope.API_KEY && key.equals(ANONYMOUS_KEY);
      String counted = switch (limit.scope()) {
        case REMOTE_ADDRESS -> address + "@" + route.name();
        case IP_AND_PATH -> address + "@" + method + "@" + path;
        case API_KEY -> sha256(key) + "@" + method + "@" + path;
      };
      int count = share(whitelisted ? limit.whitelisted() : limit.count());
      // The count is part of the bucket's name: a whitelisted caller and another never share a bucket.
      String name = i + "#" + count + "#" + counted;
      Bucket bucket = bucket(name, limit, count);
      ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        // A refused call costs nothing: the tokens it took of the limits before are given back.
        taken.forEach(earlier -> earlier.addTokens(1));
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
        return new Exceeded(limit.describe(whitelisted), seconds);
      }
      taken.add(bucket);
    }
    return null;
  }

  private int share(int count) {
    return (count + settings.instances() - 1) / settings.instances();
  }

  private Bucket bucket(String name, Limit limit, int count) {
    long now = time.currentTimeNanos();
    return buckets.compute(name, (n, entry) -> new Entry(entry != null ? entry.bucket() : Bucket.builder()
        .addLimit(b -> b.capacity(count).refillIntervally(count, limit.period()))
        .withCustomTimePrecision(time).build(), limit, now)).bucket();
  }

  /** Drops the buckets that have been idle for longer than their period: they are full again. */
  @Scheduled(fixedDelay = "1m")
  void forgetIdle() {
    long now = time.currentTimeNanos();
    buckets.values().removeIf(e -> now - e.lastUsedNanos() > e.limit().period().toNanos());
  }

  int size() {
    return buckets.size();
  }

  private static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
