package ai.horde.ledger;

import ai.horde.accounts.Accounts;
import ai.horde.accounts.Suspicion;
import ai.horde.events.AccountCommand;
import ai.horde.events.IpSuspicion;
import ai.horde.events.ReportCorruptPrompt;
import ai.horde.events.UserAccount;
import ai.horde.events.UserEvent;
import ai.horde.events.UserSuspected;
import java.time.Duration;
import java.time.Instant;

/**
 * The registry's countermeasure for a corrupt image prompt (spec R3.13.2; the reference's
 * {@code CounterMeasures.report_suspicion} and {@code User.report_suspicion(CORRUPT_PROMPT)}): the offence is
 * counted against the IP for 24 h from the latest one (1 h for a whitelisted service's address), the IP is
 * timed out for {@code (2 × previous offences + 1) × 3} minutes (3, 9, 15, …; at most 5 for a service's
 * address) and the user, unless anonymous, gets the {@code CORRUPT_PROMPT} suspicion once.
 *
 * <p>Known gaps: the reference also counts proxied requests against the proxy's own address (1 h), and
 * ingress does not yet know which addresses are whitelisted services ({@code service_ip} is always false).
 */
final class CorruptPromptRules {
  private CorruptPromptRules() {}

  static final String REASON = "corrupt_prompt";
  static final Duration WINDOW = Duration.ofHours(24);
  static final Duration SERVICE_WINDOW = Duration.ofHours(1);
  static final long SERVICE_MAX_MINUTES = 5;

  static RegistryDecision report(RegistryState state, AccountCommand command, ReportCorruptPrompt report) {
    Instant now = command.getRequestedAt();
    IpSuspicion before = state.ipSuspicion(report.getIpaddr());
    int previous = before == null || !before.getExpiresAt().isAfter(now) ? 0 : before.getOffences();
    long minutes = timeoutMinutes(previous, report.getServiceIp());
    var changes = new RegistryDecision.Changes();
    changes.ipSuspicions.put(report.getIpaddr(),
        new IpSuspicion(previous + 1, now.plus(report.getServiceIp() ? SERVICE_WINDOW : WINDOW)));
    IpTimeoutRules.timeOut(changes, report.getIpaddr(), false, now, Duration.ofMinutes(minutes), REASON);
    UserAccount user = state.user(report.getUserId());
    if (user != null && user.getUserId() != Accounts.ANONYMOUS_ID
        && Suspicion.CORRUPT_PROMPT.addsTo(user.getSuspicions())) {
      changes.userEvents.add(
          new UserEvent(user.getUserId(), now, new UserSuspected(Suspicion.CORRUPT_PROMPT.name(), null)));
    }
    return changes.unanswered();
  }

  /** The reference's "Fibonacci FTW": 3, 9, 15, 21, … minutes for the 1st, 2nd, 3rd, 4th offence. */
  static long timeoutMinutes(int previousOffences, boolean serviceIp) {
    long minutes = (2L * previousOffences + 1) * 3;
    return serviceIp ? Math.min(minutes, SERVICE_MAX_MINUTES) : minutes;
  }
}
