package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The settings' defaults, as the README documents them, when no environment variable sets them. */
@MicronautTest(transactional = false, startApplication = false)
class HordeSettingsTest {
  @Inject
  HordeSettings settings;

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertThat(UUID.fromString(settings.instanceId()).toString()).isEqualTo(settings.instanceId());
    assertThat(settings.kafkaBootstrapServers()).isEqualTo("localhost:29092");
    assertThat(settings.popHold()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.commandTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.lookupCatchUp()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.secretKey()).isEqualTo("s0m3s3cr3t");
    assertThat(settings.admins()).isEqualTo("[]");
  }
}
