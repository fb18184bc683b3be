package ai.horde.countermeasures;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP addresses and CIDR blocks as the reference's {@code ipaddress} module reads them (spec §1.13, R3.13.1): an
 * IPv4 address is a strict dotted quad, an IPv6 address the usual hex groups with at most one {@code ::} and an
 * optional dotted-quad tail; a block is an address, {@code /}, a prefix length, with no host bits set (Python's
 * {@code ip_network(strict=True)}). Parsed here by hand, never by {@code InetAddress.getByName}, which would ask
 * DNS about anything that is not a literal.
 *
 * <p>Known gaps: IPv6 scope ids ({@code fe80::1%eth0}) and prefix masks written as addresses
 * ({@code 10.0.0.0/255.0.0.0}), both of which Python accepts, are refused.
 */
public final class IpAddresses {
  private IpAddresses() {}

  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
  private static final Pattern PREFIX = Pattern.compile("0|[1-9]\\d{0,2}");

  /** The prefix a moderator's timeout of an IPv6 worker covers: its /64, as the reference blocks it. */
  public static final int IPV6_WORKER_PREFIX = 64;

  /**
   * An address with a prefix length: one address is its own block of full length ({@code single} tells the two
   * apart, as the reference keys them apart).
   */
  public record Network(byte[] address, int prefix, boolean single) {
    /** Whether {@code other} (an address or a block) lies wholly inside this block, of the same family. */
    public boolean contains(Network other) {
      if (other.address.length != address.length || other.prefix < prefix) {
        return false;
      }
      return Arrays.equals(masked(other.address, prefix), address);
    }

    /** The canonical text: dotted quad or compressed lower-case IPv6, with {@code /prefix} for a block. */
    @Override
    public String toString() {
      String text = address.length == 4 ? ipv4(address) : ipv6(address);
      return single ? text : text + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Network n && Arrays.equals(address, n.address) && prefix == n.prefix && single == n.single;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(address) * 31 + prefix;
    }
  }

  /** An address or a CIDR block (the reference's {@code is_valid_ip}); empty when it is neither. */
  public static Optional<Network> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    byte[] address = address(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      return Optional.empty();
    }
    if (slash < 0) {
      return Optional.of(new Network(address, address.length * 8, true));
    }
    String prefixText = text.substring(slash + 1);
    if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > address.length * 8) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(prefixText);
    // strict=True: a block with host bits set is not a block.
    return Arrays.equals(masked(address, prefix), address) ? Optional.of(new Network(address, prefix, false))
        : Optional.empty();
  }

  /** The canonical text of an address or block, or empty when it is neither. */
  public static Optional<String> normalise(String text) {
    return parse(text).map(Network::toString);
  }

  /**
   * What a moderator's timeout of a worker covers (O3): an IPv4 address itself, an IPv6 address its /64 block;
   * empty when the worker's address is not one.
   */
  public static Optional<Network> workerScope(String workerIp) {
    return parse(workerIp).filter(Network::single).map(ip -> ip.address().length == 4 ? ip
        : new Network(masked(ip.address(), IPV6_WORKER_PREFIX), IPV6_WORKER_PREFIX, false));
  }

  private static byte[] address(String text) {
    if (IPV4.matcher(text).matches()) {
      return ipv4Bytes(text);
    }
    return text.indexOf(':') >= 0 ? ipv6Bytes(text) : null;
  }

  private static byte[] ipv4Bytes(String text) {
    String[] parts = text.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i]);
    }
    return bytes;
  }

  /** Eight hex groups, or fewer around one {@code ::}; the last two groups may be a dotted quad. */
  private static byte[] ipv6Bytes(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap < 0 ? text : text.substring(0, gap);
    String tail = gap < 0 ? "" : text.substring(gap + 2);
    int[] front = groups(head, gap < 0);
    int[] back = groups(tail, true);
    if (front == null || back == null) {
      return null;
    }
    int total = front.length + back.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] all = new int[8];
    System.arraycopy(front, 0, all, 0, front.length);
    System.arraycopy(back, 0, all, 8 - back.length, back.length);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (all[i] >> 8);
      bytes[2 * i + 1] = (byte) all[i];
    }
    return bytes;
  }

  /** The 16-bit groups of one side of {@code ::}; a dotted quad may end the last side. */
  private static int[] groups(String side, boolean last) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int[] groups = new int[parts.length + 1];
    int count = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (last && i == parts.length - 1 && IPV4.matcher(part).matches()) {
        byte[] quad = ipv4Bytes(part);
        groups[count++] = ((quad[0] & 0xff) << 8) | (quad[1] & 0xff);
        groups[count++] = ((quad[2] & 0xff) << 8) | (quad[3] & 0xff);
      } else if (HEX_GROUP.matcher(part).matches()) {
        groups[count++] = Integer.parseInt(part, 16);
      } else {
        return null;
      }
    }
    return Arrays.copyOf(groups, count);
  }

  private static byte[] masked(byte[] address, int prefix) {
    byte[] masked = address.clone();
    for (int bit = prefix; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    return masked;
  }

  private static String ipv4(byte[] a) {
    return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
  }

  /** RFC 5952, as Python prints it: lower case, no leading zeros, the longest run (≥ 2) of zero groups as ::. */
  private static String ipv6(byte[] a) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
