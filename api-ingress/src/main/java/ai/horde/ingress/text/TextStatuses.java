package ai.horde.ingress.text;

import ai.horde.events.CancelRequested;
import ai.horde.events.InFlightJob;
import ai.horde.events.Progress;
import ai.horde.events.RequestStatus;
import ai.horde.events.TextCriteria;
import ai.horde.events.TextGeneration;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.kafka.CommandGateway;
import ai.horde.ingress.text.TextBodies.GenerationKobold;
import ai.horde.ingress.text.TextBodies.GenerationMetadataKobold;
import ai.horde.ingress.text.TextBodies.RequestStatusKobold;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Visibility;
import ai.horde.text.TextProgressRules;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A text request's status ({@code GET /generate/text/status/{id}}, spec §1.1.2, R3.8) and its cancel
 * ({@code DELETE}): the status as it was, then no more jobs are handed out. {@code wait_time} is the longest
 * expected remaining time of the jobs in flight; like the reference (its quirk Q8, queued tokens divided by an
 * image-sized divisor) it adds nothing for jobs still waiting. {@code queue_position} is the request's place in
 * the scheduler's order.
 */
@Singleton
final class TextStatuses {
  private final HordeViews views;
  private final Visibility visibility;
  private final CommandGateway gateway;
  private final WorkerAvailability availability;
  private final Clock clock;

  TextStatuses(HordeViews views, Visibility visibility, CommandGateway gateway, WorkerAvailability availability,
      Clock clock) {
    this.views = views;
    this.visibility = visibility;
    this.gateway = gateway;
    this.availability = availability;
    this.clock = clock;
  }

  CompletableFuture<RequestStatusKobold> status(String requestId) {
    return find(requestId, "Status").thenApply(status -> render(status, clock.millis()));
  }

  CompletableFuture<RequestStatusKobold> cancel(String requestId) {
    return find(requestId, "Delete").thenCompose(status -> {
      RequestStatusKobold before = render(status, clock.millis());
      return gateway.send(Topics.TEXT_CANCELS, requestId, new CancelRequested(requestId, clock.instant()))
          .thenApply(sent -> before);
    });
  }

  /** A live request's status; one accepted anywhere before this call is always found. */
  private CompletableFuture<RequestStatus> find(String requestId, String action) {
    return visibility.find(() -> views.statuses(WorkKind.TEXT).get(requestId), List.of(Topics.TEXT_REQUESTS, Topics.TEXT_STATUS))
        .thenApply(found -> found.orElseThrow(() -> new ApiError(404, "RequestNotFound",
            "Text Waiting Prompt (" + action + ") with ID '" + requestId + "' not found.")));
  }

  private RequestStatusKobold render(RequestStatus status, long now) {
    Progress p = status.getProgress();
    long waitMs = 0;
    for (InFlightJob job : p.getInFlight()) {
      waitMs = Math.max(waitMs, job.getExpectedFinishAt().toEpochMilli() - now);
    }
    boolean done = TextProgressRules.done(p);
    // Only a request that still waits for a worker can be impossible: KoboldAI Lite fails on is_possible=false.
    boolean possible = done || p.getProcessing() > 0
        || availability.anyCanServe(status.getRequestId(), status.getUserId(), (TextCriteria) status.getCriteria(), now);
    List<GenerationKobold> generations = p.getGenerations().stream().map(TextGeneration.class::cast).map(g -> new GenerationKobold(
        g.getWorkerId(), g.getWorkerName(), g.getModel(), g.getState(), g.getText(), g.getSeed(),
        g.getGenMetadata().stream().map(m -> new GenerationMetadataKobold(m.getType(), m.getValue(), m.getRef()))
            .toList())).toList();
    return new RequestStatusKobold(p.getFinished(), p.getProcessing(), p.getRestarted(), TextProgressRules.waiting(p),
        done, p.getFaulted(), Math.round(waitMs / 1000.0), views.statuses(WorkKind.TEXT).queuePosition(status),
        (double) Math.round(p.getConsumedCenti() / 100.0), possible, generations);
  }
}
