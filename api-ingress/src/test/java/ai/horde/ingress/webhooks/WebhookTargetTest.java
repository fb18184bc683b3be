package ai.horde.ingress.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.ingress.http.ApiError;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A webhook's URL taken apart, and refused for its scheme or for where its host resolves (a fake DNS here). */
class WebhookTargetTest {
  /** A name server that knows a few names, one of them rebinding to a private address among public ones. */
  private static final WebhookTarget.Resolver DNS = host -> {
    Map<String, List<String>> names = Map.of("hooks.example.com", List.of("93.184.216.34"),
        "localhost", List.of("127.0.0.1", "::1"), "metadata.internal", List.of("169.254.169.254"),
        "mixed.example.com", List.of("93.184.216.34", "10.0.0.7"), "v6.example.com", List.of("fd00::5"));
    List<String> found = names.get(host);
    if (found == null) {
      throw new UnknownHostException(host);
    }
    List<InetAddress> addresses = new java.util.ArrayList<>();
    for (String literal : found) {
      addresses.add(InetAddress.getByName(literal));
    }
    return addresses;
  };

  private static void assertRefused(Runnable check, String message) {
    assertThatThrownBy(check::run).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.rc()).isEqualTo("BadRequest");
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  @Test
  void onlyHttpsWithAHostIsAWebhook() {
    assertRefused(() -> WebhookTarget.parse("http://hooks.example.com/h"), "webhooks need to point to an https endpoint.");
    assertRefused(() -> WebhookTarget.parse("HTTPS://hooks.example.com/h"), "webhooks need to point to an https endpoint.");
    assertRefused(() -> WebhookTarget.parse("https:///nohost"), "webhooks need to point to an https endpoint.");
    assertRefused(() -> WebhookTarget.parse("https://bad host/"), "webhooks need to point to an https endpoint.");
  }

  @Test
  void theUrlIsTakenApartForTheConnection() {
    assertThat(WebhookTarget.parse("https://hooks.example.com/a/b?x=1&y=%20"))
        .isEqualTo(new WebhookTarget("hooks.example.com", 443, "/a/b?x=1&y=%20"));
    assertThat(WebhookTarget.parse("https://user@hooks.example.com:8443"))
        .isEqualTo(new WebhookTarget("hooks.example.com", 8443, "/"));
    assertThat(WebhookTarget.parse("https://[::1]:9000/h")).isEqualTo(new WebhookTarget("::1", 9000, "/h"));
  }

  @Test
  void namesAreJudgedByEveryAddressTheyResolveTo() throws UnknownHostException {
    String refusal = "webhooks may not point to a loopback, private or link-local address.";
    assertThat(WebhookTarget.parse("https://hooks.example.com/h").addresses(DNS, false)).hasSize(1);
    assertRefused(() -> addresses("https://localhost/h", false), refusal);
    assertRefused(() -> addresses("https://metadata.internal/latest", false), refusal);
    assertRefused(() -> addresses("https://mixed.example.com/h", false), refusal);
    assertRefused(() -> addresses("https://v6.example.com/h", false), refusal);
    assertThatThrownBy(() -> WebhookTarget.parse("https://nowhere.example.com/h").addresses(DNS, false))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void literalsAreJudgedAsTheyAre() {
    String refusal = "webhooks may not point to a loopback, private or link-local address.";
    for (String url : List.of("https://127.0.0.1/h", "https://10.0.0.1/h", "https://[::1]/h",
        "https://169.254.169.254/h", "https://[::ffff:127.0.0.1]/h", "https://[fe80::1]/h", "https://100.64.1.1/h",
        "https://0.0.0.0/h")) {
      assertRefused(() -> addresses(url, false), refusal);
    }
  }

  @Test
  void anOperatorMayAllowPrivateTargets() throws UnknownHostException {
    assertThat(WebhookTarget.parse("https://localhost/h").addresses(DNS, true)).hasSize(2);
  }

  private static void addresses(String url, boolean allowPrivate) {
    try {
      WebhookTarget.parse(url).addresses(host -> {
        try {
          return DNS.resolve(host);
        } catch (UnknownHostException e) {
          return WebhookTarget.Resolver.SYSTEM.resolve(host); // a literal: never looked up
        }
      }, allowPrivate);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
