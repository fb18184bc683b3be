package ai.horde.ingress.kudos;

import ai.horde.ingress.http.NotRequired;
import ai.horde.ingress.http.RequiredArgument;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.math.BigInteger;
import java.util.List;

/** The bodies of the kudos endpoints (spec §1.7), named as the reference's models. */
final class KudosBodies {
  private KudosBodies() {}

  static final String USERNAME_HELP = "The user ID which will receive the kudos.";

  /**
   * Kudos to move ({@code POST /kudos/transfer}, {@code /kudos/award}); the reference validates neither
   * beyond its parser's types.
   *
   * @param username the receiving user: {@code alias#id} or the id alone (or, for a transfer, a shared key)
   * @param amount whole kudos, 100 when left out
   */
  @Schema(name = "KudosTransferInput", additionalProperties = AdditionalPropertiesValue.TRUE)
  record KudosTransferInput(@RequiredArgument(help = USERNAME_HELP) String username,
      @NotRequired @Schema(defaultValue = "100") BigInteger amount) {
    KudosTransferInput {
      amount = amount == null ? BigInteger.valueOf(100) : amount;
    }
  }

  /** @param transferred the kudos moved */
  @Schema(name = "KudosTransferred", additionalProperties = AdditionalPropertiesValue.FALSE)
  record KudosTransferred(BigInteger transferred) {}

  /** @param awarded the kudos awarded */
  @Schema(name = "KudosAwarded", additionalProperties = AdditionalPropertiesValue.FALSE)
  record KudosAwarded(BigInteger awarded) {}

  /**
   * A page of a user's kudos journal, newest first (it lags the ledger by the projection's delay).
   *
   * @param account the ledger account, {@code user:<id>}
   * @param page the page, from 1
   * @param limit postings per page
   * @param postings the postings
   */
  @Schema(name = "KudosPostings", additionalProperties = AdditionalPropertiesValue.FALSE)
  record KudosPostings(String account, long page, int limit, List<KudosPosting> postings) {}

  /**
   * One posting of the journal.
   *
   * @param id the posting's id
   * @param transactionId the ledger transaction it belongs to
   * @param kind what moved the kudos, in lower case
   * @param amount kudos in (positive) or out (negative)
   * @param balanceAfter the account's balance right after it, null when unknown
   * @param occurredAt when, as an ISO-8601 instant
   */
  @Schema(name = "KudosPosting", additionalProperties = AdditionalPropertiesValue.FALSE)
  record KudosPosting(String id, String transactionId, String kind, double amount,
      @Nullable @Schema(requiredMode = RequiredMode.REQUIRED) Double balanceAfter, String occurredAt) {}
}
