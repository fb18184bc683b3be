package ai.horde.ingress.operations;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The bodies of the moderators' operations (spec §1.13 O1–O3), named as the reference's models. */
final class OperationsBodies {
  private OperationsBodies() {}

  /**
   * O1 POST: an address or CIDR block to put into timeout.
   *
   * @param ipaddr the IP address or CIDR to add to timeout
   * @param hours for how many hours to put this IP in timeout
   */
  @Schema(name = "AddTimeoutIPInput")
  record AddTimeoutIPInput(@NotNull @Size(min = 7, max = 40) @Schema(example = "127.0.0.1") String ipaddr,
      @NotNull @Min(1) @Max(720) @Schema(example = "24") Integer hours) {}

  /** O1 DELETE: @param ipaddr the IP address or CIDR to remove from timeout */
  @Schema(name = "DeleteTimeoutIPInput")
  record DeleteTimeoutIPInput(@NotNull @Size(min = 7, max = 40) @Schema(example = "127.0.0.1") String ipaddr) {}

  /** O3 PUT: @param days for how many days to put this worker's IP in timeout */
  @Schema(name = "AddWorkerTimeout")
  record AddWorkerTimeout(@NotNull @Min(1) @Max(30) @Schema(example = "7") Integer days) {}

  /**
   * O1 GET, O2 GET: one timeout.
   *
   * @param ipaddr the address or CIDR which is in timeout
   * @param seconds how many more seconds it is in timeout
   */
  @Schema(name = "IPTimeout", additionalProperties = AdditionalPropertiesValue.FALSE)
  record IPTimeout(String ipaddr, long seconds) {}
}
