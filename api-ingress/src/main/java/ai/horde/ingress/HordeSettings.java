package ai.horde.ingress;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.UUID;

/**
 * Ingress's settings ({@code horde.*} in application.yml, where each is mapped from its environment variable,
 * which is how the README documents them).
 *
 * @param instanceId this instance's id: replies to its commands come back keyed by it ({@code HORDE_INSTANCE_ID};
 *     a random one when it is not set)
 * @param kafkaBootstrapServers the Kafka cluster ({@code KAFKA_BOOTSTRAP_SERVERS})
 * @param popHold how long a pop without a job is held open ({@code HORDE_POP_HOLD_MS})
 * @param commandTimeout how long a command may take, from its sending until the views show its effects
 * @param lookupCatchUp how long a lookup that finds nothing reads on before it declares something unknown
 * @param secretKey the key API keys are hashed with ({@code HORDE_SECRET_KEY})
 * @param admins the admins' aliases as a JSON list ({@code HORDE_ADMINS})
 * @param testApiKeys whether {@code POST /api/v2/dev/test-user} exists ({@code HORDE_TEST_APIKEYS})
 */
@ConfigurationProperties("horde")
public record HordeSettings(String instanceId, String kafkaBootstrapServers, Duration popHold,
    Duration commandTimeout, Duration lookupCatchUp, String secretKey, String admins, String testApiKeys) {

  public HordeSettings {
    instanceId = instanceId == null || instanceId.isBlank() ? UUID.randomUUID().toString() : instanceId;
  }
}
