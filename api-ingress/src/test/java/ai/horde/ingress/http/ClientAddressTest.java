package ai.horde.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import org.junit.jupiter.api.Test;

/** Which address a call comes from, behind as many trusted proxies as configured. */
class ClientAddressTest {
  private static MutableHttpRequest<?> forwardedFor(String header) {
    return HttpRequest.GET("/api/v2/status/heartbeat").header("X-Forwarded-For", header);
  }

  @Test
  void behindOneProxyTheClientIsTheLastEntryWhateverTheClientWroteBeforeIt() {
    ClientAddress oneProxy = new ClientAddress(1);
    assertThat(oneProxy.of(forwardedFor("198.51.100.4"))).isEqualTo("198.51.100.4");
    assertThat(oneProxy.of(forwardedFor("10.0.0.1, 203.0.113.9"))).isEqualTo("203.0.113.9");
  }

  @Test
  void behindTwoProxiesTheClientIsTheSecondEntryFromTheEnd() {
    ClientAddress twoProxies = new ClientAddress(2);
    assertThat(twoProxies.of(forwardedFor("10.0.0.1, 203.0.113.9, 192.0.2.1"))).isEqualTo("203.0.113.9");
    assertThat(twoProxies.of(forwardedFor("203.0.113.9"))).isEqualTo("203.0.113.9");
  }

  @Test
  void withNoProxyTheHeaderIsNotBelieved() {
    ClientAddress direct = new ClientAddress(0);
    MutableHttpRequest<?> request = forwardedFor("203.0.113.9");
    assertThat(direct.of(request)).isEqualTo(request.getRemoteAddress().getAddress().getHostAddress())
        .isNotEqualTo("203.0.113.9");
  }
}
