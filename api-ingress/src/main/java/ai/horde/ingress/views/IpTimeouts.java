package ai.horde.ingress.views;

import ai.horde.countermeasures.IpAddresses;
import ai.horde.countermeasures.IpAddresses.Network;
import ai.horde.events.IpTimeout;
import ai.horde.ingress.http.ApiError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IP timeouts every ingress instance enforces (spec R3.13.1), folded from {@code horde.ip-timeouts}: single
 * addresses by their text, CIDR blocks by theirs. A timeout counts until its {@code until}, whatever the topic
 * still holds after it, so expiry needs no write. Lookups scan the blocks: there are few (moderators set them).
 *
 * <p>Known gap: expired entries stay in memory until {@link #forgetExpired} (run with the views' own sweep).
 */
public final class IpTimeouts {
  /** A timeout as a moderator lists it: the address or block and its whole seconds left. */
  public record Remaining(String ipaddr, long seconds) {}

  private record Block(Network network, IpTimeout timeout) {}

  /** Longer timeouts are not told in seconds (the reference's four days). */
  private static final long SHOWN_SECONDS = 4 * 24 * 3600;

  private final Map<String, IpTimeout> addresses = new ConcurrentHashMap<>();
  private final Map<String, Block> blocks = new ConcurrentHashMap<>();

  void put(String ipaddr, IpTimeout timeout) {
    if (timeout == null) {
      addresses.remove(ipaddr);
      blocks.remove(ipaddr);
      return;
    }
    Optional<Network> network = IpAddresses.parse(ipaddr);
    if (timeout.getBlock() && network.isPresent()) {
      blocks.put(ipaddr, new Block(network.get(), timeout));
    } else {
      addresses.put(ipaddr, timeout);
    }
  }

  /**
   * For how many more whole seconds a client address is in timeout, directly or through a block holding it
   * (the longest of them); 0 when it is not. An address that does not parse can only match directly.
   */
  public long remainingSeconds(String clientIp, long now) {
    long direct = direct(clientIp, now);
    if (direct > 0) {
      return direct;
    }
    return blocksHolding(clientIp, now).stream().mapToLong(Remaining::seconds).max().orElse(0);
  }

  /** 403 TimeoutIP when the address is in timeout (generations and pops, spec R1.1 step 18, R3.13.1). */
  public void check(String clientIp, long now) {
    long seconds = remainingSeconds(clientIp, now);
    if (seconds > 0) {
      throw refusal(seconds);
    }
  }

  /** The reference's words: the seconds are left out of them beyond four days. */
  static ApiError refusal(long seconds) {
    return new ApiError(403, "TimeoutIP", seconds > SHOWN_SECONDS
        ? "Due to abuse prevention, your IP address has been put into timeout. Please try again later, or contact "
            + "us on discord if you think this was an error."
        : "Due to abuse prevention, your IP address has been put into timeout for " + seconds + " more seconds. "
            + "Please try again later, or contact us on discord if you think this was an error.");
  }

  /** The seconds left of the timeout set on exactly this address (not through a block); 0 when none. */
  public long direct(String ipaddr, long now) {
    IpTimeout timeout = addresses.get(IpAddresses.normalise(ipaddr).orElse(ipaddr));
    return timeout == null ? 0 : secondsLeft(timeout, now);
  }

  /** Every live block timeout, longest first (O1 GET). */
  public List<Remaining> blocks(long now) {
    return live(blocks.values(), now);
  }

  /** The live block timeouts holding an address, or the whole of a block (O2 GET). */
  public List<Remaining> blocksHolding(String ipaddr, long now) {
    Optional<Network> asked = IpAddresses.parse(ipaddr);
    if (asked.isEmpty()) {
      return List.of();
    }
    return live(blocks.values().stream().filter(block -> block.network().contains(asked.get())).toList(), now);
  }

  void forgetExpired(long now) {
    addresses.values().removeIf(timeout -> secondsLeft(timeout, now) == 0);
    blocks.values().removeIf(block -> secondsLeft(block.timeout(), now) == 0);
  }

  private static List<Remaining> live(Iterable<Block> candidates, long now) {
    List<Remaining> live = new ArrayList<>();
    for (Block block : candidates) {
      long seconds = secondsLeft(block.timeout(), now);
      if (seconds > 0) {
        live.add(new Remaining(block.timeout().getIpaddr(), seconds));
      }
    }
    live.sort(Comparator.comparingLong(Remaining::seconds).reversed());
    return live;
  }

  /** Whole seconds left, rounded up while any time is left (as Redis's TTL never shows 0 for a live key). */
  private static long secondsLeft(IpTimeout timeout, long now) {
    long millis = timeout.getUntil().toEpochMilli() - now;
    return millis <= 0 ? 0 : (millis + 999) / 1000;
  }
}
