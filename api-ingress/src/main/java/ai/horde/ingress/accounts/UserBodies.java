package ai.horde.ingress.accounts;

import ai.horde.ingress.http.NotRequired;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The bodies of the user endpoints (spec §1.5), named as the reference's models. */
final class UserBodies {
  private UserBodies() {}

  /**
   * A user's details ({@code GET /find_user}, {@code /users}, {@code /users/{id}}) at the requester's level:
   * 0 to anyone, 1 to the user itself, 2 to moderators (spec §1.5). Fields not shown at a level are left out.
   *
   * @param username the alias and the id, {@code alias#id}
   * @param id the user's id
   * @param kudos the balance
   * @param evaluatingKudos (level 2) the escrow: earnings held until the user is trusted
   * @param concurrency how many jobs the user may have waiting at once
   * @param accountAge seconds since the account was created
   * @param vpn (level 1) the VPN role
   * @param special (level 1) the special role
   * @param contact (level 1) how to reach the user, when given
   * @param monthlyKudos (level 2) recurring kudos (not modelled: amount 0)
   * @param suspicious (level 2) how many suspicion reasons the user has
   * @param adminComment (level 2) the moderators' comment, when given
   * @param workerIds (level 1, or to anyone when the user made its workers public) the user's workers
   * @param sharedkeyIds (level 1) always empty: shared keys are stored only as hashes
   * @param activeGenerations (level 1) the user's requests in progress
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "UserDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserDetails(String username, long id, double kudos, @NotRequired Double evaluatingKudos,
      UserKudosDetails kudosDetails, UsageDetails usage, ContributionsDetails contributions, UserRecords records,
      int concurrency, int workerInvited, boolean moderator, boolean trusted, boolean flagged, boolean pseudonymous,
      int workerCount, long accountAge, boolean service, boolean deleted, boolean education, boolean customizer,
      @NotRequired Boolean vpn, @NotRequired Boolean special, @NotRequired String contact,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) MonthlyKudos monthlyKudos, @NotRequired Integer suspicious,
      @NotRequired String adminComment, List<Object> styles, @NotRequired List<String> workerIds,
      @NotRequired List<String> sharedkeyIds,
      @Schema(requiredMode = RequiredMode.NOT_REQUIRED) ActiveGenerations activeGenerations) {}

  /**
   * A user's recurring kudos.
   *
   * @param amount kudos a month
   * @param lastReceived when they were last received (never shown yet)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "MonthlyKudos", additionalProperties = AdditionalPropertiesValue.FALSE)
  record MonthlyKudos(int amount, @NotRequired String lastReceived) {}

  /** A user's kudos per reason, each always present. */
  @Schema(name = "UserKudosDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserKudosDetails(double accumulated, double gifted, double donated, double admin, double received,
      double recurring, double awarded, double styled) {}

  /** Obsolete: always nulls. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "UsageDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UsageDetails(@Nullable @Schema(requiredMode = RequiredMode.REQUIRED) Double megapixelsteps,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) Integer requests) {
    static final UsageDetails NONE = new UsageDetails(null, null);
  }

  /** Obsolete: always nulls. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "ContributionsDetails", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ContributionsDetails(@Nullable @Schema(requiredMode = RequiredMode.REQUIRED) Double megapixelsteps,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) Integer fulfillments) {
    static final ContributionsDetails NONE = new ContributionsDetails(null, null);
  }

  /** A user's records. */
  @Schema(name = "UserRecords", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserRecords(UserThingRecords usage, UserThingRecords contribution, UserAmountRecords fulfillment,
      UserAmountRecords request, UserAmountRecords style) {}

  /** Amounts generated or requested. */
  @Schema(name = "UserThingRecords", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserThingRecords(double megapixelsteps, long tokens) {}

  /** Counts per kind of generation. */
  @Schema(name = "UserAmountRecords", additionalProperties = AdditionalPropertiesValue.FALSE)
  record UserAmountRecords(long image, long text, long interrogation) {}

  /** The ids of a user's requests still in progress, per kind. */
  @Schema(name = "ActiveGenerations", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ActiveGenerations(List<String> text, List<String> image, List<String> alchemy) {}

  /** A user's changes ({@code PUT /users/{id}}): each field has its own permission (spec §1.5 U3). */
  @Schema(name = "ModifyUserInput")
  record ModifyUserInput(
      // An int in the reference; bounded by what one ledger leg may move (10^13 kudos).
      @NotRequired @Min(-10_000_000_000_000L) @Max(10_000_000_000_000L)
      @Schema(description = "(admin) kudos to add, may be negative") Long kudos,
      @NotRequired @Min(0) @Max(500) Integer concurrency,
      @NotRequired @DecimalMin("0.1") @DecimalMax("10") Double usageMultiplier,
      @NotRequired Integer workerInvited,
      @NotRequired Boolean moderator,
      @NotRequired Boolean publicWorkers,
      @NotRequired @Schema(description = "accepted and ignored") Integer monthlyKudos,
      @NotRequired @Size(min = 3, max = 100) String username,
      @NotRequired Boolean trusted,
      @NotRequired Boolean flagged,
      @NotRequired Boolean customizer,
      @NotRequired Boolean vpn,
      @NotRequired Boolean service,
      @NotRequired Boolean education,
      @NotRequired Boolean special,
      @NotRequired Boolean filtered,
      @NotRequired Boolean resetSuspicion,
      @NotRequired @Size(min = 5, max = 500) String contact,
      @NotRequired @Size(min = 5, max = 500) String adminComment,
      @NotRequired Boolean generateProxyPasskey,
      @NotRequired Boolean undelete) {}

  /**
   * A user's changes as applied: each asked-for field with its value after the change.
   *
   * @param newKudos the balance after an admin's kudos change
   * @param newSuspicion always 0 after a reset
   * @param proxyPasskey the new proxy passkey, shown only here
   * @param undeleted whether the user is no longer deleted
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ModifyUser", additionalProperties = AdditionalPropertiesValue.FALSE)
  record ModifyUser(@NotRequired Double newKudos, @NotRequired Double usageMultiplier, @NotRequired Boolean moderator,
      @NotRequired Integer concurrency, @NotRequired Integer workerInvited, @NotRequired Boolean trusted,
      @NotRequired Boolean flagged, @NotRequired Boolean customizer, @NotRequired Boolean vpn,
      @NotRequired Boolean service, @NotRequired Boolean special, @NotRequired Boolean education,
      @NotRequired Integer newSuspicion, @NotRequired String adminComment, @NotRequired Boolean publicWorkers,
      @NotRequired String username, @NotRequired String contact, @NotRequired String proxyPasskey,
      @NotRequired Boolean undeleted) {}

  /**
   * A test user to mint or refresh ({@code POST /api/v2/dev/test-user}, not documented).
   *
   * @param kudos its balance; null leaves it as it is
   */
  record TestUserInput(@NotRequired String username, @NotRequired String oauthId, @NotRequired Boolean moderator,
      @NotRequired Boolean trusted, @Nullable @Min(0) @Max(Long.MAX_VALUE / 100) Long kudos) {}

  /** A test user, with its new key. */
  record TestUser(String apiKey, long userId, String username, String alias, double kudos, boolean trusted,
      boolean moderator, boolean created) {}
}
