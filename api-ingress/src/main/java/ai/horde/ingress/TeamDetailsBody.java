package ai.horde.ingress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A team's details (spec §1.6, model {@code TeamDetails}): {@code name, id, info, requests_fulfilled, kudos,
 * uptime, creator, worker_count, workers [{type, name, id, online}], models [{name, count}]}, null fields left
 * out. Pure.
 *
 * <p>The numbers are summed over the team's current workers, as the read models have them. Per spec R3.16.2
 * only image workers add to {@code requests_fulfilled} and {@code kudos}; text workers (all this horde has)
 * add their uptime only, so both stay 0 here. {@code models} counts the team's workers (online or not) that
 * serve each model.
 *
 * <p>Known gap: the reference accrues a team's uptime while a worker is in it; here a worker brings its whole
 * uptime when it joins and takes it along when it leaves.
 */
final class TeamDetailsBody {
  private TeamDetailsBody() {}

  /** One team of the {@code teams} read model; {@code creator} is the owner's alias, null if unknown. */
  record Team(String id, String name, String info, long ownerId) {}

  static ObjectNode render(Team team, String creator, List<WorkerRow> workers, long now) {
    long requests = 0;
    BigDecimal kudos = BigDecimal.ZERO;
    long uptime = 0;
    Map<String, Integer> models = new TreeMap<>();
    for (WorkerRow worker : workers) {
      uptime += worker.uptimeSeconds();
      if (!"text".equals(worker.kind())) {
        requests += worker.requestsFulfilled();
        kudos = kudos.add(worker.kudosGenerated());
      }
      for (String model : new LinkedHashSet<>(worker.models())) {
        models.merge(model, 1, Integer::sum);
      }
    }
    ObjectNode body = Responses.JSON.createObjectNode().put("name", team.name()).put("id", team.id());
    // The reference marshals team details with skip_none: a missing info or creator is left out.
    if (team.info() != null) {
      body.put("info", team.info());
    }
    body.put("requests_fulfilled", requests)
        .put("kudos", kudos.doubleValue())
        .put("uptime", uptime);
    if (creator != null) {
      body.put("creator", creator);
    }
    body.put("worker_count", workers.size());
    ArrayNode members = body.putArray("workers");
    for (WorkerRow worker : workers) {
      members.addObject().put("type", worker.kind()).put("name", worker.name()).put("id", worker.id())
          .put("online", worker.online(now));
    }
    ArrayNode served = body.putArray("models");
    models.forEach((name, count) -> served.addObject().put("name", name).put("count", count));
    return body;
  }
}
