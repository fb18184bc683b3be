package ai.horde.scheduler;

import ai.horde.events.TextCriteria;
import ai.horde.events.WaitingRequest;
import ai.horde.text.QueueKey;

/** A waiting request as the queue index keeps it: enough to match it against a worker without the prompt. */
record QueueEntry(String requestId, long userId, TextCriteria criteria, long expiresAtMs, QueueKey key) {

  /** @param priorityCenti where the request's priority started (its requester's balance at acceptance) */
  static QueueEntry of(WaitingRequest request, long priorityCenti) {
    var accepted = request.getRequest();
    return new QueueEntry(accepted.getRequestId(), accepted.getUserId(), accepted.getCriteria(),
        request.getProgress().getExpiresAt().toEpochMilli(),
        QueueKey.of(priorityCenti, accepted.getAcceptedAt(), accepted.getRequestId()));
  }
}
