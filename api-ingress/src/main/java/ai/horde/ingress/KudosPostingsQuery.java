package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /api/v2/kudos/postings}, and whose postings it may read. Pure: no I/O.
 *
 * <p>The arguments are read as the reference's flask-restx request parser reads query arguments: {@code page}
 * with {@code type=int} (below 1 reads as 1, as the reference's user list does), {@code limit} with
 * {@code inputs.int_range(1, 100)}, {@code user_id} with {@code type=int}; only the first failing argument is
 * reported, as {@code {"errors": {name: "<help> <error>"}}} (see {@link InvalidPayload}).
 *
 * <p>Known gap: Python's {@code int()} also takes non-ASCII digits; these are refused here.
 */
record KudosPostingsQuery(long page, int limit, Long userId) {
  static final int DEFAULT_LIMIT = 25;
  static final int MAX_LIMIT = 100;
  static final String PAGE_HELP = "Which page of postings to return, newest first.";
  static final String LIMIT_HELP = "How many postings a page has.";
  static final String USER_ID_HELP = "Whose postings to return (another user's needs the moderator role).";

  /** Bounds the offset: (page - 1) × limit stays far from overflowing. */
  private static final long MAX_PAGE = Integer.MAX_VALUE;
  /** What Python's int() accepts, ASCII digits only: surrounding white space, a sign, digit groups. */
  private static final Pattern INT = Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");

  /** @throws InvalidPayload naming the first argument that is not acceptable */
  static KudosPostingsQuery parse(String page, String limit, String userId) {
    long pageNumber = 1;
    if (page != null) {
      BigInteger asked = integer(page, "page", PAGE_HELP, invalidLiteral(page));
      pageNumber = asked.max(BigInteger.ONE).min(BigInteger.valueOf(MAX_PAGE)).longValueExact();
    }
    int size = DEFAULT_LIMIT;
    if (limit != null) {
      // int_range's own wording, which differs from int()'s.
      BigInteger asked = integer(limit, "limit", LIMIT_HELP, limit + " is not a valid integer");
      if (asked.compareTo(BigInteger.ONE) < 0 || asked.compareTo(BigInteger.valueOf(MAX_LIMIT)) > 0) {
        throw invalid("limit", LIMIT_HELP,
            "Invalid limit: " + asked + ". limit must be within the range 1 - " + MAX_LIMIT);
      }
      size = asked.intValueExact();
    }
    Long user = null;
    if (userId != null) {
      BigInteger asked = integer(userId, "user_id", USER_ID_HELP, invalidLiteral(userId));
      // No user has an id outside a long: such a number is a user that does not exist.
      user = asked.bitLength() < Long.SIZE ? asked.longValueExact() : Long.MAX_VALUE;
    }
    return new KudosPostingsQuery(pageNumber, size, user);
  }

  /** How many of the account's postings, newest first, come before this page. */
  long offset() {
    return (page - 1) * limit;
  }

  /**
   * The id of the user whose postings the requester reads: its own when it names none or itself; another
   * user's only with the moderator role (403 {@code NotModerator}, whether or not that user exists). The
   * anonymous user's journal is shared by everyone who uses the anonymous key and its transaction ids carry
   * request ids, which let their holder read and cancel a request: only a moderator reads it (403
   * {@code AnonForbidden} for the anonymous key itself).
   */
  long subjectId(UserAccount requester) {
    if (requester.getUserId() == Accounts.ANONYMOUS_ID && !requester.getModerator()) {
      throw HordeError.anonForbidden();
    }
    if (userId == null || userId == requester.getUserId()) {
      return requester.getUserId();
    }
    if (!requester.getModerator()) {
      throw new HordeError(403, "NotModerator", "You're not a mod. BTFO!");
    }
    return userId;
  }

  static HordeError userNotFound(long userId) {
    return new HordeError(404, "UserNotFound", "User with ID '" + userId + "' not found.");
  }

  private static BigInteger integer(String value, String name, String help, String error) {
    String digits = value.strip();
    if (!INT.matcher(digits).matches()) {
      throw invalid(name, help, error);
    }
    return new BigInteger(digits.replace("_", ""));
  }

  private static String invalidLiteral(String value) {
    return "invalid literal for int() with base 10: " + PyRepr.ofString(value);
  }

  private static InvalidPayload invalid(String name, String help, String error) {
    return new InvalidPayload(Map.of(name, help + " " + error));
  }
}
