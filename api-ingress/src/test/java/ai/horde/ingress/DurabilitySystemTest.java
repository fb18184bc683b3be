package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing accepted is lost and nothing is paid twice when the whole horde is killed with SIGKILL and
 * started again on the same data: waiting requests still wait, a job in flight can still be delivered,
 * a delivered job cannot be paid again, and all kudos balances still sum to zero.
 */
class DurabilitySystemTest {
  @TempDir
  Path data;

  @Test
  void aKilledHordeResumesWithNothingLostOrPaidTwice() throws Exception {
    HordeProcess first = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "1000")).start();
    String owner;
    String requester;
    List<String> waiting = new ArrayList<>();
    String delivered;
    String inFlight;
    double firstReward;
    try {
      owner = first.testUser("durable-owner", 100, true).get("api_key").asText();
      requester = first.testUser("durable-requester", 1000).get("api_key").asText();
      // Given a delivered job, a job in flight, and requests waiting
      for (int i = 0; i < 6; i++) {
        waiting.add(first.post("/generate/text/async", "{\"prompt\":\"Tell me " + i + "\",\"models\":[\"durable/m\"]}",
            "apikey", requester).json().get("id").asText());
      }
      delivered = pop(first, owner);
      firstReward = first.post("/generate/text/submit", "{\"id\":\"" + delivered + "\",\"generation\":\"Done.\"}",
          "apikey", owner).json().get("reward").asDouble();
      inFlight = pop(first, owner);
      // When the horde is killed outright
      first.kill();
    } catch (Exception | AssertionError e) {
      first.close();
      throw e;
    }

    try (HordeProcess second = first.again().start()) {
      // Then the job in flight can still be delivered, once
      double secondReward = second.post("/generate/text/submit",
          "{\"id\":\"" + inFlight + "\",\"generation\":\"Also done.\"}", "apikey", owner).json().get("reward").asDouble();
      assertThat(secondReward).isPositive();
      // And the delivered one is not paid again
      var again = second.post("/generate/text/submit", "{\"id\":\"" + delivered + "\",\"generation\":\"Again\"}",
          "apikey", owner);
      assertThat(again.status()).isEqualTo(400);
      assertThat(again.json().get("rc").asText()).isEqualTo("DuplicateGen");
      // And every request accepted before the kill is still there, the rest of them still waiting
      for (String id : waiting) {
        assertThat(second.get("/generate/text/status/" + id).status()).isEqualTo(200);
      }
      Set<String> served = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        served.add(pop(second, owner));
      }
      assertThat(served).hasSize(4);
      assertThat(second.post("/generate/text/pop", "{\"name\":\"durable-w\",\"models\":[\"durable/m\"]}", "apikey", owner)
          .json().get("id").isNull()).isTrue();
      // And the owner was paid exactly the two rewards (once the restarted ledger has fenced the killed one's
      // transactions and caught up, which can take longer than the first answers do)
      await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
          second.get("/find_user", "apikey", owner).json().get("kudos").asDouble())
          .isEqualTo(100 + firstReward + secondReward, org.assertj.core.data.Offset.offset(0.001)));
      // And all balances, as projected into PostgreSQL, sum to zero
      await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
        try (Connection db = second.database(); ResultSet sum = db.createStatement()
            .executeQuery("select coalesce(sum(balance + escrow), 0), count(*) from account_balances")) {
          sum.next();
          assertThat(sum.getBigDecimal(1)).isEqualByComparingTo(BigDecimal.ZERO);
          assertThat(sum.getInt(2)).isGreaterThanOrEqualTo(3);
        }
      });
    }
  }

  private static String pop(HordeProcess horde, String owner) throws Exception {
    JsonNode job = horde.post("/generate/text/pop", "{\"name\":\"durable-w\",\"models\":[\"durable/m\"]}",
        "apikey", owner).json();
    assertThat(job.get("id").isNull()).as(job.toString()).isFalse();
    return job.get("id").asText();
  }
}
