package ai.horde.ingress.filters;

import ai.horde.ingress.http.NotRequired;
import ai.horde.ingress.http.RequiredArgument;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** The bodies of the filter endpoints (spec §1.12 F1–F3), named as the reference's models. */
final class FilterBodies {
  private FilterBodies() {}

  static final String API_KEY_HELP = "A mod API key.";
  static final int MIN_TYPE = 10;
  static final int MAX_TYPE = 29;

  /**
   * {@code PUT /filters}: a new filter, or the one with the same regex and type.
   *
   * @param regex the regex for this filter
   * @param filterType the integer defining this filter type
   * @param description about this regex
   * @param replacement the replacement string for this regex
   */
  @Schema(name = "PutNewFilter")
  record PutNewFilter(@NotNull String regex, @NotNull @Min(MIN_TYPE) @Max(MAX_TYPE) Integer filterType,
      @NotRequired String description, @NotRequired @Schema(defaultValue = "") String replacement) {}

  /** {@code PATCH /filters/{id}}: what is given (and not empty, as the reference reads it) changes. */
  @Schema(name = "PatchExistingFilter")
  record PatchExistingFilter(@NotRequired String regex, @NotRequired @Min(MIN_TYPE) @Max(MAX_TYPE) Integer filterType,
      @NotRequired String description, @NotRequired @Schema(defaultValue = "") String replacement) {}

  /**
   * {@code POST /filters}: a prompt to check.
   *
   * @param filterType check only this type
   */
  @Schema(name = "FilterPromptCheck")
  record FilterPromptCheck(@RequiredArgument(help = "The prompt to check.") String prompt,
      @NotRequired Integer filterType) {}

  /**
   * A filter. The reference renders the id as a string; a null description is left out (the reference leaves
   * it out of its lists and shows it as null after a PUT or PATCH).
   *
   * @param user the moderator who added or last changed it ({@code name#id})
   */
  @Schema(name = "FilterDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record FilterDetails(String id, String regex, int filterType,
      @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) String description, String replacement, String user) {}

  /**
   * The suspicion of a prompt.
   *
   * @param suspicion 2 or more would be blocked (a string, as the reference renders it)
   * @param matches which words in the prompt matched the filters
   */
  @Schema(name = "FilterPromptSuspicion", additionalProperties = AdditionalPropertiesValue.FALSE)
  record FilterPromptSuspicion(String suspicion, List<String> matches) {}

  /**
   * One filter type's full regex.
   *
   * @param regex its filters joined with {@code |}; left out when the type has none
   */
  @Schema(name = "FilterRegex", additionalProperties = AdditionalPropertiesValue.FALSE)
  record FilterRegex(int filterType, @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) String regex) {}
}
