package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kudos audit read over real HTTP against the whole horde: what the ledger journals reaches
 * {@code GET /api/v2/kudos/postings} through the projections' PostgreSQL table, and only its owner (or a
 * moderator) reads it.
 */
class KudosAuditSystemTest {
  /** The projection lags the ledger: a posting is listed after a poll and a commit, well within this. */
  private static final Duration PROJECTION_LAG = Duration.ofSeconds(30);

  @TempDir
  static Path data;
  static HordeProcess horde;

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of()).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  @Test
  void aNewUsersOpeningBalanceIsInItsJournal() throws Exception {
    // Given a user minted with 50 kudos (the ledger posts the opening balance)
    JsonNode user = horde.testUser("audit-owner", 50);
    String key = user.get("api_key").asText();
    long id = user.get("user_id").asLong();

    // When it reads its journal, until the projection has folded the opening posting
    JsonNode[] listed = new JsonNode[1];
    await().atMost(PROJECTION_LAG).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      Response page = horde.get("/kudos/postings", "apikey", key);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      listed[0] = page.json();
      // Then it lists a credit of 50 that left the balance at 50
      assertThat(listed[0].get("postings")).as(page.body()).anySatisfy(posting -> {
        assertThat(posting.get("amount").asDouble()).isEqualTo(50.0);
        assertThat(posting.get("balance_after").asDouble()).isEqualTo(50.0);
      });
    });
    JsonNode body = listed[0];
    assertThat(body.get("account").asText()).isEqualTo("user:" + id);
    assertThat(body.get("page").asInt()).isEqualTo(1);
    assertThat(body.get("limit").asInt()).isEqualTo(25);
    // And the newest posting left the balance find_user shows
    JsonNode newest = body.get("postings").get(0);
    assertThat(newest.get("balance_after").asDouble())
        .isEqualTo(horde.get("/find_user", "apikey", key).json().get("kudos").asDouble());
    assertThat(newest.get("id").asText()).isNotEmpty();
    assertThat(newest.get("transaction_id").asText()).isNotEmpty();
    assertThat(newest.get("kind").asText()).isNotEmpty();
    assertThat(Instant.parse(newest.get("occurred_at").asText())).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void anotherUsersJournalNeedsTheModeratorRole() throws Exception {
    // Given a user, a stranger and a moderator
    long first = horde.testUser("audit-first", 30).get("user_id").asLong();
    String stranger = horde.testUser("audit-stranger", 30).get("api_key").asText();
    Response created = horde.post("/dev/test-user",
        "{\"username\":\"audit-mod\",\"oauth_id\":\"audit-mod\",\"kudos\":30,\"moderator\":true}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String moderator = created.json().get("api_key").asText();

    // When the stranger asks for the first user's postings, then it is refused
    Response refused = horde.get("/kudos/postings?user_id=" + first, "apikey", stranger);
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().get("rc").asText()).isEqualTo("NotModerator");

    // When the moderator asks, then it reads that user's account
    Response read = horde.get("/kudos/postings?user_id=" + first + "&limit=5", "apikey", moderator);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().get("account").asText()).isEqualTo("user:" + first);
    assertThat(read.json().get("limit").asInt()).isEqualTo(5);

    // And a user that does not exist is not found, even by a moderator
    Response unknown = horde.get("/kudos/postings?user_id=987654321", "apikey", moderator);
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.json().get("rc").asText()).isEqualTo("UserNotFound");
  }

  @Test
  void badCallsGetTheReferenceErrors() throws Exception {
    String key = horde.testUser("audit-bad", 30).get("api_key").asText();

    Response noKey = horde.get("/kudos/postings");
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.json().get("rc").asText()).isEqualTo("InvalidAPIKey");

    Response tooMany = horde.get("/kudos/postings?limit=101", "apikey", key);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().get("message").asText()).isEqualTo("Input payload validation failed");
    assertThat(tooMany.json().get("errors").get("limit").asText()).endsWith("must be within the range 1 - 100");

    Response anonymous = horde.get("/kudos/postings", "apikey", HordeProcess.ANONYMOUS);
    assertThat(anonymous.status()).isEqualTo(403);
    assertThat(anonymous.json().get("rc").asText()).isEqualTo("AnonForbidden");
  }
}
