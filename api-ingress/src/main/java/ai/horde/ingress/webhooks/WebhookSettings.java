package ai.horde.ingress.webhooks;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Webhook settings ({@code horde.webhooks.*} in application.yml, each from the environment variable the README
 * documents).
 *
 * @param allowPrivateFlag webhooks may point at loopback, private and link-local addresses when set to anything
 *     but {@code false} or {@code 0} ({@code HORDE_WEBHOOK_ALLOW_PRIVATE}): for a horde whose requesters are on
 *     its own network, or a test; never on a public horde (it opens the horde's network to its requesters)
 * @param trustStore a trust store (PKCS12 or JKS) whose certificates webhook receivers may present, instead of the
 *     JVM's default CAs ({@code HORDE_WEBHOOK_TRUST_STORE}): for receivers with a private CA
 * @param trustStorePassword its password ({@code HORDE_WEBHOOK_TRUST_STORE_PASSWORD})
 */
@ConfigurationProperties("horde.webhooks")
record WebhookSettings(@Nullable String allowPrivateFlag, @Nullable String trustStore,
    @Nullable String trustStorePassword) {

  boolean allowPrivate() {
    return allowPrivateFlag != null && !allowPrivateFlag.isBlank() && !allowPrivateFlag.strip().equals("false")
        && !allowPrivateFlag.strip().equals("0");
  }
}
