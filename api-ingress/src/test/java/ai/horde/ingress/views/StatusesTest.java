package ai.horde.ingress.views;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.Progress;
import ai.horde.events.RequestAccepted;
import ai.horde.events.RequestStatus;
import ai.horde.events.TextCriteria;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Queue positions count with the scheduler's priorities; a request it has not published yet waits last. */
class StatusesTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final TextCriteria CRITERIA = TextCriteria.newBuilder().setModels(List.of()).setMaxLength(80).build();

  private final Statuses statuses = new Statuses();

  private static RequestStatus published(String id, long priorityCenti, long acceptedMsAgo) {
    return RequestStatus.newBuilder().setRequestId(id).setUserId(1).setPriorityCenti(priorityCenti)
        .setAcceptedAt(Instant.ofEpochMilli(NOW - acceptedMsAgo)).setCriteria(CRITERIA)
        .setProgress(Progress.newBuilder().setN(1).setJobs(1)
            .setExpiresAt(Instant.ofEpochMilli(NOW + 1_200_000)).build())
        .build();
  }

  private static RequestAccepted accepted(String id) {
    return RequestAccepted.newBuilder().setRequestId(id).setUserId(1).setPayloadJson("{}").setPromptChars(1)
        .setN(2).setCriteria(CRITERIA).setAcceptedAt(Instant.ofEpochMilli(NOW)).setDowngraded(true).build();
  }

  private int position(String id) {
    return statuses.queuePosition(statuses.get(id).orElseThrow());
  }

  @Test
  void theSchedulersPriorityOrdersTheQueueBeforeAge() {
    // Given an older request the scheduler put at -50 and a newer one at 10
    statuses.put("downgraded", published("downgraded", -50_00, 5_000));
    statuses.put("normal", published("normal", 10_00, 1_000));

    // Then the newer, higher one is first
    assertThat(position("normal")).isEqualTo(1);
    assertThat(position("downgraded")).isEqualTo(2);
  }

  @Test
  void anUnpublishedRequestWaitsBehindEveryPublishedOneUntilTheSchedulerSpeaks() {
    // Given a published request at -50, and a request accepted here that the scheduler has not published yet
    statuses.put("low", published("low", -50_00, 5_000));
    statuses.accepted(accepted("fresh"), NOW);

    // Then the fresh one claims no priority of its own: it is counted last, and its jobs wait
    assertThat(position("fresh")).isEqualTo(2);
    assertThat(position("low")).isEqualTo(1);
    assertThat(statuses.waitingJobs(1)).isEqualTo(3);
    assertThat(statuses.queuedJobs()).isEqualTo(3);

    // When the scheduler publishes it at 10
    statuses.put("fresh", published("fresh", 10_00, 0));

    // Then the scheduler's priority places it, and it is counted once
    assertThat(position("fresh")).isEqualTo(1);
    assertThat(position("low")).isEqualTo(2);
    assertThat(statuses.queuedJobs()).isEqualTo(2);

    // And a replayed acceptance does not turn it back into a guess
    statuses.accepted(accepted("fresh"), NOW);
    assertThat(position("fresh")).isEqualTo(1);
  }

  @Test
  void aRequestsWebhookIsKeptWhileTheRequestLives() {
    // Given a request accepted with a webhook, which the scheduler then published, and one without
    statuses.accepted(RequestAccepted.newBuilder(accepted("hooked")).setWebhook("https://example.com/hook").build(), NOW);
    statuses.put("hooked", published("hooked", 0, 0));
    statuses.accepted(accepted("plain"), NOW);

    // Then the webhook is found by the request's id, and only for it
    assertThat(statuses.webhook("hooked")).hasValue("https://example.com/hook");
    assertThat(statuses.webhook("plain")).isEmpty();

    // When the scheduler's tombstone removes the request, the webhook goes with it
    statuses.put("hooked", null);
    assertThat(statuses.webhook("hooked")).isEmpty();
  }

  @Test
  void aWebhookReadAfterItsRequestsTombstoneIsForgottenOnceTheRequestExpired() {
    // Given a webhook whose request is already gone (its tombstone read first, from another topic)
    statuses.accepted(RequestAccepted.newBuilder(accepted("late")).setWebhook("https://example.com/hook").build(), NOW);
    statuses.put("late", null);
    statuses.accepted(RequestAccepted.newBuilder(accepted("late")).setWebhook("https://example.com/hook").build(), NOW);

    // When the request's lifetime has passed
    statuses.forgetExpired(NOW + Statuses.EXPIRY.toMillis() + 61_000);

    // Then it is forgotten
    assertThat(statuses.webhook("late")).isEmpty();
  }
}
