package ai.horde.ingress.kudos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.InvalidInput;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit read's arguments, worded as flask-restx reports them, and who may read whose postings. */
class KudosPostingsQueryTest {
  private static final UserAccount ALICE = user(5, false);
  private static final UserAccount MODERATOR = user(7, true);

  @Test
  void defaultsToTheFirstPageOf25() {
    assertThat(KudosPostingsQuery.parse(null, null, null)).isEqualTo(new KudosPostingsQuery(1, 25, null));
  }

  @Test
  void readsPageLimitAndUserAsPythonsIntDoes() {
    var query = KudosPostingsQuery.parse(" 3 ", "+10", "1_2");
    assertThat(query).isEqualTo(new KudosPostingsQuery(3, 10, 12L));
    assertThat(query.offset()).isEqualTo(20);
  }

  @Test
  void aPageBelowOneIsTheFirstAndAHugeOneIsBounded() {
    assertThat(KudosPostingsQuery.parse("0", null, null).page()).isEqualTo(1);
    assertThat(KudosPostingsQuery.parse("-4", null, null).page()).isEqualTo(1);
    var far = KudosPostingsQuery.parse("99999999999999999999999", "100", null);
    assertThat(far.page()).isEqualTo(Integer.MAX_VALUE);
    assertThat(far.offset()).isPositive();
  }

  @Test
  void aLimitOutsideOneToAHundredIsRefusedWithIntRangesWords() {
    assertThat(errors("1", "0", null)).containsExactly(Map.entry("limit",
        KudosPostingsQuery.LIMIT_HELP + " Invalid limit: 0. limit must be within the range 1 - 100"));
    assertThat(errors("1", "101", null)).containsExactly(Map.entry("limit",
        KudosPostingsQuery.LIMIT_HELP + " Invalid limit: 101. limit must be within the range 1 - 100"));
    assertThat(errors(null, "ten", null)).containsExactly(Map.entry("limit",
        KudosPostingsQuery.LIMIT_HELP + " ten is not a valid integer"));
    assertThat(KudosPostingsQuery.parse(null, "100", null).limit()).isEqualTo(100);
  }

  @Test
  void aPageOrUserThatIsNotAnIntegerIsQuotedAsPythonWould() {
    assertThat(errors("2.0", null, null)).containsExactly(Map.entry("page",
        KudosPostingsQuery.PAGE_HELP + " invalid literal for int() with base 10: '2.0'"));
    assertThat(errors(null, null, "db0#1")).containsExactly(Map.entry("user_id",
        KudosPostingsQuery.USER_ID_HELP + " invalid literal for int() with base 10: 'db0#1'"));
    assertThat(errors("", null, null)).containsExactly(Map.entry("page",
        KudosPostingsQuery.PAGE_HELP + " invalid literal for int() with base 10: ''"));
  }

  @Test
  void onlyTheFirstBadArgumentIsReported() {
    assertThat(errors("x", "0", "y")).containsOnlyKeys("page");
  }

  @Test
  void aUserReadsItsOwnPostingsWithOrWithoutNamingItself() {
    assertThat(KudosPostingsQuery.parse(null, null, null).subjectId(ALICE)).isEqualTo(5);
    assertThat(KudosPostingsQuery.parse(null, null, "5").subjectId(ALICE)).isEqualTo(5);
  }

  @Test
  void anotherUsersPostingsNeedTheModeratorRole() {
    assertThatThrownBy(() -> KudosPostingsQuery.parse(null, null, "7").subjectId(ALICE))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.rc()).isEqualTo("NotModerator");
        });
    assertThat(KudosPostingsQuery.parse(null, null, "5").subjectId(MODERATOR)).isEqualTo(5);
  }

  @Test
  void theSharedAnonymousJournalIsForModeratorsOnly() {
    assertThatThrownBy(() -> KudosPostingsQuery.parse(null, null, null).subjectId(Accounts.ANONYMOUS))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.rc()).isEqualTo("AnonForbidden"));
    assertThatThrownBy(() -> KudosPostingsQuery.parse(null, null, "0").subjectId(ALICE))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.rc()).isEqualTo("NotModerator"));
    assertThat(KudosPostingsQuery.parse(null, null, "0").subjectId(MODERATOR)).isZero();
  }

  private static Map<String, String> errors(String page, String limit, String userId) {
    try {
      KudosPostingsQuery.parse(page, limit, userId);
    } catch (InvalidInput e) {
      return e.errors();
    }
    throw new AssertionError("accepted page=" + page + " limit=" + limit + " user_id=" + userId);
  }

  private static UserAccount user(long id, boolean moderator) {
    return UserAccount.newBuilder(Accounts.ANONYMOUS).setUserId(id).setUsername("user" + id).setOauthId("o" + id)
        .setModerator(moderator).build();
  }
}
