package ai.horde.ingress.accounts;

import ai.horde.ingress.http.NotRequired;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** The bodies of the shared key endpoints (spec §1.8), named as the reference's models. */
final class SharedKeyBodies {
  private SharedKeyBodies() {}

  /**
   * A shared key's settings ({@code PUT /sharedkeys}: what is left out takes the default; {@code PATCH}: only
   * what is given changes). The reference checks only the types; here the ranges its documentation gives are
   * enforced (a key's kudos are kept by the ledger, which must never overflow).
   *
   * @param kudos what the key may spend, -1 for unlimited (5000 for a new key)
   * @param expiry days until the key expires, -1 for never
   * @param name a name for the key
   */
  @Schema(name = "SharedKeyInput")
  record SharedKeyInput(@NotRequired @Min(-1) @Max(50_000_000) @Schema(defaultValue = "5000") Long kudos,
      @NotRequired @Min(-1) @Max(36_500) @Schema(defaultValue = "-1") Integer expiry,
      @NotRequired @Size(max = 255) String name,
      @NotRequired @Min(-1) @Max(Integer.MAX_VALUE) @Schema(defaultValue = "-1") Integer maxImagePixels,
      @NotRequired @Min(-1) @Max(Integer.MAX_VALUE) @Schema(defaultValue = "-1") Integer maxImageSteps,
      @NotRequired @Min(-1) @Max(Integer.MAX_VALUE) @Schema(defaultValue = "-1") Integer maxTextTokens) {}

  /**
   * A shared key.
   *
   * @param id the key itself (it is handed out in this field)
   * @param username the owner's alias
   * @param name its name, null when it has none
   * @param kudos what it may still spend, -1 for unlimited
   * @param expiry when it expires (RFC 822), null for never
   * @param utilized the kudos spent with it
   * @param maxTextTokens the most tokens a job may ask for with it, -1 for unlimited
   */
  @Schema(name = "SharedKeyDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record SharedKeyDetails(String id, String username,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String name, long kudos,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) String expiry, long utilized, int maxImagePixels,
      int maxImageSteps, int maxTextTokens) {}
}
