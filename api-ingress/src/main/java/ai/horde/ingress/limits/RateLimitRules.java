package ai.horde.ingress.limits;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which limits hold for a path (spec §3.14, the reference's flask-limiter decorators): a table of path patterns
 * under {@code /api/v2}, the first match winning, and 90 a minute per remote address for every other path. A
 * resource's limits hold for every method of its path; the method is part of the key of the limits counted per
 * IP and path and per key. Pure.
 *
 * <p>Known gap: a path outside the table is its own route, so the default's 90 a minute is counted per path
 * where flask-limiter counts it per endpoint (e.g. {@code /status/models/{name}} for every name together).
 *
 * <p>Paths the reference does not have: the object store's links ({@code /objects/...}, where dreamers upload and
 * requesters download images, as they do from the reference's R2, which has no such limits) are not limited.
 * Styles and collections do not exist here yet, so neither do their limits.
 */
final class RateLimitRules {
  /** Who a limit counts: the caller's address, its address on this path, or its API key on this path. */
  enum Scope {
    REMOTE_ADDRESS,
    IP_AND_PATH,
    API_KEY
  }

  /**
   * One limit: {@code count} per {@code period}, {@code whitelisted} for a whitelisted caller.
   *
   * @param whitelisted the count for a whitelisted address (for {@link Scope#API_KEY}: also for the anonymous
   *     key, as the reference's 60/s for it)
   */
  record Limit(Scope scope, int count, Duration period, int whitelisted) {
    static Limit of(Scope scope, int count, Duration period) {
      return new Limit(scope, count, period, count);
    }

    /** As flask-limiter describes a limit in its 429: {@code "2 per 1 second"}. */
    String describe(boolean whitelisted) {
      String unit = period.equals(SECOND) ? "second" : period.equals(MINUTE) ? "minute" : "hour";
      return (whitelisted ? this.whitelisted : count) + " per 1 " + unit;
    }
  }

  /**
   * The limits of a route, and which route it is: counts are kept per route (one rule of the table each), as
   * flask-limiter keeps them per endpoint, so that (say) pops and submits each have their 60 a second.
   */
  record Route(String name, List<Limit> limits) {}

  private record Rule(Pattern path, Route route) {}

  static final Duration SECOND = Duration.ofSeconds(1);
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final Duration HOUR = Duration.ofHours(1);

  /** Every path without limits of its own. */
  static final List<Limit> DEFAULT = List.of(Limit.of(Scope.REMOTE_ADDRESS, 90, MINUTE));

  private static final String ID = "[^/]+";

  private static final List<Rule> RULES = List.of(
      rule("/status/heartbeat"),
      rule("/objects/.+"),
      // T1, I1: per IP and path (more when whitelisted), and per key (60 a second for the anonymous key)
      rule("/generate/text/async", new Limit(Scope.IP_AND_PATH, 90, MINUTE, 300),
          new Limit(Scope.IP_AND_PATH, 2, SECOND, 10), new Limit(Scope.API_KEY, 2, SECOND, 60)),
      rule("/generate/async", new Limit(Scope.IP_AND_PATH, 90, MINUTE, 300),
          new Limit(Scope.IP_AND_PATH, 2, SECOND, 10), new Limit(Scope.API_KEY, 2, SECOND, 60)),
      rule("/generate/text/status/" + ID, Limit.of(Scope.IP_AND_PATH, 60, MINUTE)),
      rule("/generate/text/pop", Limit.of(Scope.REMOTE_ADDRESS, 60, SECOND)),
      rule("/generate/text/submit", Limit.of(Scope.REMOTE_ADDRESS, 60, SECOND)),
      rule("/generate/pop", Limit.of(Scope.REMOTE_ADDRESS, 60, SECOND)),
      rule("/generate/submit", Limit.of(Scope.REMOTE_ADDRESS, 60, SECOND)),
      rule("/interrogate/pop", Limit.of(Scope.REMOTE_ADDRESS, 60, SECOND)),
      rule("/interrogate/submit", Limit.of(Scope.REMOTE_ADDRESS, 60, SECOND)),
      rule("/generate/status/" + ID, Limit.of(Scope.IP_AND_PATH, 10, MINUTE)),
      rule("/generate/check/" + ID, Limit.of(Scope.IP_AND_PATH, 10, SECOND)),
      rule("/generate/rate/" + ID, Limit.of(Scope.IP_AND_PATH, 5, MINUTE)),
      rule("/interrogate/status/" + ID, Limit.of(Scope.IP_AND_PATH, 10, SECOND)),
      rule("/kudos/transfer", Limit.of(Scope.API_KEY, 1, SECOND), new Limit(Scope.API_KEY, 90, HOUR, 600)),
      rule("/users/" + ID, Limit.of(Scope.IP_AND_PATH, 60, MINUTE)),
      rule("/workers/" + ID, Limit.of(Scope.IP_AND_PATH, 30, MINUTE)),
      rule("/teams(/" + ID + ")?", Limit.of(Scope.IP_AND_PATH, 30, MINUTE)),
      rule("/sharedkeys", Limit.of(Scope.IP_AND_PATH, 5, MINUTE)),
      rule("/status/modes", Limit.of(Scope.REMOTE_ADDRESS, 30, MINUTE)));

  private RateLimitRules() {}

  /**
   * The route of a path under {@code /api/v2} (e.g. {@code /generate/text/async}) and its limits (none for an
   * exempt one). A path of the table is its rule's route; any other path is a route of its own.
   */
  static Route of(String path) {
    for (Rule rule : RULES) {
      if (rule.path().matcher(path).matches()) {
        return rule.route();
      }
    }
    return new Route(path, DEFAULT);
  }

  private static Rule rule(String path, Limit... limits) {
    return new Rule(Pattern.compile(path), new Route(path, List.of(limits)));
  }
}
