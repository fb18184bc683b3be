package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance item 2 of issue 12 over real HTTP: a moderator times out an address and a CIDR block; requests and
 * pops from them get 403 TimeoutIP with the seconds left; O1/O2 list them; a release ends one; a horde killed
 * and started again still refuses the other. The test client appears as other addresses through
 * {@code X-Forwarded-For} (one trusted hop, the default). Expiry on time is {@code IpTimeoutsTest}'s.
 */
class IpTimeoutsSystemTest {
  private static final String TIMED_OUT = "Due to abuse prevention, your IP address has been put into timeout for ";
  private static final String TEXT = "{\"prompt\":\"Hello\",\"models\":[\"timeouts/m\"]}";
  private static final String POP = "{\"name\":\"timeouts-worker\",\"models\":[\"timeouts/m\"]}";

  @TempDir
  Path data;

  @Test
  void aTimedOutAddressAndBlockAreRefusedUntilReleasedAndARestartKeepsThem() throws Exception {
    HordeProcess first = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "500")).start();
    String mod;
    String user;
    try {
      HordeProcess.Response created = first.post("/dev/test-user", "{\"username\":\"timeouts-mod\",\"oauth_id\":"
          + "\"timeouts-mod\",\"kudos\":0,\"trusted\":false,\"moderator\":true}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      mod = created.json().get("api_key").asText();
      user = first.testUser("timeouts-user", 100).get("api_key").asText();

      // When a moderator times out an address for an hour and a block for two
      assertThat(first.post("/operations/ipaddr", "{\"ipaddr\":\"198.51.100.7\",\"hours\":1}", "apikey", mod)
          .body()).isEqualTo("{\"message\":\"OK\"}");
      assertThat(first.post("/operations/ipaddr", "{\"ipaddr\":\"203.0.113.0/24\",\"hours\":2}", "apikey", mod)
          .status()).isEqualTo(200);

      // Then a request from the address and a pop from the block are refused with the seconds left
      HordeProcess.Response text = first.post("/generate/text/async", TEXT, "apikey", user,
          "X-Forwarded-For", "198.51.100.7");
      assertThat(text.status()).as(text.body()).isEqualTo(403);
      assertThat(text.json().get("rc").asText()).isEqualTo("TimeoutIP");
      assertThat(text.json().get("message").asText()).matches(TIMED_OUT + "(35\\d\\d|3600) more seconds\\. .*");
      HordeProcess.Response pop = first.post("/generate/text/pop", POP, "apikey", user,
          "X-Forwarded-For", "203.0.113.50");
      assertThat(pop.status()).as(pop.body()).isEqualTo(403);
      assertThat(pop.json().get("message").asText()).matches(TIMED_OUT + "(71\\d\\d|7200) more seconds\\. .*");
      // And another address is not
      assertThat(first.post("/generate/text/async", TEXT, "apikey", user, "X-Forwarded-For", "198.51.100.8")
          .status()).isEqualTo(202);
      // And the moderator sees the block in the list, and what holds the address
      assertThat(first.get("/operations/ipaddr", "apikey", mod).json().findValuesAsText("ipaddr"))
          .containsExactly("203.0.113.0/24");
      assertThat(first.get("/operations/ipaddr/198.51.100.7", "apikey", mod).json().findValuesAsText("ipaddr"))
          .containsExactly("198.51.100.7");
      assertThat(first.get("/operations/ipaddr", "apikey", user).json().get("rc").asText()).isEqualTo("NotModerator");

      // When the address is released
      HordeProcess.Response released = first.send(first.request("/operations/ipaddr", "apikey", mod,
              "Content-Type", "application/json")
          .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"ipaddr\":\"198.51.100.7\"}")).build());
      assertThat(released.status()).as(released.body()).isEqualTo(200);

      // Then it may ask again at once
      assertThat(first.post("/generate/text/async", TEXT, "apikey", user, "X-Forwarded-For", "198.51.100.7")
          .status()).isEqualTo(202);
      // When the horde is killed outright
      first.kill();
    } catch (Exception | AssertionError e) {
      first.close();
      throw e;
    }

    try (HordeProcess second = first.again().start()) {
      // Then the block is still in timeout, and the released address is still free
      HordeProcess.Response pop = second.post("/generate/text/pop", POP, "apikey", user,
          "X-Forwarded-For", "203.0.113.9");
      assertThat(pop.status()).as(pop.body()).isEqualTo(403);
      assertThat(pop.json().get("rc").asText()).isEqualTo("TimeoutIP");
      assertThat(second.get("/operations/ipaddr", "apikey", mod).json().findValuesAsText("ipaddr"))
          .containsExactly("203.0.113.0/24");
      assertThat(second.get("/operations/ipaddr/198.51.100.7", "apikey", mod).body()).isEqualTo("[]");
    }
  }
}
