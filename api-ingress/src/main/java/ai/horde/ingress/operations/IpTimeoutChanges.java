package ai.horde.ingress.operations;

import ai.horde.countermeasures.IpAddresses;
import ai.horde.countermeasures.IpAddresses.Network;
import ai.horde.events.AccountAnswer;
import ai.horde.events.ReleaseIpTimeout;
import ai.horde.events.SetIpTimeout;
import ai.horde.events.UserAccount;
import ai.horde.ingress.http.SimpleResponse;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.operations.OperationsBodies.IPTimeout;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Effect;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.ingress.views.IpTimeouts;
import ai.horde.topics.Topics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The moderators' IP timeouts (spec §1.13 O1–O3, R3.13.1): listed from the views, set and released by the
 * account registry, which checks that the requester is a moderator (or an admin) and writes them to
 * {@code horde.ip-timeouts}. Each answer waits until this instance's views hold the change; the other
 * instances read it from the topic within their poll (docs/decisions/0014).
 *
 * <p>The checks run in the reference's order: the address's shape (400 "Invalid IP Address") before the key's
 * rights, and, for a worker, the key's rights before the worker is looked up. A single address is a timeout of
 * that address, a CIDR block a block timeout; a worker's IPv6 address is timed out as its /64 block.
 */
@Singleton
final class IpTimeoutChanges {
  static final String API_KEY_HELP = "A mod API key.";
  private static final String MODERATOR = "moderator";
  private static final String WORKER = "worker";

  private final Decisions decisions;
  private final Identities identities;
  private final HordeViews views;
  private final Clock clock;

  IpTimeoutChanges(Decisions decisions, Identities identities, HordeViews views, Clock clock) {
    this.decisions = decisions;
    this.identities = identities;
    this.views = views;
    this.clock = clock;
  }

  /** O1 GET: every block timeout (the reference lists blocks only). */
  CompletableFuture<List<IPTimeout>> blocks(String apiKey) {
    return identities.requireModerator(apiKey).thenApply(mod -> shown(views.ipTimeouts().blocks(clock.millis())));
  }

  /** O2 GET: the block timeouts holding the address, then its own timeout. */
  CompletableFuture<List<IPTimeout>> matching(String ipaddr, String apiKey) {
    String address = valid(ipaddr).toString();
    return identities.requireModerator(apiKey).thenApply(mod -> {
      long now = clock.millis();
      IpTimeouts timeouts = views.ipTimeouts();
      List<IPTimeout> matching = new ArrayList<>(shown(timeouts.blocksHolding(address, now)));
      long direct = timeouts.direct(address, now);
      if (direct > 0) {
        matching.add(new IPTimeout(ipaddr, direct));
      }
      return matching;
    });
  }

  /** O1 POST: an address or block into timeout for {@code hours}. */
  CompletableFuture<SimpleResponse> add(String ipaddr, int hours, String apiKey) {
    Network network = valid(ipaddr);
    return identities.require(apiKey).thenCompose(user -> set(user, network, hours * 60L, MODERATOR));
  }

  /** O1 DELETE: an address or block out of timeout. */
  CompletableFuture<SimpleResponse> release(String ipaddr, String apiKey) {
    Network network = valid(ipaddr);
    return identities.require(apiKey).thenCompose(user -> release(user, network));
  }

  /** O3 PUT: the worker's last address (an IPv6 one's /64) into timeout for {@code days}. */
  CompletableFuture<SimpleResponse> addWorker(String workerId, int days, String apiKey) {
    return identities.requireModerator(apiKey)
        .thenCompose(mod -> set(mod, workerScope(workerId), days * 24L * 60, WORKER));
  }

  /** O3 DELETE: the worker's last address (an IPv6 one's /64) out of timeout. */
  CompletableFuture<SimpleResponse> releaseWorker(String workerId, String apiKey) {
    return identities.requireModerator(apiKey).thenCompose(mod -> release(mod, workerScope(workerId)));
  }

  private CompletableFuture<SimpleResponse> set(UserAccount user, Network network, long minutes, String reason) {
    SetIpTimeout command = new SetIpTimeout(network.toString(), !network.single(), minutes, reason);
    return decisions.registry(user, command, AccountAnswer.class, answer -> Effect.writtenTo(Topics.IP_TIMEOUTS))
        .thenApply(answer -> SimpleResponse.OK);
  }

  private CompletableFuture<SimpleResponse> release(UserAccount user, Network network) {
    return decisions.registry(user, new ReleaseIpTimeout(network.toString()), AccountAnswer.class,
        answer -> Effect.writtenTo(Topics.IP_TIMEOUTS)).thenApply(answer -> SimpleResponse.OK);
  }

  private Network workerScope(String workerId) {
    var worker = views.workers().byId(workerId)
        .orElseThrow(() -> ApiError.workerNotFound(workerId));
    // A worker always popped from some address; one that is not an IP (a garbled forwarded header) is refused.
    return IpAddresses.workerScope(worker.getIp()).orElseThrow(IpTimeoutChanges::invalidIp);
  }

  private static Network valid(String ipaddr) {
    return IpAddresses.parse(ipaddr).orElseThrow(IpTimeoutChanges::invalidIp);
  }

  private static ApiError invalidIp() {
    return ApiError.badRequest("BadRequest", "Invalid IP Address");
  }

  private static List<IPTimeout> shown(List<IpTimeouts.Remaining> timeouts) {
    return timeouts.stream().map(t -> new IPTimeout(t.ipaddr(), t.seconds())).toList();
  }
}
