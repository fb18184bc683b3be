package ai.horde.ingress;

import static ai.horde.ingress.HordeProcess.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import ai.horde.accounts.Suspicion;
import ai.horde.events.AccountCommand;
import ai.horde.events.RecordSuspicion;
import ai.horde.ingress.HordeProcess.Response;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escrow, trust, suspicion and flags over real HTTP against the whole horde (spec §3.12, §4.6; issue 12
 * acceptance 4 and 6; docs/decisions/0016). Suspicions are produced to the account commands as the scheduler
 * would send them.
 */
class TrustSystemTest {
  private static final String MODEL = "trust/model";
  @TempDir
  static Path data;
  static HordeProcess horde;
  static String moderator;

  @BeforeAll
  static void start() throws Exception {
    horde = new HordeProcess(data, Map.of()).start();
    Response created = horde.post("/dev/test-user",
        "{\"username\":\"trust-mod\",\"oauth_id\":\"trust-mod\",\"kudos\":0,\"trusted\":true,\"moderator\":true}");
    assertThat(created.status()).isEqualTo(201);
    moderator = created.json().get("api_key").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    if (horde != null) {
      horde.close();
    }
  }

  private static String pop(String worker) {
    return "{\"name\":\"" + worker + "\",\"models\":[\"" + MODEL + "\"],\"max_length\":512,\"max_context_length\":4096}";
  }

  /** What a moderator sees of the user. */
  private static JsonNode asModerator(JsonNode user) throws Exception {
    return horde.get("/users/" + user.get("user_id").asLong(), "apikey", moderator).json();
  }

  private static Response change(JsonNode user, String body) throws Exception {
    return horde.put("/users/" + user.get("user_id").asLong(), body, "apikey", moderator);
  }

  private static Response transfer(JsonNode from, JsonNode to, int amount) throws Exception {
    return horde.post("/kudos/transfer", "{\"username\":\"" + to.get("alias").asText() + "\",\"amount\":" + amount
        + "}", "apikey", from.get("api_key").asText());
  }

  @Test
  void anUntrustedOwnersRewardIsHalfInEscrowUntilAModeratorTrustsThem() throws Exception {
    // Given an untrusted worker owner
    JsonNode owner = horde.testUser("escrow-owner", 100);
    String key = owner.get("api_key").asText();

    // When its worker delivers a text job
    Response accepted = horde.post("/generate/text/async", "{\"prompt\":\"Hello\",\"models\":[\"" + MODEL
        + "\"],\"params\":{\"max_length\":80}}", "apikey", ANONYMOUS);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    // A pop the scheduler takes up only after its hold (a scheduler still starting, say) is answered empty: again.
    AtomicReference<JsonNode> popped = new AtomicReference<>();
    await().atMost(60, TimeUnit.SECONDS).until(() -> {
      popped.set(horde.post("/generate/text/pop", pop("escrow-worker"), "apikey", key).json());
      return !popped.get().get("id").isNull();
    });
    JsonNode job = popped.get();
    Response submitted = horde.post("/generate/text/submit",
        "{\"id\":\"" + job.get("id").asText() + "\",\"generation\":\"Hi there.\"}", "apikey", key);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    double reward = submitted.json().get("reward").asDouble();
    double escrowed = Math.ceil(reward * 100 / 2) / 100;

    // Then half is spendable and half is evaluating kudos, shown to moderators
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(horde.kudos(key)).isCloseTo(100 + reward - escrowed, within(0.001));
      assertThat(asModerator(owner).get("evaluating_kudos").asDouble()).isCloseTo(escrowed, within(0.001));
    });
    assertThat(horde.get("/find_user", "apikey", key).json().has("evaluating_kudos")).isFalse();

    // When a moderator trusts the owner
    Response trusted = change(owner, "{\"trusted\":true}");
    assertThat(trusted.status()).as(trusted.body()).isEqualTo(200);

    // Then the escrow becomes spendable
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(horde.kudos(key)).isCloseTo(100 + reward, within(0.001));
      assertThat(asModerator(owner).get("evaluating_kudos").asDouble()).isZero();
    });
  }

  @Test
  void aSuspiciousUsersTransfersAreRefusedUntilTheSuspicionIsReset() throws Exception {
    // Given a suspicious user (five reasons, reported as the scheduler reports them) and a clean one
    JsonNode suspect = horde.testUser("suspect", 500);
    JsonNode clean = horde.testUser("clean", 500);
    try (KafkaProducer<String, AccountCommand> producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", horde.bootstrapServers()), Topics.ACCOUNT_COMMANDS.keySerde().serializer(),
        Topics.ACCOUNT_COMMANDS.valueSerde().serializer())) {
      for (Suspicion reason : Suspicion.values()) {
        if (reason.ordinal() < Suspicion.THRESHOLD) {
          String id = UUID.randomUUID().toString();
          producer.send(new ProducerRecord<>(Topics.ACCOUNT_COMMANDS.name(), id, AccountCommand.newBuilder()
              .setCommandId(id).setRequestedAt(Instant.now())
              .setCommand(new RecordSuspicion(suspect.get("user_id").asLong(), reason.name(), null)).build())).get();
        }
      }
    }
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(asModerator(suspect).get("suspicious").asInt()).isEqualTo(Suspicion.THRESHOLD));

    // Then its transfers either way are refused, and nothing moves
    Response sending = transfer(suspect, clean, 10);
    assertThat(sending.status()).isEqualTo(400);
    assertThat(sending.json().get("rc").asText()).isEqualTo("FaultWhenKudosSending");
    Response receiving = transfer(clean, suspect, 10);
    assertThat(receiving.status()).isEqualTo(400);
    assertThat(receiving.json().get("rc").asText()).isEqualTo("FaultWhenKudosReceiving");
    assertThat(horde.kudos(suspect.get("api_key").asText())).isEqualTo(500);

    // When a moderator resets the suspicion
    Response reset = change(suspect, "{\"reset_suspicion\":true}");
    assertThat(reset.status()).as(reset.body()).isEqualTo(200);
    assertThat(reset.json().get("new_suspicion").asInt()).isZero();

    // Then transfers work again
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(asModerator(suspect).get("suspicious").asInt()).isZero());
    Response sent = transfer(suspect, clean, 10);
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
  }

  @Test
  void aFlaggedUsersPopIsRefused() throws Exception {
    // Given a user a moderator flagged
    JsonNode flagged = horde.testUser("flagged-owner", 0);
    assertThat(change(flagged, "{\"flagged\":true}").status()).isEqualTo(200);

    // Then its worker's pop is refused
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
      Response pop = horde.post("/generate/text/pop", pop("flagged-worker"), "apikey",
          flagged.get("api_key").asText());
      assertThat(pop.status()).as(pop.body()).isEqualTo(403);
      assertThat(pop.json().get("rc").asText()).isEqualTo("WorkerFlaggedMaintenance");
    });
  }
}
