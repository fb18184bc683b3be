package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kudos books survive a SIGKILL of the whole horde in the middle of kudos traffic (text and image requests
 * paying the horde tax, text and image jobs and alchemy forms settled between users, transfers): after a restart, the replay of the journal matches the
 * ledger's live state account by account, and all balances sum to zero.
 */
class LedgerDurabilitySystemTest {
  /** A 16×16 webp (test resource image/lossy.webp), the source image of the load's interrogations. */
  private static final String SOURCE_IMAGE = "UklGRjwAAABXRUJQVlA4IDAAAAAQAgCdASoQABAAAUAmJaACdLoB+AH4AAPIAP7rjl/9wb7Iuf+eh/7GY/aM/xvAAAA=";

  @TempDir
  Path data;

  @Test
  void afterAKillMidLoadTheJournalReplaysToTheLiveBalancesAndTheBooksBalance() throws Exception {
    HordeProcess first = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "200")).start();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger accepted = new AtomicInteger();
    try {
      List<String> keys = List.of(first.testUser("load-a", 5000).get("api_key").asText(),
          first.testUser("load-b", 5000).get("api_key").asText(),
          first.testUser("load-c", 5000).get("api_key").asText());
      List<String> names = List.of("load-a#1", "load-b#2", "load-c#3");
      Thread requesters = new Thread(() -> load(first, keys, running, accepted, false));
      Thread workers = new Thread(() -> load(first, keys, running, accepted, true));
      requesters.start();
      workers.start();
      Random random = new Random(7);
      // Given kudos moving in every way at once
      while (accepted.get() < 60) {
        int from = random.nextInt(3);
        first.post("/kudos/transfer", "{\"username\":\"" + names.get((from + 1) % 3) + "\",\"amount\":1}",
            "apikey", keys.get(from));
      }
      // When the horde is killed outright
      first.kill();
    } finally {
      running.set(false);
      first.close();
    }

    try (HordeProcess second = first.again().start()) {
      // Then, once the ledger has caught up, the journal replays to what its stores hold, and the books balance
      assertThat(second.cleanLedgerReplay().postings()).isPositive();
      // And so do the balances as projected into PostgreSQL
      await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
        try (Connection db = second.database(); ResultSet sum = db.createStatement()
            .executeQuery("select coalesce(sum(balance + escrow), 0) from account_balances")) {
          sum.next();
          assertThat(sum.getBigDecimal(1)).isEqualByComparingTo(BigDecimal.ZERO);
        }
      });
    }
  }

  /**
   * Requests (anonymous and not; text, images and interrogations) or a scribe, a dreamer and an alchemist that pop
   * and deliver, until told to
   * stop or the horde dies.
   */
  private static void load(HordeProcess horde, List<String> keys, AtomicBoolean running, AtomicInteger accepted,
      boolean worker) {
    int i = 0;
    while (running.get()) {
      try {
        if (worker) {
          JsonNode job = horde.post("/generate/text/pop", "{\"name\":\"load-w\",\"models\":[\"load/m\"]}",
              "apikey", keys.get(0)).json();
          if (job.hasNonNull("id")) {
            horde.post("/generate/text/submit", "{\"id\":\"" + job.get("id").asText()
                + "\",\"generation\":\"Some text for the load.\"}", "apikey", keys.get(0));
          }
          JsonNode image = horde.post("/generate/pop", "{\"name\":\"load-d\",\"models\":[\"stable_diffusion\"],"
              + "\"bridge_agent\":\"AI Horde Worker reGen:9.0.1:https://github.com/Haidra-Org/horde-worker-reGen\"}",
              "apikey", keys.get(0)).json();
          if (image.hasNonNull("id")) {
            horde.post("/generate/submit", "{\"id\":\"" + image.get("id").asText()
                + "\",\"generation\":\"R2\",\"seed\":1}", "apikey", keys.get(0));
          }
          JsonNode forms = horde.post("/interrogate/pop", "{\"name\":\"load-a\",\"forms\":[\"caption\"],"
              + "\"amount\":2}", "apikey", keys.get(0)).json().path("forms");
          for (JsonNode form : forms) {
            horde.post("/interrogate/submit", "{\"id\":\"" + form.get("id").asText()
                + "\",\"result\":{\"caption\":\"load\"}}", "apikey", keys.get(0));
          }
        } else {
          String key = i % 3 == 0 ? HordeProcess.ANONYMOUS : keys.get(1 + i % 2);
          Response sent = switch (i % 3) {
            case 0 -> horde.post("/generate/text/async", "{\"prompt\":\"Load " + i + "\",\"models\":[\"load/m\"]}",
                "apikey", key);
            case 1 -> horde.post("/generate/async", "{\"prompt\":\"Load " + i + "\",\"models\":[\"stable_diffusion\"],"
                + "\"params\":{\"steps\":10}}", "apikey", key);
            default -> horde.post("/interrogate/async", "{\"forms\":[{\"name\":\"caption\"}],\"source_image\":\""
                + SOURCE_IMAGE + "\"}", "apikey", key);
          };
          if (sent.status() == 202) {
            accepted.incrementAndGet();
          }
          i++;
        }
      } catch (Exception horde_gone) {
        return;
      }
    }
  }
}
