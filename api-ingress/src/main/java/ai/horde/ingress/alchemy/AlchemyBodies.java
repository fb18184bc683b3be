package ai.horde.ingress.alchemy;

import ai.horde.alchemy.AlchemyForms;
import ai.horde.ingress.http.NotRequired;
import ai.horde.ingress.http.RequiredArgument;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the alchemy endpoints (spec §1.3, A1 {@code POST /interrogate/async}, A2/A3
 * {@code /interrogate/status/{id}}, A4 {@code /interrogate/pop}, A5 {@code /interrogate/submit}), named as the
 * reference's models, with the limits of its models and the defaults of its request parsers (which win where the
 * two disagree: the pop's {@code max_tiles} is 80 as its parser says, not the model's 16).
 *
 * <p>Form names are the reference's enum: the interrogations, then its known post-processors
 * ({@link AlchemyForms#INTERROGATIONS}, {@link AlchemyForms#POST_PROCESSORS}). A form's {@code payload} and
 * result are open objects (the reference's wildcard models), passed on as they were sent.
 *
 * <p>{@code trusted_workers} is not in the reference's model: its parser reads any JSON value with Python's
 * {@code bool()}, and so does {@link ModelInterrogationInputStable#trusted}.
 *
 * <p>Known gaps: the submit body is not schema-checked by the reference (its parser alone reads it): a
 * {@code result} that is not an object is refused here with jsonschema's words, there with the parser's (which
 * takes {@code ""} and {@code []} for an empty result, and fails with a 500 on {@code null}).
 */
final class AlchemyBodies {
  private AlchemyBodies() {}

  static final String NAME_HELP = "The worker's unique name, to track contributions";
  static final String ID_HELP = "The processing generation uuid";
  static final String RESULT_HELP = "The completed interrogation form results";

  /**
   * One form asked of an image.
   *
   * @param name what to do: an interrogation or a post-processor
   * @param payload what the form needs, passed to the alchemist as sent
   */
  @Schema(name = "ModelInterrogationFormStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModelInterrogationFormStable(
      @NotNull @Schema(allowableValues = {"caption", "interrogation", "nsfw", "vectorize", "palette", "describe",
          "aesthetic", "GFPGAN", "RealESRGAN_x4plus", "RealESRGAN_x2plus", "RealESRGAN_x4plus_anime_6B",
          "NMKD_Siax", "4x_AnimeSharp", "CodeFormers", "strip_background", "4xNomos8kSC", "4xLSDIRplus",
          "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2", "2xModernSpanimationV1",
          "GFPGANv1.3", "RestoreFormer"}) String name,
      @Schema(implementation = Object.class, requiredMode = RequiredMode.NOT_REQUIRED) Map<String, Object> payload) {}

  /**
   * An image to interrogate and the forms asked of it.
   *
   * @param sourceImage a URL, or the image as base64 (webp, png, jpeg...)
   * @param trustedWorkers only trusted alchemists (the reference's parser reads it; its model does not list it)
   * @param slowWorkers whether slow alchemists may serve it (off costs 1 kudos less per form)
   * @param webhook where each delivered form is announced (https only)
   */
  @Schema(name = "ModelInterrogationInputStable", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModelInterrogationInputStable(
      @NotRequired List<ModelInterrogationFormStable> forms,
      @RequiredArgument(help = "") @Schema(description = "The public URL of the image to interrogate.")
      String sourceImage,
      @NotRequired @Schema(type = "boolean", defaultValue = "false") JsonNode trustedWorkers,
      @NotRequired @Schema(defaultValue = "true") Boolean slowWorkers,
      @NotRequired @Size(min = 10, max = 1024) String webhook) {

    ModelInterrogationInputStable {
      forms = forms == null ? List.of() : forms;
      slowWorkers = slowWorkers == null || slowWorkers;
    }

    /** {@code trusted_workers} as Python's {@code bool()} reads it: any value, by its truthiness. */
    boolean trusted() {
      JsonNode value = trustedWorkers;
      if (value == null || value.isNull()) {
        return false;
      }
      if (value.isBoolean()) {
        return value.booleanValue();
      }
      if (value.isNumber()) {
        return value.doubleValue() != 0;
      }
      return value.isTextual() ? !value.textValue().isEmpty() : !value.isEmpty();
    }
  }

  /** An interrogation accepted: read its status with its id. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "RequestInterrogationResponse", additionalProperties = AdditionalPropertiesValue.FALSE)
  record RequestInterrogationResponse(String id, @NotRequired String message) {}

  /**
   * One form of an interrogation as the requester sees it.
   *
   * @param state {@code waiting}, {@code processing}, {@code done}, {@code faulted} or {@code cancelled}
   * @param result what the alchemist found (a post-processed image is a link); absent until it is done
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "InterrogationFormStatus", additionalProperties = AdditionalPropertiesValue.FALSE)
  record InterrogationFormStatus(String form, String state,
      @Schema(implementation = Object.class, requiredMode = RequiredMode.NOT_REQUIRED) JsonNode result) {}

  /**
   * An interrogation's state and its forms, in the order they were asked.
   *
   * @param state {@code waiting}, {@code processing}, {@code partial}, {@code done} or {@code faulted}
   */
  @Schema(name = "InterrogationStatus", additionalProperties = AdditionalPropertiesValue.FALSE)
  record InterrogationStatus(String state, List<InterrogationFormStatus> forms) {}

  /**
   * An alchemist asks for forms.
   *
   * @param forms the forms it serves ({@code caption} when it names none)
   * @param amount how many forms it takes at once (of as many interrogations)
   * @param maxTiles the most 512×512 tiles it post-processes
   */
  @Schema(name = "InterrogationPopInput", additionalProperties = AdditionalPropertiesValue.FALSE)
  record InterrogationPopInput(
      @RequiredArgument(help = NAME_HELP) String name,
      @NotRequired List<String> priorityUsernames,
      @NotRequired @ArraySchema(schema = @Schema(allowableValues = {"caption", "interrogation", "nsfw", "vectorize",
          "palette", "describe", "aesthetic", "GFPGAN", "RealESRGAN_x4plus", "RealESRGAN_x2plus",
          "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp", "CodeFormers", "strip_background",
          "4xNomos8kSC", "4xLSDIRplus", "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample",
          "4xNomos2_hq_dat2", "2xModernSpanimationV1", "GFPGANv1.3", "RestoreFormer"})) List<String> forms,
      @NotRequired @Schema(defaultValue = "1") Integer amount,
      @NotRequired @Size(max = 1000) @Schema(defaultValue = "unknown:0:unknown") String bridgeAgent,
      @NotRequired @Min(1) @Max(100) @Schema(defaultValue = "1") Integer threads,
      @NotRequired @Min(1) @Max(256) @Schema(defaultValue = "80") Integer maxTiles) {

    InterrogationPopInput {
      priorityUsernames = priorityUsernames == null ? List.of() : priorityUsernames;
      forms = forms == null ? List.of() : forms;
      amount = amount == null ? 1 : amount;
      bridgeAgent = bridgeAgent == null ? "unknown:0:unknown" : bridgeAgent;
      threads = threads == null ? 1 : threads;
      maxTiles = maxTiles == null ? 80 : maxTiles;
    }
  }

  /**
   * A form handed to an alchemist.
   *
   * @param id the form's job id: submit its result with it
   * @param payload the form's payload, as the requester sent it
   * @param sourceImage where to download the image from
   * @param r2Upload where to PUT the post-processed image (post-processors only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "InterrogationPopFormPayload", additionalProperties = AdditionalPropertiesValue.FALSE)
  record InterrogationPopFormPayload(String id, String form,
      @Schema(implementation = Object.class, requiredMode = RequiredMode.NOT_REQUIRED) JsonNode payload,
      String sourceImage, @NotRequired String r2Upload) {}

  /** Why waiting forms were skipped, by reason (only the reasons that occurred). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "NoValidInterrogationsFound", additionalProperties = AdditionalPropertiesValue.FALSE)
  record NoValidInterrogationsFound(@NotRequired @Min(0) Integer workerId, @NotRequired @Min(0) Integer untrusted,
      @NotRequired @Min(0) Integer bridgeVersion) {

    static NoValidInterrogationsFound of(Map<String, Integer> skipped) {
      return new NoValidInterrogationsFound(skipped.get("worker_id"), skipped.get("untrusted"),
          skipped.get("bridge_version"));
    }
  }

  /**
   * A pop's answer: the forms handed out, or none and why.
   *
   * @param forms the forms, or null when none was handed out (as the reference marshals a missing list)
   */
  @Schema(name = "InterrogationPopPayload", additionalProperties = AdditionalPropertiesValue.FALSE)
  record InterrogationPopPayload(@io.micronaut.core.annotation.Nullable List<InterrogationPopFormPayload> forms,
      NoValidInterrogationsFound skipped) {}

  /**
   * An alchemist's result of a form.
   *
   * @param result what it found, by name; {@code "R2"} for a value stands for the image it uploaded
   * @param state {@code ok}, or {@code faulted} to give the form back
   */
  @Schema(name = "InterrogationSubmitInput", additionalProperties = AdditionalPropertiesValue.FALSE)
  record InterrogationSubmitInput(
      @RequiredArgument(help = ID_HELP) String id,
      @RequiredArgument(help = RESULT_HELP) @Schema(implementation = Object.class) Map<String, Object> result,
      @NotRequired @Schema(defaultValue = "ok") String state) {

    InterrogationSubmitInput {
      state = state == null ? "ok" : state;
    }
  }
}
