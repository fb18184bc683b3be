package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read models survive a SIGKILL of the whole horde while the projections service folds: after a restart,
 * once the projections have caught up, every table is exactly what a fresh fold of the topics gives (the
 * rebuild command), so no record was applied twice (the user records are counters) or missed.
 */
class ProjectionDurabilitySystemTest {
  /** Every read-model table, each ordered by its key. */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("users", "id");
    TABLES.put("account_balances", "account");
    TABLES.put("kudos_postings", "posting_id");
    TABLES.put("workers", "id");
    TABLES.put("teams", "id");
    TABLES.put("text_jobs", "job_id");
    TABLES.put("user_records", "user_id");
    TABLES.put("projection_offsets", "projection, topic, partition");
  }

  @TempDir
  Path data;

  @Test
  void afterAKillMidFoldEveryReadModelEqualsAFreshFoldOfTheTopics() throws Exception {
    HordeProcess first = new HordeProcess(data, Map.of("HORDE_POP_HOLD_MS", "200")).start();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger delivered = new AtomicInteger();
    try {
      // A trusted owner: an untrusted one's worker, this fast, would be paused after five suspicions (R3.11.5)
      String owner = first.testUser("fold-owner", 5000, true).get("api_key").asText();
      String requester = first.testUser("fold-requester", 5000).get("api_key").asText();
      Thread requests = new Thread(() -> requests(first, requester, running));
      requests.start();
      // Given a worker delivering jobs, each one a row in text_jobs and two counters in user_records
      while (delivered.get() < 40) {
        JsonNode job = first.post("/generate/text/pop", "{\"name\":\"fold-worker\",\"models\":[\"fold/m\"]}",
            "apikey", owner).json();
        if (job.hasNonNull("id") && first.post("/generate/text/submit", "{\"id\":\"" + job.get("id").asText()
            + "\",\"generation\":\"Folded text.\"}", "apikey", owner).status() == 200) {
          delivered.incrementAndGet();
        }
      }
      // When the horde is killed outright while the projections fold
      first.kill();
    } finally {
      running.set(false);
      first.close();
    }

    try (HordeProcess second = first.again().start()) {
      await().atMost(120, TimeUnit.SECONDS).pollInterval(2, TimeUnit.SECONDS).untilAsserted(() -> {
        // Then, once caught up, the live rows are those of a fold from scratch at the same offsets
        assertThat(lags(second)).isNotEmpty().allSatisfy((model, lag) -> assertThat(lag).isZero());
        Map<String, List<String>> live = snapshot(second);
        // As ./horde rebuild all runs it
        assertThat(second.tool("projections", "ai.horde.projections.ReadModelRebuild", "all"))
            .contains("rebuilt text-stats");
        assertThat(snapshot(second)).isEqualTo(live);
      });
      try (Connection db = second.database(); ResultSet jobs = db.createStatement()
          .executeQuery("select count(*) from text_jobs where kind = 'DELIVERED'")) {
        jobs.next();
        assertThat(jobs.getInt(1)).isGreaterThanOrEqualTo(delivered.get());
      }
    }
  }

  private static Map<String, Long> lags(HordeProcess horde) throws Exception {
    Map<String, Long> lags = new LinkedHashMap<>();
    for (JsonNode model : horde.get("/status/projections").json()) {
      lags.put(model.get("name").asText(), model.get("lag").asLong());
    }
    return lags;
  }

  private static Map<String, List<String>> snapshot(HordeProcess horde) throws Exception {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    try (Connection db = horde.database()) {
      for (Map.Entry<String, String> table : TABLES.entrySet()) {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = db.createStatement()
            .executeQuery("select * from " + table.getKey() + " order by " + table.getValue())) {
          ResultSetMetaData columns = result.getMetaData();
          while (result.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
              row.append(columns.getColumnName(i)).append('=').append(result.getString(i)).append(' ');
            }
            rows.add(row.toString());
          }
        }
        tables.put(table.getKey(), rows);
      }
    }
    return tables;
  }

  /** Text requests, anonymous and not, until told to stop or the horde dies. */
  private static void requests(HordeProcess horde, String key, AtomicBoolean running) {
    for (int i = 0; running.get(); i++) {
      try {
        horde.post("/generate/text/async", "{\"prompt\":\"Fold " + i + "\",\"models\":[\"fold/m\"]}",
            "apikey", i % 2 == 0 ? HordeProcess.ANONYMOUS : key);
      } catch (Exception hordeGone) {
        return;
      }
    }
  }
}
