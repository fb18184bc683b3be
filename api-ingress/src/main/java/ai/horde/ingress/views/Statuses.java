package ai.horde.ingress.views;

import ai.horde.events.Progress;
import ai.horde.events.RequestAccepted;
import ai.horde.events.RequestStatus;
import ai.horde.text.QueueKey;
import ai.horde.text.TextProgressRules;
import ai.horde.work.SharedCopies;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The status of every live text request, as the scheduler last published it; or, until it has, as the
 * accepted request implies (all jobs waiting), so that a status read right after the 202 never finds
 * nothing. Also keeps the queue order (for {@code queue_position}) and each user's waiting jobs (for the
 * concurrency limit). The order is the scheduler's: only it decides a request's priority, so a request it
 * has not published yet is counted behind every request it has.
 *
 * <p>The webhook a request was accepted with is kept here while the request lives (in memory only: it is the
 * requester's), for {@code webhooks.WebhookSender}.
 *
 * <p>A kind whose requests belong together (alchemy: the forms of one interrogation) names each request's group,
 * and the requests of a group are found by it ({@link #group}).
 */
public final class Statuses {
  /** How long a request lives without activity (spec R3.9.1). */
  static final Duration EXPIRY = Duration.ofMinutes(20);

  private final Map<String, RequestStatus> byId = new HashMap<>();
  /** The published queued requests in the scheduler's order, ranked without counting (queue_position). */
  private final RankedSet<QueueKey> queue = new RankedSet<>();
  /** Accepted here, not yet published by the scheduler: no priority known, so outside {@link #queue}. */
  private final Set<String> provisional = new HashSet<>();
  private final Map<Long, Integer> waitingJobsByUser = new HashMap<>();
  /** Over queued requests: jobs waiting plus jobs in flight, as the reference counts its queue (spec §4.3). */
  private long queuedJobs;
  /** The group a request belongs to, or null; and the requests of each group. */
  private final Function<RequestStatus, String> groupOf;
  private final Map<String, Set<String>> groups = new HashMap<>();
  /** Each distinct criteria of the live requests once: most requests ask the same of their worker. */
  private final SharedCopies<Object> criteria = new SharedCopies<>();
  /** The webhooks of live requests that have one, with when the request was accepted. */
  private final Map<String, Webhook> webhooks = new HashMap<>();

  private record Webhook(String url, long acceptedAt) {}

  public Statuses() {
    this(status -> null);
  }

  /** @param groupOf the group of a request (null: none) */
  public Statuses(Function<RequestStatus, String> groupOf) {
    this.groupOf = groupOf;
  }

  public synchronized Optional<RequestStatus> get(String requestId) {
    return Optional.ofNullable(byId.get(requestId));
  }

  /** The scheduler's status of the request; null once it is gone. */
  synchronized void put(String requestId, RequestStatus status) {
    remove(requestId);
    if (status != null) {
      store(status, false);
    } else {
      webhooks.remove(requestId);
    }
  }

  /** The webhook the request was accepted with, while it lives; empty when it has none. */
  public synchronized Optional<String> webhook(String requestId) {
    return Optional.ofNullable(webhooks.get(requestId)).map(Webhook::url);
  }

  private void store(RequestStatus status, boolean unpublished) {
    compact(status);
    byId.put(status.getRequestId(), status);
    String group = groupOf.apply(status);
    if (group != null) {
      groups.computeIfAbsent(group, g -> new HashSet<>()).add(status.getRequestId());
    }
    if (unpublished) {
      provisional.add(status.getRequestId());
    }
    if (TextProgressRules.queued(status.getProgress())) {
      if (!unpublished) {
        queue.add(key(status));
      }
      waitingJobsByUser.merge(status.getUserId(), status.getProgress().getN(), Integer::sum);
      queuedJobs += status.getProgress().getN() + status.getProgress().getProcessing();
    }
  }

  /**
   * A request accepted but not yet seen by the scheduler. Ignored once the scheduler published it, and when
   * it is too old to be alive (so that replaying the requests topic cannot resurrect an expired request).
   */
  public synchronized void accepted(RequestAccepted request, long now) {
    Duration age = Duration.ofMillis(now - request.getAcceptedAt().toEpochMilli());
    if (age.compareTo(EXPIRY) >= 0) {
      return;
    }
    if (request.getWebhook() != null && !request.getWebhook().isEmpty()) {
      webhooks.put(request.getRequestId(), new Webhook(request.getWebhook(), request.getAcceptedAt().toEpochMilli()));
    }
    if (byId.containsKey(request.getRequestId())) {
      return;
    }
    Progress progress = Progress.newBuilder().setN(request.getN()).setJobs(request.getN())
        .setExpiresAt(request.getAcceptedAt().plus(EXPIRY)).build();
    store(RequestStatus.newBuilder().setRequestId(request.getRequestId())
        .setUserId(request.getUserId()).setPriorityCenti(0)
        .setAcceptedAt(request.getAcceptedAt()).setCriteria(request.getCriteria()).setProgress(progress).build(),
        true);
  }

  /** 1 + the requests ahead of this one in the queue; 0 when it is not waiting. */
  public synchronized int queuePosition(RequestStatus status) {
    if (!TextProgressRules.queued(status.getProgress())) {
      return 0;
    }
    return provisional.contains(status.getRequestId()) ? queue.size() + 1 : queue.rank(key(status)) + 1;
  }

  /** Jobs of this user's requests not yet handed out (spec R3.7.1). */
  public synchronized int waitingJobs(long userId) {
    return waitingJobsByUser.getOrDefault(userId, 0);
  }

  /** Jobs of all queued requests, waiting or in flight: the queue length the upfront-kudos threshold uses. */
  public synchronized long queuedJobs() {
    return queuedJobs;
  }

  /** The requests that still wait for a worker (spec §1.9 M1 counts their models), in no particular order. */
  public synchronized java.util.List<RequestStatus> queued() {
    return byId.values().stream().filter(s -> TextProgressRules.queued(s.getProgress())).toList();
  }

  /**
   * Requests with a job waiting or in flight, neither faulted nor cancelled: for alchemy, whose requests are
   * one form each, the reference's forms in state WAITING or PROCESSING ({@code queued_forms}).
   */
  public synchronized long waitingOrProcessing() {
    return byId.values().stream().map(RequestStatus::getProgress)
        .filter(p -> (p.getN() > 0 || p.getProcessing() > 0) && !p.getFaulted() && !p.getCancelled()).count();
  }

  /** The user's requests that are not done yet. */
  public synchronized java.util.List<RequestStatus> activeOf(long userId) {
    return byId.values().stream()
        .filter(s -> s.getUserId() == userId && !TextProgressRules.done(s.getProgress())).toList();
  }

  /**
   * Forgets requests well past their expiry: normally the scheduler's tombstone removes them, but not while
   * the scheduler is down.
   */
  synchronized void forgetExpired(long now) {
    java.util.List<String> expired = byId.values().stream()
        .filter(status -> status.getProgress().getExpiresAt().toEpochMilli() + 60_000 < now)
        .map(RequestStatus::getRequestId).toList();
    for (String requestId : expired) {
      remove(requestId);
      webhooks.remove(requestId);
    }
    // A request read after its tombstone (another topic, another order) left a webhook without a request.
    webhooks.entrySet().removeIf(entry -> !byId.containsKey(entry.getKey())
        && entry.getValue().acceptedAt() + EXPIRY.toMillis() < now);
  }

  /** The live requests of a group, in no particular order; empty for an unknown group. */
  public synchronized java.util.List<RequestStatus> group(String group) {
    Set<String> members = groups.get(group);
    return members == null ? java.util.List.of() : members.stream().map(byId::get).toList();
  }

  /**
   * Makes a status cheaper to hold, as it is folded (the record is this view's alone): its criteria the copy of
   * those equal to them, and its empty lists the one immutable empty list rather than an array decoded for each.
   * A waiting request takes about a third less heap here so.
   */
  private void compact(RequestStatus status) {
    status.setCriteria(criteria.share(status.getCriteria()));
    Progress progress = status.getProgress();
    if (progress.getGenerations().isEmpty()) {
      progress.setGenerations(java.util.List.of());
    }
    if (progress.getInFlight().isEmpty()) {
      progress.setInFlight(java.util.List.of());
    }
  }

  private void remove(String requestId) {
    RequestStatus before = byId.remove(requestId);
    provisional.remove(requestId);
    if (before != null) {
      criteria.release(before.getCriteria());
    }
    String group = before == null ? null : groupOf.apply(before);
    if (group != null) {
      groups.computeIfPresent(group, (g, members) -> members.remove(requestId) && members.isEmpty() ? null : members);
    }
    if (before != null && TextProgressRules.queued(before.getProgress())) {
      queue.remove(key(before));
      waitingJobsByUser.computeIfPresent(before.getUserId(),
          (user, jobs) -> jobs == before.getProgress().getN() ? null : jobs - before.getProgress().getN());
      queuedJobs -= before.getProgress().getN() + before.getProgress().getProcessing();
    }
  }

  private static QueueKey key(RequestStatus status) {
    return QueueKey.of(status.getPriorityCenti(), status.getAcceptedAt(), status.getRequestId());
  }
}
