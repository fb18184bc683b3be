package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * A worker's details as the reference renders them (spec §1.4 W2, model {@code WorkerDetails}, skip_none:
 * null fields are left out). Pure.
 *
 * <p>Only a moderator's key raises the privilege (to the reference's level 2): it adds {@code paused},
 * {@code suspicious} and the owner's {@code contact}. The {@code owner} alias and the worker's
 * {@code messages} show for a moderator or when the owner made its workers public. The owner's flags come
 * from the users view, which is fresher than the worker row.
 *
 * <p>Known gaps: {@code ipaddr} (level ≥1) is never shown (the read model does not hold worker IPs);
 * {@code suspicious} is 0 and {@code messages} is empty (suspicion and worker messages are not modelled);
 * an owner the users view does not know yet shows as untrusted and unflagged, with no alias.
 */
final class WorkerDetailsBody {
  static final String PERFORMANCE_UNIT = " tokens per second";

  private WorkerDetailsBody() {}

  static ObjectNode render(WorkerRow w, Optional<UserAccount> owner, boolean moderator, long now) {
    BigDecimal generated = w.kudosGenerated();
    BigDecimal uptimeKudos = w.kudosUptime();
    ObjectNode body = Responses.JSON.createObjectNode()
        .put("type", w.kind())
        .put("name", w.name())
        .put("id", w.id())
        .put("online", w.online(now))
        .put("requests_fulfilled", w.requestsFulfilled())
        .put("uncompleted_jobs", w.uncompletedJobs())
        .put("kudos_rewards", generated.add(uptimeKudos).doubleValue());
    // WorkerKudosDetails: generated is a Float, uptime an Integer (the reference truncates it).
    body.putObject("kudos_details").put("generated", generated.doubleValue()).put("uptime", uptimeKudos.longValue());
    body.put("performance", performance(w.speed()))
        .put("threads", w.threads())
        .put("uptime", w.uptimeSeconds())
        .put("maintenance_mode", w.maintenance());
    if (w.info() != null) {
      body.put("info", w.info());
    }
    body.put("trusted", owner.map(UserAccount::getTrusted).orElse(false))
        .put("flagged", owner.map(UserAccount::getFlagged).orElse(false));
    // Quirk Q16: a worker without a team shows {"name": null, "id": null}.
    ObjectNode team = body.putObject("team");
    if (w.teamName() == null) {
      team.putNull("name").putNull("id");
    } else {
      team.put("name", w.teamName()).put("id", w.teamId());
    }
    body.put("bridge_agent", w.bridgeAgent()).put("nsfw", w.nsfw());
    ArrayNode models = body.putArray("models");
    w.models().forEach(models::add);
    if ("text".equals(w.kind())) {
      body.put("max_length", w.maxLength()).put("max_context_length", w.maxContextLength());
    }
    if (moderator) {
      body.put("paused", w.paused()).put("suspicious", 0);
    }
    if (owner.isPresent() && (moderator || owner.get().getPublicWorkers())) {
      body.put("owner", Accounts.alias(owner.get()));
      body.putArray("messages");
    }
    if (moderator && owner.isPresent() && owner.get().getContact() != null) {
      body.put("contact", owner.get().getContact());
    }
    return body;
  }

  /**
   * {@code "<speed> tokens per second"} with the speed rounded as Python's {@code round(x, 1)} rounds (exactly,
   * half to even on the binary value) and printed as Python prints a float.
   */
  static String performance(double speed) {
    BigDecimal rounded = new BigDecimal(speed).setScale(1, RoundingMode.HALF_EVEN);
    return rounded.toPlainString() + PERFORMANCE_UNIT;
  }
}
