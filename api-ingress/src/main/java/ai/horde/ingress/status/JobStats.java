package ai.horde.ingress.status;

import ai.horde.ingress.status.StatusBodies.ImgModelStats;
import ai.horde.ingress.status.StatusBodies.SinglePeriodImgStat;
import ai.horde.ingress.status.StatusBodies.SinglePeriodTxtStat;
import ai.horde.ingress.status.StatusBodies.StatsImgTotals;
import ai.horde.ingress.status.StatusBodies.StatsTxtTotals;
import ai.horde.ingress.status.StatusBodies.TxtModelStats;
import ai.horde.ingress.views.ReadModels;
import ai.horde.ingress.views.SqlQuery;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The text and image statistics (spec §1.10 ST1, ST2, and their image sides) from the {@code text_jobs} and
 * {@code image_jobs} read models, over the reference's rolling windows: the last minute, hour, day (24 h) and
 * month (30 days), and all time.
 *
 * <ul>
 *   <li>{@code GET /stats/text/totals}: {@code {minute, hour, day, month, total}}, each {@code {requests,
 *       tokens}}: the delivered jobs and their {@code max_length} summed (quirk Q23: the reference counts a
 *       job's asked length, not what it produced). {@code GET /stats/img/totals}: the same periods, each
 *       {@code {images, ps}}: the delivered images and their pixel-steps.</li>
 *   <li>{@code GET /stats/text/models}, {@code /stats/img/models}: {@code {day, month, total}}, each
 *       {@code {model: delivered jobs}}.</li>
 * </ul>
 *
 * <p>Only delivered jobs count (the reference also counts aborted ones). Known gap: every read scans the
 * table's windows afresh; the reference reads snapshots compiled every minute.
 */
@Singleton
final class JobStats {
  /** A kind's jobs table and what its totals sum. */
  enum Jobs {
    TEXT("text_jobs", "max_length", "text statistics"),
    IMAGE("image_jobs", "things", "image statistics");

    private final String table;
    private final String work;
    private final String what;

    Jobs(String table, String work, String what) {
      this.table = table;
      this.work = work;
      this.what = what;
    }
  }

  /** The windows in the order of the body; null is all time. */
  static final Map<String, Duration> TOTALS_WINDOWS = windows(true);
  static final Map<String, Duration> MODEL_WINDOWS = windows(false);

  private final ReadModels readModels;
  private final Clock clock;

  JobStats(ReadModels readModels, Clock clock) {
    this.readModels = readModels;
    this.clock = clock;
  }

  CompletableFuture<StatsTxtTotals> textTotals() {
    return totals(Jobs.TEXT).thenApply(JobStats::renderTotals);
  }

  CompletableFuture<TxtModelStats> textModels() {
    return models(Jobs.TEXT).thenApply(counts -> {
      ModelsByPeriod by = byPeriod(counts);
      return new TxtModelStats(by.day(), by.month(), by.total());
    });
  }

  CompletableFuture<StatsImgTotals> imageTotals() {
    return totals(Jobs.IMAGE).thenApply(values -> {
      SinglePeriodImgStat[] periods = new SinglePeriodImgStat[TOTALS_WINDOWS.size()];
      for (int i = 0; i < periods.length; i++) {
        periods[i] = new SinglePeriodImgStat(values[2 * i], values[2 * i + 1]);
      }
      return new StatsImgTotals(periods[0], periods[1], periods[2], periods[3], periods[4]);
    });
  }

  CompletableFuture<ImgModelStats> imageModels() {
    return models(Jobs.IMAGE).thenApply(counts -> {
      ModelsByPeriod by = byPeriod(counts);
      return new ImgModelStats(by.day(), by.month(), by.total());
    });
  }

  private CompletableFuture<long[]> totals(Jobs jobs) {
    return readModels.list(jobs.what, totalsQuery(jobs, clock.instant()), row -> {
      long[] values = new long[TOTALS_WINDOWS.size() * 2];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.getLong(i + 1);
      }
      return values;
    }).thenApply(rows -> rows.get(0));
  }

  private CompletableFuture<List<ModelCount>> models(Jobs jobs) {
    return readModels.list(jobs.what, modelsQuery(jobs, clock.instant()), row -> new ModelCount(row.getString(1),
        row.getLong(2), row.getLong(3), row.getLong(4)));
  }

  /** One model's delivered jobs in the last day, the last 30 days and all time. */
  record ModelCount(String model, long day, long month, long total) {}

  /**
   * One row: for each window of {@link #TOTALS_WINDOWS}, the delivered jobs then their summed work
   * ({@code max_length}, pixel-steps).
   */
  static SqlQuery totalsQuery(Jobs jobs, Instant now) {
    StringBuilder sql = new StringBuilder("SELECT ");
    Object[] parameters = new Object[TOTALS_WINDOWS.size() * 2 - 2];
    int p = 0;
    String separator = "";
    for (Duration window : TOTALS_WINDOWS.values()) {
      if (window == null) {
        sql.append(separator).append("count(*), coalesce(sum(").append(jobs.work).append("), 0)");
      } else {
        sql.append(separator).append("count(*) FILTER (WHERE occurred_at >= ?), ")
            .append("coalesce(sum(").append(jobs.work).append(") FILTER (WHERE occurred_at >= ?), 0)");
        parameters[p++] = since(now, window);
        parameters[p++] = since(now, window);
      }
      separator = ", ";
    }
    sql.append(" FROM ").append(jobs.table).append(" WHERE kind = 'DELIVERED'");
    return SqlQuery.of(sql.toString(), parameters);
  }

  /** One row per model that delivered a job: its jobs in the last day, the last 30 days and all time. */
  static SqlQuery modelsQuery(Jobs jobs, Instant now) {
    return SqlQuery.of("""
        SELECT model, count(*) FILTER (WHERE occurred_at >= ?), count(*) FILTER (WHERE occurred_at >= ?), count(*)
        FROM %s WHERE kind = 'DELIVERED' GROUP BY model ORDER BY model""".formatted(jobs.table),
        since(now, MODEL_WINDOWS.get("day")), since(now, MODEL_WINDOWS.get("month")));
  }

  static StatsTxtTotals renderTotals(long[] values) {
    SinglePeriodTxtStat[] periods = new SinglePeriodTxtStat[TOTALS_WINDOWS.size()];
    for (int i = 0; i < periods.length; i++) {
      periods[i] = new SinglePeriodTxtStat(values[2 * i], values[2 * i + 1]);
    }
    return new StatsTxtTotals(periods[0], periods[1], periods[2], periods[3], periods[4]);
  }

  /** The delivered jobs per model in each period. */
  record ModelsByPeriod(Map<String, Long> day, Map<String, Long> month, Map<String, Long> total) {}

  /** Every period lists the models with a job in it; a model with none in the last day is not in {@code day}. */
  static ModelsByPeriod byPeriod(List<ModelCount> counts) {
    Map<String, Long> day = new LinkedHashMap<>();
    Map<String, Long> month = new LinkedHashMap<>();
    Map<String, Long> total = new LinkedHashMap<>();
    for (ModelCount count : counts) {
      if (count.day() > 0) {
        day.put(count.model(), count.day());
      }
      if (count.month() > 0) {
        month.put(count.model(), count.month());
      }
      total.put(count.model(), count.total());
    }
    return new ModelsByPeriod(day, month, total);
  }

  private static OffsetDateTime since(Instant now, Duration window) {
    return now.minus(window).atOffset(ZoneOffset.UTC);
  }

  private static Map<String, Duration> windows(boolean withMinuteAndHour) {
    Map<String, Duration> windows = new LinkedHashMap<>();
    if (withMinuteAndHour) {
      windows.put("minute", Duration.ofMinutes(1));
      windows.put("hour", Duration.ofHours(1));
    }
    windows.put("day", Duration.ofDays(1));
    windows.put("month", Duration.ofDays(30));
    windows.put("total", null);
    return Collections.unmodifiableMap(windows);
  }
}
