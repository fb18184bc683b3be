package ai.horde.ingress;

import static ai.horde.ingress.HordeProcess.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kudos transfers, awards and upfront kudos over real HTTP against the whole horde (spec §1.7, §4.3): every
 * refusal leaves both balances as they were, and a transfer moves exactly its amount, once.
 */
class KudosSystemTest {
  @TempDir
  static Path data;
  static HordeProcess horde;
  /** The first user of a fresh horde is user 1, the one who may award kudos. */
  static JsonNode awarder;

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "3000")).start();
    awarder = horde.testUser("kudos-awarder", 0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  private static JsonNode details(String key) throws Exception {
    return horde.get("/find_user", "apikey", key).json().get("kudos_details");
  }

  private static Response transfer(String key, String username, Object amount, String... headers) throws Exception {
    String body = "{\"username\":\"" + username + "\"" + (amount == null ? "" : ",\"amount\":" + amount) + "}";
    String[] all = new String[headers.length + 2];
    all[0] = "apikey";
    all[1] = key;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return horde.post("/kudos/transfer", body, all);
  }

  /** A refused call: its status and rc, and neither balance moved. */
  private static void assertRefused(Response response, int status, String rc, String keyA, double balanceA,
      String keyB, double balanceB) throws Exception {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().get("rc").asText()).as(response.body()).isEqualTo(rc);
    assertThat(response.json().get("message").asText()).isNotBlank();
    assertThat(horde.kudos(keyA)).as("balance of the first user after " + rc).isEqualTo(balanceA);
    assertThat(horde.kudos(keyB)).as("balance of the second user after " + rc).isEqualTo(balanceB);
  }

  private static String key(JsonNode user) {
    return user.get("api_key").asText();
  }

  private static String alias(JsonNode user) {
    return user.get("alias").asText();
  }

  @Test
  void theFirstUserIsUserOne() {
    assertThat(awarder.get("user_id").asLong()).isEqualTo(1);
  }

  @Test
  void everyRefusedTransferLeavesBothBalancesAlone() throws Exception {
    // Given two users with 1000 kudos each (floor 25: 975 can be sent)
    JsonNode alice = horde.testUser("refused-alice", 1000);
    JsonNode bob = horde.testUser("refused-bob", 1000);
    String a = key(alice);
    String b = key(bob);
    String bobAlias = alias(bob);

    // Then each refusal, in the reference's words, moves nothing
    assertRefused(transfer(ANONYMOUS, bobAlias, 10), 400, "KudosTransferFromAnon", a, 1000, b, 1000);
    assertRefused(transfer(a, "nobody#999999", 10), 400, "InvalidTargetUsername", a, 1000, b, 1000);
    assertRefused(transfer(a, "not-a-user", 10), 400, "InvalidTargetUsername", a, 1000, b, 1000);
    assertRefused(transfer(a, "Anonymous#0", 10), 400, "KudosTransferToAnon", a, 1000, b, 1000);
    assertRefused(transfer(a, alias(alice), 10), 400, "KudosTransferToSelf", a, 1000, b, 1000);
    assertRefused(transfer(a, bobAlias, -5), 400, "NegativeKudosTransfer", a, 1000, b, 1000);
    assertRefused(transfer(a, bobAlias, 0), 400, "InvalidKudosTransferAmount", a, 1000, b, 1000);
    assertRefused(transfer(a, bobAlias, 976), 400, "KudosTransferNotEnough", a, 1000, b, 1000);
    assertRefused(transfer("not-a-key", bobAlias, 10), 401, "InvalidAPIKey", a, 1000, b, 1000);
    Response noUsername = horde.post("/kudos/transfer", "{\"amount\":10}", "apikey", a);
    assertRefused(noUsername, 400, "RequestValidationError", a, 1000, b, 1000);
    assertThat(noUsername.json().get("message").asText()).isEqualTo("Input payload validation failed");
    assertThat(noUsername.json().get("errors").has("username")).isTrue();
    Response badAmount = horde.post("/kudos/transfer", "{\"username\":\"" + bobAlias + "\",\"amount\":\"ten\"}",
        "apikey", a);
    assertRefused(badAmount, 400, "RequestValidationError", a, 1000, b, 1000);
    assertThat(badAmount.json().get("errors").get("amount").asText()).isEqualTo("'ten' is not of type 'integer'");

    // When a transfer that fits is sent (by the id alone), then exactly it moves: nothing refused moved late
    Response sent = transfer(a, Long.toString(bob.get("user_id").asLong()), 975);
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    assertThat(sent.json().get("transferred").asLong()).isEqualTo(975);
    assertThat(horde.kudos(a)).isEqualTo(25);
    assertThat(horde.kudos(b)).isEqualTo(1975);
  }

  @Test
  void aTransferMovesItsAmountOnceForOneIdempotencyKey() throws Exception {
    // Given
    JsonNode carol = horde.testUser("once-carol", 500);
    JsonNode dave = horde.testUser("once-dave", 0);
    String c = key(carol);
    String d = key(dave);
    double daveBefore = horde.kudos(d);

    // When carol sends 120 with an idempotency key
    Response sent = transfer(c, alias(dave), 120, "Idempotency-Key", "once-1");
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    assertThat(sent.json().get("transferred").asLong()).isEqualTo(120);
    // Then the 200 means both sides moved, and this instance already shows it
    assertThat(horde.kudos(c)).isEqualTo(380);
    assertThat(horde.kudos(d)).isEqualTo(daveBefore + 120);
    assertThat(details(c).get("gifted").asDouble()).isEqualTo(-120);
    assertThat(details(d).get("received").asDouble()).isEqualTo(120);

    // When the same call is retried, then it succeeds without moving the kudos again
    Response replay = transfer(c, alias(dave), 120, "Idempotency-Key", "once-1");
    assertThat(replay.status()).as(replay.body()).isEqualTo(200);
    assertThat(replay.json().get("transferred").asLong()).isEqualTo(120);
    assertThat(horde.kudos(c)).isEqualTo(380);
    assertThat(horde.kudos(d)).isEqualTo(daveBefore + 120);

    // When the key is used for another amount, then it is refused and nothing moves
    assertRefused(transfer(c, alias(dave), 121, "Idempotency-Key", "once-1"), 400, "IdempotencyKeyConflict",
        c, 380, d, daveBefore + 120);

    // And without a key the same call is a new transfer (the default amount is 100)
    Response fresh = transfer(c, alias(dave), null);
    assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
    assertThat(fresh.json().get("transferred").asLong()).isEqualTo(100);
    assertThat(horde.kudos(c)).isEqualTo(280);
    assertThat(horde.kudos(d)).isEqualTo(daveBefore + 220);
  }

  @Test
  void kudosCannotBeSentStraightBack() throws Exception {
    // Given erin sent frank 10
    JsonNode erin = horde.testUser("back-erin", 500);
    JsonNode frank = horde.testUser("back-frank", 500);
    String e = key(erin);
    String f = key(frank);
    assertThat(transfer(e, alias(frank), 10).status()).isEqualTo(200);

    // Then frank cannot send any back within 60 s, and nothing moves
    assertRefused(transfer(f, alias(erin), 10), 400, "TooFastKudosTransfers", e, 490, f, 510);
    // But erin may send more to frank
    assertThat(transfer(e, alias(frank), 10).status()).isEqualTo(200);
    assertThat(horde.kudos(e)).isEqualTo(480);
    assertThat(horde.kudos(f)).isEqualTo(520);
  }

  @Test
  void onlyUserOneAwardsKudos() throws Exception {
    // Given
    JsonNode gina = horde.testUser("award-gina", 100);
    JsonNode hank = horde.testUser("award-hank", 100);
    String g = key(gina);
    String h = key(hank);

    // When user 1 awards gina 5000, then she has them, counted as awarded
    Response awarded = horde.post("/kudos/award", "{\"username\":\"" + alias(gina) + "\",\"amount\":5000}",
        "apikey", key(awarder));
    assertThat(awarded.status()).as(awarded.body()).isEqualTo(200);
    assertThat(awarded.json().get("awarded").asLong()).isEqualTo(5000);
    assertThat(horde.kudos(g)).isEqualTo(5100);
    assertThat(details(g).get("awarded").asDouble()).isEqualTo(5000);

    // Then anyone else is refused, and so are unknown and anonymous targets
    assertRefused(horde.post("/kudos/award", "{\"username\":\"" + alias(hank) + "\",\"amount\":5000}", "apikey", g),
        403, "NotAllowedAwards", g, 5100, h, 100);
    assertRefused(horde.post("/kudos/award", "{\"username\":\"nobody#999999\"}", "apikey", key(awarder)),
        400, "InvalidAwardUsername", g, 5100, h, 100);
    assertRefused(horde.post("/kudos/award", "{\"username\":\"Anonymous#0\"}", "apikey", key(awarder)),
        400, "KudosAwardToAnon", g, 5100, h, 100);
  }

  @Test
  void aPoorUserIsRefusedUpfrontKudosOrDowngraded() throws Exception {
    // Given a user with nothing to spend
    String poor = key(horde.testUser("upfront-poor", 0));

    // Then refusing slow workers needs upfront kudos even for a short request: 20 × n without models
    Response refused = horde.post("/generate/text/async",
        "{\"prompt\":\"Hi\",\"slow_workers\":false,\"params\":{\"max_length\":80}}", "apikey", poor);
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().get("rc").asText()).isEqualTo("KudosUpfront");
    assertThat(refused.json().get("message").asText())
        .startsWith("Due to heavy demand, for requests over ")
        .endsWith(" tokens, the client needs to already have the required kudos. This request requires 20 kudos "
            + "to fulfil.");
    // And a request longer than the threshold (at most 512) needs round(L × P / 21, 2) of an unknown (1 B) model
    Response tooLong = horde.post("/generate/text/async", "{\"prompt\":\"Hi\",\"models\":[\"upfront/model\"],"
        + "\"params\":{\"max_length\":1024}}", "apikey", poor);
    assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(403);
    assertThat(tooLong.json().get("message").asText()).endsWith("This request requires 48.76 kudos to fulfil.");
    // And a dry run is refused the same way, and holds nothing
    Response dryRun = horde.post("/generate/text/async", "{\"prompt\":\"Hi\",\"models\":[\"upfront/model\"],"
        + "\"dry_run\":true,\"params\":{\"max_length\":1024}}", "apikey", poor);
    assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(403);

    // When it allows a downgrade, then it is queued, cut to the threshold
    Response downgraded = horde.post("/generate/text/async", "{\"prompt\":\"Hi\",\"models\":[\"upfront/model\"],"
        + "\"allow_downgrade\":true,\"params\":{\"max_length\":1024}}", "apikey", poor);
    assertThat(downgraded.status()).as(downgraded.body()).isEqualTo(202);
    // And the worker gets the cut length
    String owner = key(horde.testUser("upfront-owner", 0));
    JsonNode job = horde.post("/generate/text/pop", "{\"name\":\"upfront-worker\",\"models\":[\"upfront/model\"],"
        + "\"max_length\":1024}", "apikey", owner).json();
    assertThat(job.get("id").isNull()).as(job.toString()).isFalse();
    assertThat(job.get("payload").get("max_length").asInt()).isBetween(256, 512);
  }

  @Test
  void anUpfrontHoldCannotBeSpentTwice() throws Exception {
    // Given a user with 25 kudos above its floor (50 − 25): enough for two requests that need 20 each and pay
    // the 1 kudo tax, were the first one's 20 not held
    String rich = key(horde.testUser("upfront-rich", 50));
    String request = "{\"prompt\":\"Hi\",\"models\":[],\"slow_workers\":false,\"params\":{\"max_length\":80}}";

    // Then dry runs never hold anything
    for (int i = 0; i < 2; i++) {
      Response priced = horde.post("/generate/text/async",
          "{\"prompt\":\"Hi\",\"dry_run\":true,\"slow_workers\":false,\"params\":{\"max_length\":80}}", "apikey", rich);
      assertThat(priced.status()).as(priced.body()).isEqualTo(200);
      assertThat(priced.json().get("kudos").asDouble()).isPositive();
    }
    // When a request holds the 20 it needs, then it is queued
    Response first = horde.post("/generate/text/async", request, "apikey", rich);
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    // And a second one cannot hold them again
    Response second = horde.post("/generate/text/async", request, "apikey", rich);
    assertThat(second.status()).as(second.body()).isEqualTo(403);
    assertThat(second.json().get("rc").asText()).isEqualTo("KudosUpfront");
    horde.delete("/generate/text/status/" + first.json().get("id").asText());
  }

  @Test
  void findUserShowsEveryKudosBucket() throws Exception {
    JsonNode details = details(key(horde.testUser("buckets", 10)));
    List<String> buckets = List.of("accumulated", "gifted", "donated", "admin", "received", "recurring", "awarded",
        "styled");
    for (String bucket : buckets) {
      assertThat(details.has(bucket)).as(bucket).isTrue();
    }
    assertThat(details.size()).isEqualTo(buckets.size());
  }
}
