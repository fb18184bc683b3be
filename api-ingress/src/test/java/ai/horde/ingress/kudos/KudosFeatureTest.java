package ai.horde.ingress.kudos;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.ErrorAnswer;
import ai.horde.events.KudosAnswer;
import ai.horde.events.KudosCommand;
import ai.horde.events.KudosTransaction;
import ai.horde.events.TransferKudos;
import ai.horde.events.UserChanged;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.ingress.fixtures.GivenViews.User;
import ai.horde.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kudos transfers and awards over HTTP (spec §1.7), with the ledger scripted. */
@MicronautTest(transactional = false)
class KudosFeatureTest extends FeatureTest {

  @Test
  void aTransferIsTheLedgersWithTheIdempotencyKeyInItsId() {
    // Given
    User alice = given.user("alice", 100);
    User bob = given.user("bob", 0);
    deciders.answer(command -> new KudosAnswer(true, 10_00L, 0L));

    // When the same transfer is sent twice with one Idempotency-Key
    Answer first = api.post("/api/v2/kudos/transfer", "{\"username\":\"" + bob.alias() + "\",\"amount\":10}",
        "apikey", alice.apiKey(), "Idempotency-Key", "gift-42");
    api.post("/api/v2/kudos/transfer", "{\"username\":\"" + bob.alias() + "\",\"amount\":10}",
        "apikey", alice.apiKey(), "Idempotency-Key", "gift-42");

    // Then both are one transfer at the source, answered as the reference answers it
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("{\"transferred\":10}");
    List<KudosCommand> sent = deciders.written(Topics.KUDOS_COMMANDS);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).getAccount()).isEqualTo(alice.account());
    TransferKudos transfer = (TransferKudos) sent.get(0).getCommand();
    assertThat(transfer.getTransferId()).startsWith("transfer:" + alice.account() + ":")
        .isEqualTo(((TransferKudos) sent.get(1).getCommand()).getTransferId());
    assertThat(transfer.getDestination()).isEqualTo(bob.account());
    assertThat(transfer.getAmountCenti()).isEqualTo(10_00);
  }

  @Test
  void ingressRefusesWhoCannotSendOrReceiveAndTheLedgerTheRest() {
    User alice = given.user("alice2", 100);
    assertThat(api.post("/api/v2/kudos/transfer", "{\"username\":\"" + alice.alias() + "\"}",
        "apikey", alice.apiKey()).rc()).isEqualTo("KudosTransferToSelf");
    assertThat(api.post("/api/v2/kudos/transfer", "{\"username\":\"" + alice.alias() + "\"}",
        "apikey", "0000000000").rc()).isEqualTo("KudosTransferFromAnon");
    assertThat(api.post("/api/v2/kudos/transfer", "{\"username\":\"nobody#99999\"}",
        "apikey", alice.apiKey()).rc()).isEqualTo("InvalidTargetUsername");
    assertThat(api.post("/api/v2/kudos/transfer", "{\"username\":\"x#1\",\"amount\":\"ten\"}",
        "apikey", alice.apiKey()).json().get("errors").get("amount").asText())
        .isEqualTo("'ten' is not of type 'integer'");
    assertThat(deciders.written()).isEmpty();

    User bob = given.user("bob2", 0);
    deciders.answer(command -> new ErrorAnswer(400, "TooFastKudosTransfers", "Too fast"));
    Answer tooFast = api.post("/api/v2/kudos/transfer", "{\"username\":\"" + bob.alias() + "\"}",
        "apikey", alice.apiKey());
    assertThat(tooFast.status()).isEqualTo(400);
    assertThat(tooFast.rc()).isEqualTo("TooFastKudosTransfers");
    deciders.answer(command -> new KudosAnswer(false, 0L, 0L));
    assertThat(api.post("/api/v2/kudos/transfer", "{\"username\":\"" + bob.alias() + "\"}", "apikey",
        alice.apiKey()).rc()).isEqualTo("KudosTransferNotEnough");
  }

  @Test
  void onlyUserOneAwardsAndAnAwardIsMintedKudos() {
    User first = given.user(1, "db0", 0, UserChanged.newBuilder().build());
    User bob = given.user("bob3", 0);
    deciders.answer(command -> new KudosAnswer(true, 100_00L, 0L));

    assertThat(api.post("/api/v2/kudos/award", "{\"username\":\"" + bob.alias() + "\",\"amount\":100}",
        "apikey", bob.apiKey()).rc()).isEqualTo("NotAllowedAwards");
    Answer awarded = api.post("/api/v2/kudos/award", "{\"username\":\"" + bob.alias() + "\",\"amount\":100}",
        "apikey", first.apiKey());

    assertThat(awarded.body()).isEqualTo("{\"awarded\":100}");
    KudosTransaction award = (KudosTransaction) deciders.written(Topics.KUDOS_COMMANDS).get(0).getCommand();
    assertThat(award.getLegs()).extracting(leg -> leg.getAccount() + "=" + leg.getAmountCenti())
        .containsExactly(bob.account() + "=10000", "system:mint=-10000");
  }
}
