package ai.horde.ingress.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as the reference's flask-restx models render them ({@code fields.DateTime(dt_format="rfc822")}). */
public final class RestxDates {
  private static final DateTimeFormatter RFC_822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '-0000'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RestxDates() {}

  /** {@code "Fri, 04 Dec 2026 12:00:00 -0000"}, in UTC. */
  public static String rfc822(Instant at) {
    return RFC_822.format(at);
  }
}
