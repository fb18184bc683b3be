package ai.horde.ingress.kudos;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.QueryArgs;
import java.math.BigInteger;

/**
 * The query of {@code GET /api/v2/kudos/postings}, and whose postings it may read. Pure: no I/O.
 *
 * <p>The arguments are read as the reference's flask-restx request parser reads query arguments: {@code page}
 * with {@code type=int} (below 1 reads as 1, as the reference's user list does), {@code limit} with
 * {@code inputs.int_range(1, 100)}, {@code user_id} with {@code type=int}; only the first failing argument is
 * reported.
 */
record KudosPostingsQuery(long page, int limit, Long userId) {
  static final int DEFAULT_LIMIT = 25;
  static final int MAX_LIMIT = 100;
  static final String PAGE_HELP = "Which page of postings to return, newest first.";
  static final String LIMIT_HELP = "How many postings a page has.";
  static final String USER_ID_HELP = "Whose postings to return (another user's needs the moderator role).";

  /** Bounds the offset: (page - 1) × limit stays far from overflowing. */
  private static final long MAX_PAGE = Integer.MAX_VALUE;

  /** @throws ai.horde.ingress.http.InvalidInput naming the first argument that is not acceptable */
  static KudosPostingsQuery parse(String page, String limit, String userId) {
    long pageNumber = 1;
    if (page != null) {
      BigInteger asked = QueryArgs.integer(page, "page", PAGE_HELP);
      pageNumber = asked.max(BigInteger.ONE).min(BigInteger.valueOf(MAX_PAGE)).longValueExact();
    }
    int size = DEFAULT_LIMIT;
    if (limit != null) {
      // int_range's own wording, which differs from int()'s.
      BigInteger asked = QueryArgs.integer(limit, "limit", LIMIT_HELP, limit + " is not a valid integer");
      if (asked.compareTo(BigInteger.ONE) < 0 || asked.compareTo(BigInteger.valueOf(MAX_LIMIT)) > 0) {
        throw QueryArgs.invalid("limit", LIMIT_HELP,
            "Invalid limit: " + asked + ". limit must be within the range 1 - " + MAX_LIMIT);
      }
      size = asked.intValueExact();
    }
    Long user = null;
    if (userId != null) {
      BigInteger asked = QueryArgs.integer(userId, "user_id", USER_ID_HELP);
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
      throw ApiError.anonForbidden();
    }
    if (userId == null || userId == requester.getUserId()) {
      return requester.getUserId();
    }
    if (!requester.getModerator()) {
      throw ApiError.notModerator();
    }
    return userId;
  }
}
