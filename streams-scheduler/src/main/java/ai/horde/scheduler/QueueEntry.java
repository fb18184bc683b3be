package ai.horde.scheduler;

import ai.horde.events.AlchemyCriteria;
import ai.horde.events.ImageCriteria;
import ai.horde.events.TextCriteria;
import ai.horde.events.WaitingRequest;
import ai.horde.text.QueueKey;
import ai.horde.work.SharedCopies;
import ai.horde.work.WorkKind;
import java.util.List;

/**
 * A waiting request as the queue index keeps it: enough to match it against a worker without the prompt.
 *
 * @param criteria its kind's criteria ({@code TextCriteria}, {@code ImageCriteria}, {@code AlchemyCriteria}),
 *     shared with the other waiting requests that ask the same (read only)
 * @param trickedWorkerIds paused workers given a fake job of it (spec R1.21)
 */
record QueueEntry(String requestId, long userId, WorkKind kind, Object criteria, long expiresAtMs, QueueKey key,
    List<String> trickedWorkerIds) {

  static QueueEntry of(WaitingRequest request) {
    var accepted = request.getRequest();
    return new QueueEntry(accepted.getRequestId(), accepted.getUserId(), WorkKind.ofCriteria(accepted.getCriteria()),
        accepted.getCriteria(), request.getProgress().getExpiresAt().toEpochMilli(),
        QueueKey.of(request.getPriorityCenti(), accepted.getAcceptedAt(), accepted.getRequestId()),
        List.copyOf(request.getTrickedWorkerIds()));
  }

  /** The entry of a request to keep in the queue index: its criteria one copy of those equal to them. */
  static QueueEntry of(WaitingRequest request, SharedCopies<Object> shared) {
    QueueEntry entry = of(request);
    return new QueueEntry(entry.requestId(), entry.userId(), entry.kind(), shared.share(entry.criteria()),
        entry.expiresAtMs(), entry.key(), entry.trickedWorkerIds());
  }

  /** The models a request's criteria name (empty: any); an alchemy form's is its form. */
  static List<String> models(Object criteria) {
    if (criteria instanceof TextCriteria c) {
      return c.getModels();
    } else if (criteria instanceof AlchemyCriteria c) {
      return List.of(c.getForm());
    }
    return ((ImageCriteria) criteria).getModels();
  }
}
