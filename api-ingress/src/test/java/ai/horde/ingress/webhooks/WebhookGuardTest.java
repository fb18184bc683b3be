package ai.horde.ingress.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.ingress.http.ApiError;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The guard at request time (the future fails with the refusal) and at send time (resolved again). */
class WebhookGuardTest {
  private String rebinding = "93.184.216.34";
  private final WebhookTarget.Resolver dns = host -> switch (host) {
    case "hooks.example.com" -> List.of(InetAddress.getByName(rebinding));
    default -> throw new UnknownHostException(host);
  };

  @Test
  void noWebhookIsNoCheck() {
    WebhookGuard guard = new WebhookGuard(false, dns);
    assertThat(guard.check(null)).isCompleted();
    assertThat(guard.check("")).isCompleted();
  }

  @Test
  void aPublicHostIsAcceptedAndAPrivateOneRefused() {
    WebhookGuard guard = new WebhookGuard(false, dns);
    guard.check("https://hooks.example.com/h").join();
    rebinding = "10.0.0.1";
    assertThatThrownBy(() -> guard.check("https://hooks.example.com/h").join())
        .isInstanceOf(CompletionException.class).cause().isInstanceOf(ApiError.class)
        .hasMessage("webhooks may not point to a loopback, private or link-local address.");
  }

  @Test
  void theSchemeIsRefusedAtOnce() {
    WebhookGuard guard = new WebhookGuard(true, dns);
    assertThatThrownBy(() -> guard.check("http://hooks.example.com/h")).isInstanceOf(ApiError.class)
        .hasMessage("webhooks need to point to an https endpoint.");
  }

  @Test
  void aNameThatDoesNotResolveYetIsAcceptedAndJudgedWhenSent() {
    WebhookGuard guard = new WebhookGuard(false, dns);
    guard.check("https://later.example.com/h").join();
    assertThatThrownBy(() -> guard.addressForSend(WebhookTarget.parse("https://later.example.com/h")))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void aNameThatRebindsToAPrivateAddressIsRefusedWhenSent() throws UnknownHostException {
    // Given a webhook accepted while its name resolved to a public address
    WebhookGuard guard = new WebhookGuard(false, dns);
    guard.check("https://hooks.example.com/h").join();
    assertThat(guard.addressForSend(WebhookTarget.parse("https://hooks.example.com/h")).getHostAddress())
        .isEqualTo("93.184.216.34");

    // When the name resolves to a loopback address by the time it is sent
    rebinding = "127.0.0.1";

    // Then the send is refused
    assertThatThrownBy(() -> guard.addressForSend(WebhookTarget.parse("https://hooks.example.com/h")))
        .isInstanceOf(ApiError.class);
  }
}
