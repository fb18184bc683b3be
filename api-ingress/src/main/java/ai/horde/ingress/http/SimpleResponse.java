package ai.horde.ingress.http;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;

/**
 * The reference's {@code SimpleResponse}: what a deletion (of a user, a shared key, a worker message, a filter…)
 * answers.
 *
 * @param message OK
 */
@Schema(name = "SimpleResponse", additionalProperties = AdditionalPropertiesValue.FALSE)
public record SimpleResponse(String message) {
  public static final SimpleResponse OK = new SimpleResponse("OK");
}
