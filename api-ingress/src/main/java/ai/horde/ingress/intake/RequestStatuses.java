package ai.horde.ingress.intake;

import ai.horde.events.CancelRequested;
import ai.horde.events.InFlightJob;
import ai.horde.events.Progress;
import ai.horde.events.RequestStatus;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.kafka.CommandGateway;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Visibility;
import ai.horde.text.TextProgressRules;
import ai.horde.topics.Topics;
import ai.horde.topics.Topics.WorkTopics;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the status of every kind of request shares (spec §1.1.2, R3.8): finding a live request (one accepted
 * anywhere before the call is always found), its progress as the reference reports it, and its cancel.
 * {@code wait_time} is the longest expected remaining time of the jobs in flight; like the reference (its
 * quirk Q8) it adds nothing for jobs still waiting. {@code queue_position} is the request's place in the
 * scheduler's order for its kind. Each kind renders its generations.
 */
@Singleton
public final class RequestStatuses {
  private final HordeViews views;
  private final Visibility visibility;
  private final CommandGateway gateway;
  private final WorkerAvailability availability;
  private final Clock clock;

  RequestStatuses(HordeViews views, Visibility visibility, CommandGateway gateway, WorkerAvailability availability,
      Clock clock) {
    this.views = views;
    this.visibility = visibility;
    this.gateway = gateway;
    this.availability = availability;
    this.clock = clock;
  }

  /**
   * A request's progress as every status reports it.
   *
   * @param waitTime expected seconds until every job in flight is done
   * @param kudos the kudos consumed so far, rounded to whole kudos as the reference shows them
   * @param isPossible false when no online worker could serve a request still waiting for one
   */
  public record Progressed(int finished, int processing, int restarted, int waiting, boolean done, boolean faulted,
      long waitTime, long queuePosition, double kudos, boolean isPossible) {}

  /**
   * A live request of this kind, or 404 {@code RequestNotFound} naming the {@code action}
   * ({@code Status}, {@code Check}, {@code Delete}) as the reference does (an interrogation's names none).
   */
  public CompletableFuture<RequestStatus> find(WorkKind kind, String requestId, String action) {
    WorkTopics topics = Topics.of(kind);
    return visibility.find(() -> views.statuses(kind).get(requestId), List.of(topics.requests(), topics.status()))
        .thenApply(found -> found.orElseThrow(() -> new ApiError(404, "RequestNotFound",
            switch (kind) {
              case TEXT -> "Text Waiting Prompt (" + action + ")";
              case IMAGE -> "Image Waiting Prompt (" + action + ")";
              case ALCHEMY -> "Interrogation";
            } + " with ID '" + requestId + "' not found.")));
  }

  public Progressed progress(WorkKind kind, RequestStatus status) {
    long now = clock.millis();
    Progress p = status.getProgress();
    long waitMs = 0;
    for (InFlightJob job : p.getInFlight()) {
      waitMs = Math.max(waitMs, job.getExpectedFinishAt().toEpochMilli() - now);
    }
    boolean done = TextProgressRules.done(p);
    // Only a request that still waits for a worker can be impossible: KoboldAI Lite fails on is_possible=false.
    boolean possible = done || p.getProcessing() > 0
        || availability.anyCanServe(status.getRequestId(), status.getUserId(), status.getCriteria(), now);
    return new Progressed(p.getFinished(), p.getProcessing(), p.getRestarted(), TextProgressRules.waiting(p), done,
        p.getFaulted(), Math.round(waitMs / 1000.0), views.statuses(kind).queuePosition(status),
        (double) Math.round(p.getConsumedCenti() / 100.0), possible);
  }

  /** Asks the scheduler to hand out no more jobs of the request; completes once Kafka has the cancel. */
  public CompletableFuture<Void> cancel(WorkKind kind, String requestId) {
    return gateway.send(Topics.of(kind).cancels(), requestId, new CancelRequested(requestId, clock.instant()))
        .thenApply(sent -> null);
  }
}
