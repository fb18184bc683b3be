package ai.horde.scheduler;

import ai.horde.events.TextCriteria;
import ai.horde.events.WaitingRequest;
import ai.horde.text.QueueKey;

/** A waiting request as the queue index keeps it: enough to match it against a worker without the prompt. */
record QueueEntry(String requestId, long userId, TextCriteria criteria, long expiresAtMs, QueueKey key) {

  static QueueEntry of(WaitingRequest request) {
    var accepted = request.getRequest();
    return new QueueEntry(accepted.getRequestId(), accepted.getUserId(), accepted.getCriteria(),
        request.getProgress().getExpiresAt().toEpochMilli(),
        QueueKey.of(request.getPriorityCenti(), accepted.getAcceptedAt(), accepted.getRequestId()));
  }
}
