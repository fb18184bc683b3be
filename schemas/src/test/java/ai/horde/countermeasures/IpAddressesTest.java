package ai.horde.countermeasures;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressesTest {
  @Test
  void addressesAndBlocksAreReadAsPythonsIpaddressReadsThem() {
    assertThat(IpAddresses.normalise("203.0.113.7")).contains("203.0.113.7");
    assertThat(IpAddresses.normalise("203.0.113.0/24")).contains("203.0.113.0/24");
    assertThat(IpAddresses.normalise("2001:DB8:0:0:0:0:0:1")).contains("2001:db8::1");
    assertThat(IpAddresses.normalise("2001:db8:0:1::/64")).contains("2001:db8:0:1::/64");
    assertThat(IpAddresses.normalise("::ffff:192.0.2.1")).contains("::ffff:c000:201");
    assertThat(IpAddresses.parse("203.0.113.7").orElseThrow().single()).isTrue();
    assertThat(IpAddresses.parse("203.0.113.7/32").orElseThrow().single()).isFalse();
  }

  @Test
  void anythingElseIsNotAnAddress() {
    assertThat(IpAddresses.parse("203.0.113.7/24")).as("host bits set").isEmpty();
    assertThat(IpAddresses.parse("203.0.113.256")).isEmpty();
    assertThat(IpAddresses.parse("203.0.113.07")).as("leading zero").isEmpty();
    assertThat(IpAddresses.parse("203.0.113")).isEmpty();
    assertThat(IpAddresses.parse("203.0.113.0/33")).isEmpty();
    assertThat(IpAddresses.parse("2001:db8::1::2")).isEmpty();
    assertThat(IpAddresses.parse("2001:db8:1:2:3:4:5:6:7")).isEmpty();
    assertThat(IpAddresses.parse("localhost")).isEmpty();
    assertThat(IpAddresses.parse("not-an-ip")).isEmpty();
  }

  @Test
  void aBlockHoldsTheAddressesAndSmallerBlocksOfItsFamilyUnderItsPrefix() {
    var block = IpAddresses.parse("203.0.113.0/24").orElseThrow();
    assertThat(block.contains(IpAddresses.parse("203.0.113.200").orElseThrow())).isTrue();
    assertThat(block.contains(IpAddresses.parse("203.0.113.128/25").orElseThrow())).isTrue();
    assertThat(block.contains(IpAddresses.parse("203.0.114.1").orElseThrow())).isFalse();
    assertThat(block.contains(IpAddresses.parse("203.0.112.0/23").orElseThrow())).isFalse();
    assertThat(block.contains(IpAddresses.parse("::ffff:203.0.113.1").orElseThrow())).isFalse();
  }

  @Test
  void aWorkersIpv6AddressIsTimedOutAsItsSlash64() {
    assertThat(IpAddresses.workerScope("2001:db8:1:2:aaaa::5").map(Object::toString)).contains("2001:db8:1:2::/64");
    assertThat(IpAddresses.workerScope("198.51.100.4").map(Object::toString)).contains("198.51.100.4");
    assertThat(IpAddresses.workerScope(null)).isEmpty();
  }
}
