package ai.horde.ingress.status;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.status.StatusBodies.Newspiece;
import ai.horde.ingress.status.StatusBodies.SinglePeriodTxtStat;
import ai.horde.ingress.status.StatusBodies.StatsTxtTotals;
import ai.horde.ingress.views.SqlQuery;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text and image statistics' SQL and bodies (spec §1.10 ST1, ST2). */
class JobStatsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void totalsCountDeliveredJobsOverTheReferenceWindows() {
    SqlQuery query = JobStats.totalsQuery(JobStats.Jobs.TEXT, NOW);

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
  void imageTotalsSumPixelStepsFromTheImageJobs() {
    SqlQuery totals = JobStats.totalsQuery(JobStats.Jobs.IMAGE, NOW);
    SqlQuery models = JobStats.modelsQuery(JobStats.Jobs.IMAGE, NOW);

    assertThat(totals.sql()).contains("FROM image_jobs").contains("sum(things)").doesNotContain("max_length");
    assertThat(models.sql()).contains("FROM image_jobs").contains("GROUP BY model");
  }

  @Test
  void rendersTotalsAsRequestsAndTokensPerPeriod() {
    StatsTxtTotals body = JobStats.renderTotals(new long[] {1, 80, 2, 160, 3, 240, 4, 320, 5, 400});

    assertThat(body).isEqualTo(new StatsTxtTotals(new SinglePeriodTxtStat(1, 80), new SinglePeriodTxtStat(2, 160),
        new SinglePeriodTxtStat(3, 240), new SinglePeriodTxtStat(4, 320), new SinglePeriodTxtStat(5, 400)));
  }

  @Test
  void rendersModelsPerPeriodLeavingOutModelsWithoutJobsInIt() {
    JobStats.ModelsByPeriod body = JobStats.byPeriod(List.of(new JobStats.ModelCount("a", 1, 2, 3),
        new JobStats.ModelCount("old", 0, 0, 9)));

    assertThat(body).isEqualTo(new JobStats.ModelsByPeriod(Map.of("a", 1L), Map.of("a", 2L), Map.of("a", 3L, "old", 9L)));
    assertThat(JobStats.modelsQuery(JobStats.Jobs.TEXT, NOW).parameters()).hasSize(2);
  }

  @Test
  void theBundledNewsIsNewestFirstInTheReferenceShape() {
    List<Newspiece> news = new News(new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)).all();

    assertThat(news).isNotEmpty();
    List<String> dates = new ArrayList<>();
    news.forEach(piece -> {
      dates.add(piece.datePublished());
      assertThat(piece.datePublished()).matches("\\d{4}-\\d{2}-\\d{2}");
      assertThat(piece.newspiece()).isNotBlank();
      assertThat(piece.tags()).isNotNull();
      assertThat(piece.moreInfoUrls()).isNotNull();
    });
    assertThat(dates).isSortedAccordingTo(Comparator.reverseOrder());
  }
}
