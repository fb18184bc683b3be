package ai.horde.scheduler;

import ai.horde.events.AlchemyCriteria;
import ai.horde.events.ImageCriteria;
import ai.horde.events.TextCriteria;
import ai.horde.events.WaitingRequest;
import ai.horde.text.QueueKey;
import ai.horde.work.WorkKind;
import java.util.List;

/**
 * A waiting request as the queue index keeps it: enough to match it against a worker without the prompt.
 *
 * @param criteria its kind's criteria ({@code TextCriteria}, {@code ImageCriteria}, {@code AlchemyCriteria})
 * @param trickedWorkerIds paused workers given a fake job of it (spec R1.21)
 */
record QueueEntry(String requestId, long userId, WorkKind kind, Object criteria, long expiresAtMs, QueueKey key,
    List<String> trickedWorkerIds) {

  static QueueEntry of(WaitingRequest request) {
    var accepted = request.getRequest();
    return new QueueEntry(accepted.getRequestId(), accepted.getUserId(), WorkKind.ofCriteria(accepted.getCriteria()),
        accepted.getCriteria(), request.getProgress().getExpiresAt().toEpochMilli(),
        QueueKey.of(request.getPriorityCenti(), accepted.getAcceptedAt(), accepted.getRequestId()),
        request.getTrickedWorkerIds());
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
