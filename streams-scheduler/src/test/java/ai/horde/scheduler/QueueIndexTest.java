package ai.horde.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.TextCriteria;
import ai.horde.text.QueueKey;
import ai.horde.work.WorkKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueIndexTest {
  private final QueueIndex queue = new QueueIndex();

  /** A text request of this user and priority naming these models (none: any model). */
  private static QueueEntry entry(String id, long userId, long priorityCenti, String... models) {
    TextCriteria criteria = TextCriteria.newBuilder().setModels(List.of(models)).build();
    return new QueueEntry(id, userId, WorkKind.TEXT, criteria, Long.MAX_VALUE,
        QueueKey.of(priorityCenti, Instant.EPOCH, id), List.of());
  }

  private static List<String> ids(java.util.Iterator<QueueEntry> entries) {
    List<String> ids = new ArrayList<>();
    entries.forEachRemaining(entry -> ids.add(entry.requestId()));
    return ids;
  }

  @Test
  void aPopReadsTheRequestsNamingItsModelsOrNoneInQueueOrderEachOnce() {
    // Given requests for different models, one naming two, one naming none
    queue.add(entry("a-only", 1, 50, "a"));
    queue.add(entry("both", 2, 40, "a", "b"));
    queue.add(entry("c-only", 3, 90, "c"));
    queue.add(entry("any", 4, 10));
    queue.add(entry("b-only", 5, 60, "b"));
    // When a pop serving a and b reads the queue
    List<String> read = ids(queue.naming(List.of("a", "b")));
    // Then it reads theirs and the one naming none, best first, the one naming both once, never c's
    assertThat(read).containsExactly("b-only", "a-only", "both", "any");
    assertThat(queue.all()).extracting(QueueEntry::requestId)
        .containsExactly("c-only", "b-only", "a-only", "both", "any");
  }

  @Test
  void priorityUsersRequestsAreReadWithoutAnyoneElses() {
    // Given two users' requests of the same model
    queue.add(entry("stranger", 1, 90, "a"));
    queue.add(entry("owner-a", 9, 10, "a"));
    queue.add(entry("owner-c", 9, 80, "c"));
    queue.add(entry("friend-any", 5, 20));
    // When a pop serving a reads its owner's and a friend's requests
    List<String> read = ids(queue.naming(List.of("a"), Set.of(9L, 5L)));
    // Then only theirs of that model or none come out, in queue order
    assertThat(read).containsExactly("friend-any", "owner-a");
  }

  @Test
  void aRemovedRequestLeavesEveryIndexAndTheCounts() {
    // Given requests of two models
    QueueEntry both = entry("both", 2, 40, "a", "b");
    queue.add(entry("a-only", 1, 50, "a"));
    queue.add(both);
    queue.add(entry("any", 4, 10));
    // When the one naming both is taken off the queue
    queue.remove(both);
    // Then no read finds it and the counts per model no longer include it
    assertThat(ids(queue.naming(List.of("b")))).containsExactly("any");
    assertThat(ids(queue.naming(List.of("a", "b"), Set.of(2L)))).isEmpty();
    assertThat(queue.countsByModel()).isEqualTo(Map.of("a", 1, QueueIndex.ANY, 1));
  }
}
