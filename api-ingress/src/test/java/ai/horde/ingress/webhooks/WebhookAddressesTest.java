package ai.horde.ingress.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may not reach, in IPv4, IPv6 and IPv4 embedded in IPv6. */
class WebhookAddressesTest {
  private static InetAddress address(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal); // a literal: never looked up
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255",
      "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255",
      "192.0.0.1", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
      "::1", "::", "fe80::1", "febf::1", "fc00::1", "fd12:3456:789a::1", "fec0::1", "ff02::1",
      "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::127.0.0.1", "::10.0.0.1",
      "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::1", "2002:a00:1::1"})
  void forbidden(String literal) throws UnknownHostException {
    assertThat(WebhookAddresses.forbidden(address(literal))).as(literal).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255",
      "100.128.0.1", "169.253.1.1", "192.169.0.1", "11.0.0.1", "126.255.255.255", "223.255.255.255",
      "2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
  void allowed(String literal) throws UnknownHostException {
    assertThat(WebhookAddresses.forbidden(address(literal))).as(literal).isFalse();
  }
}
