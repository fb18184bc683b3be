package ai.horde.ingress;

import ai.horde.events.GenMetadata;
import ai.horde.events.InFlightJob;
import ai.horde.events.TextGeneration;
import ai.horde.events.TextProgress;
import ai.horde.events.TextRequestStatus;
import ai.horde.text.TextProgressRules;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

/**
 * The body of {@code GET /generate/text/status/{id}} (spec §1.1.2, R3.8). {@code wait_time} is the longest
 * expected remaining time of the jobs in flight; like the reference (its quirk Q8, queued tokens divided by
 * an image-sized divisor) it adds nothing for jobs still waiting.
 */
@Singleton
final class StatusBodies {
  private final HordeViews views;
  private final WorkerAvailability availability;

  StatusBodies(HordeViews views, WorkerAvailability availability) {
    this.views = views;
    this.availability = availability;
  }

  ObjectNode render(TextRequestStatus status, long now) {
    TextProgress p = status.getProgress();
    long waitMs = 0;
    for (InFlightJob job : p.getInFlight()) {
      waitMs = Math.max(waitMs, job.getExpectedFinishAt().toEpochMilli() - now);
    }
    boolean done = TextProgressRules.done(p);
    // Only a request that still waits for a worker can be impossible: KoboldAI Lite fails on is_possible=false.
    boolean possible = done || p.getProcessing() > 0
        || availability.anyCanServe(status.getRequestId(), status.getUserId(), status.getCriteria(), now);
    ObjectNode body = Responses.JSON.createObjectNode()
        .put("finished", p.getFinished())
        .put("processing", p.getProcessing())
        .put("restarted", p.getRestarted())
        .put("waiting", TextProgressRules.waiting(p))
        .put("done", done)
        .put("faulted", p.getFaulted())
        .put("wait_time", Math.round(waitMs / 1000.0))
        .put("queue_position", views.statuses.queuePosition(status))
        .put("kudos", (double) Math.round(p.getConsumedCenti() / 100.0))
        .put("is_possible", possible);
    ArrayNode generations = body.putArray("generations");
    for (TextGeneration generation : p.getGenerations()) {
      ObjectNode item = generations.addObject()
          .put("worker_id", generation.getWorkerId())
          .put("worker_name", generation.getWorkerName())
          .put("model", generation.getModel())
          .put("state", generation.getState())
          .put("text", generation.getText())
          .put("seed", generation.getSeed());
      ArrayNode metadata = item.putArray("gen_metadata");
      for (GenMetadata entry : generation.getGenMetadata()) {
        ObjectNode m = metadata.addObject().put("type", entry.getType()).put("value", entry.getValue());
        if (entry.getRef() != null) {
          m.put("ref", entry.getRef());
        }
      }
    }
    return body;
  }
}
