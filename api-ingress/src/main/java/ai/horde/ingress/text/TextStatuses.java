package ai.horde.ingress.text;

import ai.horde.events.RequestStatus;
import ai.horde.events.TextGeneration;
import ai.horde.ingress.intake.RequestStatuses;
import ai.horde.ingress.intake.RequestStatuses.Progressed;
import ai.horde.ingress.text.TextBodies.GenerationKobold;
import ai.horde.ingress.text.TextBodies.GenerationMetadataKobold;
import ai.horde.ingress.text.TextBodies.RequestStatusKobold;
import ai.horde.work.WorkKind;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A text request's status ({@code GET /generate/text/status/{id}}, spec §1.1.2) and its cancel
 * ({@code DELETE}): the status as it was, then no more jobs are handed out. What every kind's status shares is
 * {@link RequestStatuses}'; this renders the texts.
 */
@Singleton
final class TextStatuses {
  private final RequestStatuses statuses;

  TextStatuses(RequestStatuses statuses) {
    this.statuses = statuses;
  }

  CompletableFuture<RequestStatusKobold> status(String requestId) {
    return statuses.find(WorkKind.TEXT, requestId, "Status").thenApply(this::render);
  }

  CompletableFuture<RequestStatusKobold> cancel(String requestId) {
    return statuses.find(WorkKind.TEXT, requestId, "Delete").thenCompose(status -> {
      RequestStatusKobold before = render(status);
      return statuses.cancel(WorkKind.TEXT, requestId).thenApply(sent -> before);
    });
  }

  private RequestStatusKobold render(RequestStatus status) {
    Progressed p = statuses.progress(WorkKind.TEXT, status);
    List<GenerationKobold> generations = status.getProgress().getGenerations().stream().map(TextGeneration.class::cast)
        .map(g -> new GenerationKobold(g.getWorkerId(), g.getWorkerName(), g.getModel(), g.getState(), g.getText(),
            g.getSeed(), g.getGenMetadata().stream()
                .map(m -> new GenerationMetadataKobold(m.getType(), m.getValue(), m.getRef())).toList()))
        .toList();
    return new RequestStatusKobold(p.finished(), p.processing(), p.restarted(), p.waiting(), p.done(), p.faulted(),
        p.waitTime(), p.queuePosition(), p.kudos(), p.isPossible(), generations);
  }
}
