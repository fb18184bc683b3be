package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text statistics' SQL and bodies (spec §1.10 ST1, ST2). */
class TextStatsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void totalsCountDeliveredJobsOverTheReferenceWindows() {
    SqlQuery query = TextStats.totalsQuery(NOW);

    assertThat(query.sql()).contains("kind = 'DELIVERED'").contains("sum(max_length)");
    // two bound instants per window but the last (all time)
    assertThat(query.parameters()).containsExactly(
        NOW.minus(Duration.ofMinutes(1)).atOffset(ZoneOffset.UTC), NOW.minus(Duration.ofMinutes(1)).atOffset(ZoneOffset.UTC),
        NOW.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC), NOW.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC),
        NOW.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC), NOW.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC),
        NOW.minus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC), NOW.minus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC));
    assertThat(query.sql().chars().filter(c -> c == '?').count()).isEqualTo(query.parameters().size());
  }

  @Test
  void rendersTotalsAsRequestsAndTokensPerPeriod() {
    JsonNode body = TextStats.renderTotals(new long[] {1, 80, 2, 160, 3, 240, 4, 320, 5, 400});

    assertThat(body.toString()).isEqualTo("{\"minute\":{\"requests\":1,\"tokens\":80},"
        + "\"hour\":{\"requests\":2,\"tokens\":160},\"day\":{\"requests\":3,\"tokens\":240},"
        + "\"month\":{\"requests\":4,\"tokens\":320},\"total\":{\"requests\":5,\"tokens\":400}}");
  }

  @Test
  void rendersModelsPerPeriodLeavingOutModelsWithoutJobsInIt() {
    JsonNode body = TextStats.renderModels(List.of(new TextStats.ModelCount("a", 1, 2, 3),
        new TextStats.ModelCount("old", 0, 0, 9)));

    assertThat(body.toString()).isEqualTo("{\"day\":{\"a\":1},\"month\":{\"a\":2},\"total\":{\"a\":3,\"old\":9}}");
    assertThat(TextStats.modelsQuery(NOW).parameters()).hasSize(2);
  }

  @Test
  void theBundledNewsIsNewestFirstInTheReferenceShape() {
    JsonNode news = new News().all();

    assertThat(news).isNotEmpty();
    List<String> dates = new ArrayList<>();
    news.forEach(piece -> {
      dates.add(piece.get("date_published").asText());
      assertThat(piece.get("date_published").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
      assertThat(piece.get("newspiece").asText()).isNotBlank();
      assertThat(piece.get("tags").isArray()).isTrue();
      assertThat(piece.has("title")).isTrue();
      assertThat(piece.get("more_info_urls").isArray()).isTrue();
    });
    assertThat(dates).isSortedAccordingTo(Comparator.reverseOrder());
  }
}
