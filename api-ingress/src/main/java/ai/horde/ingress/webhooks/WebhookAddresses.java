package ai.horde.ingress.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Which addresses a webhook may not be sent to (a webhook is a server-side request the requester aims: left
 * open, it reaches the horde's own services, its cloud's metadata endpoint and its private network). Pure.
 *
 * <p>Refused: unspecified ({@code 0.0.0.0/8}, {@code ::}), loopback ({@code 127/8}, {@code ::1}), private
 * (RFC 1918 {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}; ULA {@code fc00::/7}), link-local
 * ({@code 169.254/16}, {@code fe80::/10}), the old site-local {@code fec0::/10}, CGNAT ({@code 100.64/10}),
 * the IETF protocol block {@code 192.0.0/24}, multicast and broadcast; and those IPv4 addresses wherever IPv6
 * embeds them (IPv4-mapped {@code ::ffff:a.b.c.d}, which Java already reads as IPv4; IPv4-compatible
 * {@code ::a.b.c.d}; NAT64 {@code 64:ff9b::/96}; 6to4 {@code 2002::/16}).
 *
 * <p>Known gaps: the documentation and benchmarking ranges ({@code 198.18/15}, {@code 2001:db8::/32}) are
 * allowed (nothing answers there); Teredo's obfuscated IPv4 is not decoded.
 */
final class WebhookAddresses {
  private WebhookAddresses() {}

  /** Whether a webhook may not be sent to {@code address}. */
  static boolean forbidden(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return forbiddenIpv4(bytes);
    }
    if (address instanceof Inet6Address) {
      int first = bytes[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return true; // fc00::/7, unique local
      }
      byte[] embedded = embeddedIpv4(bytes);
      return embedded != null && forbiddenIpv4(embedded);
    }
    return true;
  }

  private static boolean forbiddenIpv4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return a0 == 0 // this network
        || a0 == 10 || a0 == 127
        || (a0 == 100 && (a1 & 0xc0) == 64) // 100.64/10, carrier-grade NAT
        || (a0 == 169 && a1 == 254)
        || (a0 == 172 && (a1 & 0xf0) == 16)
        || (a0 == 192 && a1 == 168)
        || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
        || a0 >= 224; // multicast, reserved and broadcast
  }

  /** The IPv4 address an IPv6 address carries by one of the usual embeddings, or null. */
  private static byte[] embeddedIpv4(byte[] b) {
    boolean zeroPrefix = Arrays.equals(Arrays.copyOfRange(b, 0, 10), new byte[10]);
    if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
      return Arrays.copyOfRange(b, 12, 16); // ::a.b.c.d (IPv4-compatible) and ::ffff:a.b.c.d (mapped)
    }
    if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
        && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8])) {
      return Arrays.copyOfRange(b, 12, 16); // 64:ff9b::/96, NAT64
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return Arrays.copyOfRange(b, 2, 6); // 2002::/16, 6to4
    }
    return null;
  }
}
