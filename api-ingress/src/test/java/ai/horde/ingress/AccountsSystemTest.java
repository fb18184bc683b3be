package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users, shared keys, teams, worker changes and the horde's modes over real HTTP against the whole horde
 * (spec §1.4 W3/W4, §1.5, §1.6, §1.8, §1.9 M4/M5, §3.12, §3.15, §3.17): each write is decided by the
 * registry or the scheduler, and a read right after it, on the same instance, sees it.
 */
class AccountsSystemTest {
  private static final String GENERATE = "{\"prompt\":\"Hi\",\"params\":{\"max_length\":80,\"max_context_length\":1024}}";

  @TempDir
  static Path data;
  static HordeProcess horde;
  /** User 1, listed in HORDE_ADMINS, a moderator. */
  static JsonNode admin;

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "2000", "HORDE_ADMINS", "[\"admin#1\"]")).start();
    admin = user("admin", 1000, true, true);
    assertThat(admin.get("user_id").asLong()).isEqualTo(1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  private static JsonNode user(String name, int kudos, boolean moderator, boolean trusted) throws Exception {
    Response created = horde.post("/dev/test-user", "{\"username\":\"" + name + "\",\"oauth_id\":\"" + name
        + "\",\"kudos\":" + kudos + ",\"trusted\":" + trusted + ",\"moderator\":" + moderator + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  private static String key(JsonNode user) {
    return user.get("api_key").asText();
  }

  private static long id(JsonNode user) {
    return user.get("user_id").asLong();
  }

  private static Response put(String path, String body, String... headers) throws Exception {
    return send("PUT", path, body, headers);
  }

  private static Response patch(String path, String body, String... headers) throws Exception {
    return send("PATCH", path, body, headers);
  }

  private static Response send(String method, String path, String body, String... headers) throws Exception {
    return horde.send(horde.request(path, headers).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static void assertError(Response response, int status, String rc) throws Exception {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().get("rc").asText()).as(response.body()).isEqualTo(rc);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void usersAreChangedByWhoMayAndShownAtTheRequestersLevel() throws Exception {
    // Given
    JsonNode alice = user("alice", 500, false, false);
    JsonNode bob = user("bob", 500, false, false);
    String a = key(alice);
    String b = key(bob);

    // Then the body's shape, the id and the permissions are checked
    assertError(put("/users/abc", "{\"contact\":\"a@example.com\"}", "apikey", a), 404, "UserNotFound");
    assertThat(put("/users/abc", "{}", "apikey", a).json().get("message").asText())
        .isEqualTo("Please use only the numerical part of the userID. E.g. the '1' in 'db0#1'");
    Response invalid = put("/users/" + id(bob), "{\"concurrency\":501}", "apikey", a);
    assertError(invalid, 400, "RequestValidationError");
    assertThat(invalid.json().get("errors").get("concurrency").asText()).isEqualTo("501 is greater than the maximum of 500");
    assertError(put("/users/" + id(alice), "{\"username\":\"" + "x".repeat(31) + "\"}", "apikey", a), 400,
        "TooLongUserName");
    assertError(put("/users/" + id(bob), "{\"flagged\":true}", "apikey", a), 403, "NotModerator");
    assertError(put("/users/" + id(bob), "{\"flagged\":true}", "apikey", "not-a-key"), 401, "InvalidAPIKey");

    // When the user changes itself, and a moderator flags the other
    Response self = put("/users/" + id(alice), "{\"contact\":\"alice@example.com\",\"public_workers\":true}",
        "apikey", a);
    Response flagged = put("/users/" + id(bob), "{\"flagged\":true,\"concurrency\":40}", "apikey", key(admin));

    // Then each answer echoes the values, and a read right after shows them
    assertThat(self.status()).as(self.body()).isEqualTo(200);
    assertThat(self.json().get("contact").asText()).isEqualTo("alice@example.com");
    assertThat(self.json().get("public_workers").asBoolean()).isTrue();
    assertThat(flagged.status()).as(flagged.body()).isEqualTo(200);
    assertThat(flagged.json().get("flagged").asBoolean()).isTrue();
    assertThat(flagged.json().get("concurrency").asInt()).isEqualTo(40);

    JsonNode publicView = horde.get("/users/" + id(bob)).json();
    assertThat(publicView.get("flagged").asBoolean()).isTrue();
    assertThat(publicView.get("concurrency").asInt()).isEqualTo(40);
    assertThat(fields(publicView)).doesNotContain("contact", "sharedkey_ids", "vpn", "suspicious", "worker_ids");
    JsonNode ownView = horde.get("/users/" + id(alice), "apikey", a).json();
    assertThat(ownView.get("contact").asText()).isEqualTo("alice@example.com");
    assertThat(fields(ownView)).contains("sharedkey_ids", "vpn", "active_generations").doesNotContain("suspicious");
    JsonNode modView = horde.get("/users/" + id(alice), "apikey", key(admin)).json();
    assertThat(fields(modView)).contains("suspicious", "evaluating_kudos", "monthly_kudos");
    assertThat(fields(horde.get("/users/" + id(alice)).json())).contains("worker_ids"); // public_workers
    assertError(horde.get("/users/" + id(alice), "apikey", "not-a-key"), 401, "InvalidAPIKey");
    assertError(horde.get("/users/999999"), 404, "UserNotFound");

    // And a flagged user can neither pop nor send kudos
    assertError(horde.post("/generate/text/pop", "{\"name\":\"bob-worker\",\"models\":[\"test/model\"]}", "apikey", b), 403,
        "WorkerFlaggedMaintenance");
    assertError(horde.post("/kudos/transfer", "{\"username\":\"" + alice.get("alias").asText() + "\",\"amount\":5}",
        "apikey", b), 400, "SourceAccountFlagged");

    // And the list shows users at level 0, 25 a page, by kudos or by age
    // (ordered and paged in PostgreSQL: the accounts read model may lag a moment)
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Response list = horde.get("/users?page=1&sort=age");
      assertThat(list.status()).as(list.body()).isEqualTo(200);
      assertThat(list.json().get(0).get("id").asLong()).isZero();
      assertThat(list.json().findValuesAsText("username")).contains(bob.get("alias").asText());
    });
    Response byKudos = horde.get("/users?page=1");
    List<Double> kudos = byKudos.json().findValues("kudos").stream().map(JsonNode::asDouble).toList();
    assertThat(kudos).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(horde.get("/users?page=10001").json().size()).isZero();
  }

  @Test
  void aDeletedUserCanNeitherGenerateNorPop() throws Exception {
    // Given
    JsonNode carol = user("carol", 500, false, false);
    String c = key(carol);

    // When
    assertError(horde.delete("/users/" + id(carol)), 401, "InvalidAPIKey");
    Response deleted = horde.delete("/users/" + id(carol), "apikey", c);

    // Then
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.json().get("message").asText()).isEqualTo("OK");
    assertThat(horde.get("/users/" + id(carol)).json().get("deleted").asBoolean()).isTrue();
    assertError(horde.post("/generate/text/async", GENERATE, "apikey", c), 403, "DeletedUser");
    assertError(horde.post("/generate/text/pop", "{\"name\":\"carol-worker\",\"models\":[\"test/model\"]}", "apikey", c), 403,
        "DeletedUser");
  }

  @Test
  void aSharedKeySpendsItsOwnersKudosWithinItsLimits() throws Exception {
    // Given an owner and a key limited to 10 kudos and 100 tokens
    JsonNode dave = user("dave", 1000, false, false);
    String d = key(dave);
    Response created = put("/sharedkeys", "{\"kudos\":10,\"name\":\"Mutual Aid\",\"max_text_tokens\":100}",
        "apikey", d);
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String shared = created.json().get("id").asText();
    assertThat(java.util.UUID.fromString(shared).toString()).isEqualTo(shared);
    assertThat(created.json().get("username").asText()).isEqualTo(dave.get("alias").asText());
    assertThat(created.json().get("kudos").asLong()).isEqualTo(10);
    assertThat(created.json().get("expiry").isNull()).isTrue();

    // Then it can be read by anyone, and find_user names it
    Response read = horde.get("/sharedkeys/" + shared);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().get("name").asText()).isEqualTo("Mutual Aid");
    assertError(horde.get("/sharedkeys/not-a-uuid"), 401, "InvalidAPIKey");
    assertThat(horde.get("/find_user", "apikey", shared).json().get("username").asText())
        .isEqualTo(dave.get("alias").asText() + " (Shared Key: Mutual Aid)");

    // And it is refused where shared keys are not accepted
    assertError(horde.post("/generate/text/pop", "{\"name\":\"key-worker\",\"models\":[\"test/model\"]}", "apikey", shared),
        401, "InvalidAPIKey");

    // And a generation must fit its limits: kudos first (20 required, 10 left), then tokens
    Response poor = horde.post("/generate/text/async", GENERATE, "apikey", shared);
    assertError(poor, 403, "SharedKeyInsufficientKudos");
    assertThat(poor.json().get("message").asText())
        .isEqualTo("This shared key does not have enough remaining kudos (10) to fulfill this reques (20).");
    Response downgraded = horde.post("/generate/text/async",
        "{\"prompt\":\"Hi\",\"allow_downgrade\":true,\"params\":{\"max_length\":80,\"max_context_length\":1024}}",
        "apikey", shared);
    assertThat(downgraded.status()).as(downgraded.body()).isEqualTo(202);

    // When its kudos are raised, it generates as its owner
    Response raised = patch("/sharedkeys/" + shared, "{\"kudos\":100}", "apikey", d);
    assertThat(raised.status()).as(raised.body()).isEqualTo(200);
    // (less the 1 kudo tax of the downgraded request above, if the ledger books it after the change)
    assertThat(raised.json().get("kudos").asLong()).isBetween(99L, 100L);
    assertError(patch("/sharedkeys/" + shared, "{}", "apikey", d), 400, "NoSharedKeyModSelected");
    Response tooLong = horde.post("/generate/text/async",
        "{\"prompt\":\"Hi\",\"params\":{\"max_length\":120,\"max_context_length\":1024}}", "apikey", shared);
    assertError(tooLong, 400, "BadRequest");
    assertThat(tooLong.json().get("message").asText())
        .isEqualTo("This shared key is limited to 100 tokens per job. You requested 120 tokens.");
    Response accepted = horde.post("/generate/text/async", GENERATE, "apikey", shared);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    JsonNode status = horde.get("/generate/text/status/" + accepted.json().get("id").asText()).json();
    assertThat(status.has("done")).isTrue();

    // And a transfer to the key goes to its owner
    JsonNode erin = user("erin-sender", 500, false, false);
    long before = horde.get("/sharedkeys/" + shared).json().get("kudos").asLong();
    Response sent = horde.post("/kudos/transfer", "{\"username\":\"" + shared + "\",\"amount\":5}", "apikey",
        key(erin));
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    // The owner's ledger task raises what the key may spend once the kudos arrive there
    long deadline = System.currentTimeMillis() + 10_000;
    long left = 0;
    while (System.currentTimeMillis() < deadline && (left = horde.get("/sharedkeys/" + shared).json()
        .get("kudos").asLong()) < before + 4) {
      Thread.sleep(100);
    }
    // (+5, less at most the 1 kudo tax of the request above if it is booked meanwhile)
    assertThat(left).as("the key's kudos after a transfer of 5 to it").isGreaterThanOrEqualTo(before + 4);

    // And an expired key is refused, as a transfer target too
    Response expiring = patch("/sharedkeys/" + shared, "{\"expiry\":0}", "apikey", d);
    assertThat(expiring.status()).as(expiring.body()).isEqualTo(200);
    assertThat(expiring.json().get("expiry").isNull()).isFalse();
    assertError(horde.post("/generate/text/async", GENERATE, "apikey", shared), 403, "SharedKeyExpired");
    assertError(horde.post("/kudos/transfer", "{\"username\":\"" + shared + "\",\"amount\":5}", "apikey",
        key(erin)), 400, "SharedKeyExpired");

    // And an untrusted user has at most 3 keys; a deleted key is gone
    assertThat(put("/sharedkeys", "{}", "apikey", d).status()).isEqualTo(200);
    Response third = put("/sharedkeys", "{\"kudos\":-1}", "apikey", d);
    assertThat(third.status()).as(third.body()).isEqualTo(200);
    assertThat(third.json().get("kudos").asLong()).isEqualTo(-1);
    Response fourth = put("/sharedkeys", "{}", "apikey", d);
    assertError(fourth, 403, "Forbidden");
    assertThat(fourth.json().get("message").asText()).isEqualTo("You cannot have more than 3 shared keys.");
    String thirdId = third.json().get("id").asText();
    assertError(horde.delete("/sharedkeys/" + thirdId, "apikey", key(erin)), 403, "Forbidden");
    Response gone = horde.delete("/sharedkeys/" + thirdId, "apikey", d);
    assertThat(gone.status()).as(gone.body()).isEqualTo(200);
    assertError(horde.get("/sharedkeys/" + thirdId), 401, "InvalidAPIKey");
  }

  @Test
  void teamsAndWorkersAreChangedByTheirOwners() throws Exception {
    // Given a trusted team founder with a worker, and a stranger
    JsonNode frank = user("frank", 500, false, true);
    JsonNode stranger = user("stranger", 500, false, false);
    String f = key(frank);
    assertError(horde.post("/teams", "{\"name\":\"Nope\"}", "apikey", key(stranger)), 403, "UntrustedTeamCreation");
    assertError(horde.post("/teams", "{\"info\":\"no name\"}", "apikey", f), 400, "RequestValidationError");
    Response team = horde.post("/teams", "{\"name\":\"Direct Action\",\"info\":\"Anarchy is emergent order.\"}",
        "apikey", f);
    assertThat(team.status()).as(team.body()).isEqualTo(200);
    String teamId = team.json().get("id").asText();
    assertThat(team.json().get("name").asText()).isEqualTo("Direct Action");
    Response renamed = patch("/teams/" + teamId, "{\"name\":\"Indirect Action\"}", "apikey", f);
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.json().get("name").asText()).isEqualTo("Indirect Action");

    Response pop = horde.post("/generate/text/pop", "{\"name\":\"frank-worker\",\"models\":[\"test/model\"]}", "apikey", f);
    assertThat(pop.status()).as(pop.body()).isEqualTo(200);
    String workerId = horde.get("/users/" + id(frank), "apikey", f).json().get("worker_ids").get(0).asText();

    // Then the owner may change it, a stranger may not, and unknown things are 404
    assertError(put("/workers/00000000-0000-0000-0000-000000000000", "{\"info\":\"hello\"}", "apikey", f), 404,
        "WorkerNotFound");
    assertError(put("/workers/" + workerId, "{\"info\":\"hello\"}", "apikey", key(stranger)), 403, "NotOwner");
    assertError(put("/workers/" + workerId, "{\"team\":\"00000000-0000-0000-0000-000000000000\"}", "apikey", f), 404,
        "TeamNotFound");
    assertError(put("/workers/" + workerId, "{}", "apikey", f), 400, "NoWorkerModSelected");
    Response changed = put("/workers/" + workerId, "{\"info\":\"hello there\",\"team\":\"" + teamId + "\"}",
        "apikey", f);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().get("info").asText()).isEqualTo("hello there");
    assertThat(changed.json().get("team").asText()).isEqualTo("Indirect Action");
    assertThat(fields(changed.json())).containsExactly("info", "team");

    // When the team and the worker are deleted
    Response teamGone = horde.delete("/teams/" + teamId, "apikey", f);
    assertThat(teamGone.status()).as(teamGone.body()).isEqualTo(200);
    assertThat(teamGone.json().get("deleted_id").asText()).isEqualTo(teamId);
    assertThat(teamGone.json().get("deleted_name").asText()).isEqualTo("Indirect Action");
    assertError(horde.delete("/teams/" + teamId, "apikey", f), 404, "TeamNotFound");
    assertError(horde.delete("/workers/" + workerId), 401, "InvalidAPIKey");
    Response workerGone = horde.delete("/workers/" + workerId, "apikey", f);

    // Then
    assertThat(workerGone.status()).as(workerGone.body()).isEqualTo(200);
    assertThat(workerGone.json().get("deleted_name").asText()).isEqualTo("frank-worker");
    assertThat(horde.get("/users/" + id(frank), "apikey", f).json().get("worker_count").asInt()).isZero();
  }

  @Test
  void maintenanceModeStopsNewRequestsButNotWorkers() throws Exception {
    // Given
    JsonNode gina = user("gina", 500, false, false);
    String g = key(gina);
    JsonNode modes = horde.get("/status/modes").json();
    assertThat(modes.get("maintenance_mode").asBoolean()).isFalse();
    assertThat(modes.has("raid_mode")).isFalse();
    assertError(horde.get("/status/modes", "apikey", g), 403, "NotModerator");
    assertError(horde.get("/status/modes", "apikey", "not-a-key"), 401, "InvalidAPIKey");
    assertThat(horde.get("/status/modes", "apikey", key(admin)).json().has("raid_mode")).isTrue();
    assertError(put("/status/modes", "{\"maintenance\":true}", "apikey", g), 403, "NotAdmin");

    try {
      // When an admin starts maintenance
      Response on = put("/status/modes", "{\"maintenance\":true}", "apikey", key(admin));
      assertThat(on.status()).as(on.body()).isEqualTo(200);
      assertThat(on.json().get("maintenance_mode").asBoolean()).isTrue();

      // Then requests are refused, pops are not
      Response refused = horde.post("/generate/text/async", GENERATE, "apikey", g);
      assertError(refused, 400, "MaintenanceMode");
      assertThat(refused.json().get("message").asText())
          .isEqualTo("AI Horde has entered maintenance mode. Please try again later.");
      assertThat(horde.post("/generate/text/pop", "{\"name\":\"gina-worker\",\"models\":[\"test/model\"]}", "apikey", g)
          .status()).isEqualTo(200);
    } finally {
      put("/status/modes", "{\"maintenance\":false}", "apikey", key(admin));
    }
    assertThat(horde.post("/generate/text/async", GENERATE, "apikey", g).status()).isEqualTo(202);
  }
}
