package ai.horde.ingress.intake;

import ai.horde.ingress.http.NotRequired;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The bodies every kind of generation request and submit shares, named as the reference's models. */
public final class IntakeBodies {
  private IntakeBodies() {}

  /**
   * A request accepted (202), or priced (200, {@code dry_run}: {@code kudos} only).
   *
   * @param id the request's id: read its status with it
   * @param kudos the expected price in kudos
   * @param message a warning, when no worker online can serve the request
   * @param warnings what the request asks that may give worse results (images)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "RequestAsync", additionalProperties = AdditionalPropertiesValue.FALSE)
  public record RequestAsync(@NotRequired String id, double kudos, @NotRequired String message,
      @NotRequired List<RequestSingleWarning> warnings) {

    public RequestAsync(String id, double kudos, String message) {
      this(id, kudos, message, null);
    }
  }

  /** One warning of a request: its code and what it means. */
  @Schema(name = "RequestSingleWarning", additionalProperties = AdditionalPropertiesValue.FALSE)
  public record RequestSingleWarning(String code, String message) {}

  /**
   * A delivered job.
   *
   * @param reward the kudos credited to the worker's owner for it (0 for a faulted job)
   */
  @Schema(name = "GenerationSubmitted", additionalProperties = AdditionalPropertiesValue.FALSE)
  public record GenerationSubmitted(double reward) {}

  /**
   * An extra source image, for remix (text requests refuse any).
   *
   * @param image base64 (webp, png, jpeg...) or a URL
   * @param strength how strongly it is used (the reference's document says 1.0; nothing fills it in)
   */
  @Schema(name = "ExtraSourceImage", additionalProperties = AdditionalPropertiesValue.FALSE)
  public record ExtraSourceImage(@NotRequired @Size(min = 1) String image, @NotRequired Double strength) {}

  /**
   * A message for the popping worker, as the reference's pop shows it (its own messages and those to every
   * worker that have not expired).
   *
   * @param id the message's id
   * @param origin who it says it is from
   * @param expiry when it expires (RFC 822)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ResponseModelMessagePop", additionalProperties = AdditionalPropertiesValue.FALSE)
  public record PopMessage(String id, String message, @NotRequired String origin, String expiry) {}
}
