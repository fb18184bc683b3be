package ai.horde.ingress.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountAnswer;
import ai.horde.events.AccountCommand;
import ai.horde.events.ChangeSharedKey;
import ai.horde.events.ChangeUser;
import ai.horde.events.CreateSharedKey;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.UserChanged;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.ingress.fixtures.GivenViews.User;
import ai.horde.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Users and shared keys over HTTP (spec §1.5, §1.8), with the registry scripted: a scripted answer also writes what
 * the registry (and, after it, the ledger) would, so that the answers show the change.
 */
@MicronautTest(transactional = false)
class AccountsFeatureTest extends FeatureTest {

  @Test
  void aUserSeesItselfAtLevelOneAndOthersAtLevelZero() {
    User alice = given.user("alice", 100, UserChanged.newBuilder().setContact("alice@example.org").build());
    User bob = given.user("bob", 5);

    Answer self = api.get("/api/v2/find_user", "apikey", alice.apiKey());
    assertThat(self.status()).isEqualTo(200);
    assertThat(self.json().get("username").asText()).isEqualTo(alice.alias());
    assertThat(self.json().get("kudos").asDouble()).isEqualTo(100.0);
    assertThat(self.json().get("kudos_details").size()).isEqualTo(8);
    assertThat(self.json().get("contact").asText()).isEqualTo("alice@example.org");
    assertThat(self.json().get("sharedkey_ids")).isEmpty();
    assertThat(self.json().get("usage").get("megapixelsteps").isNull()).isTrue();
    assertThat(self.json().has("evaluating_kudos")).isFalse();

    Answer other = api.get("/api/v2/users/" + alice.id(), "apikey", bob.apiKey());
    assertThat(other.json().has("contact")).isFalse();
    assertThat(other.json().has("active_generations")).isFalse();
    assertThat(api.get("/api/v2/find_user").status()).isEqualTo(401);
    assertThat(api.get("/api/v2/find_user", "apikey", "nobody's key").rc()).isEqualTo("UserNotFound");
    assertThat(api.get("/api/v2/users/db0#1").rc()).isEqualTo("UserNotFound");
  }

  @Test
  void aChangeIsAskedOfTheRegistryAndEchoedAsItIsAfter() {
    // Given a registry that accepts and writes the change
    User carol = given.user("carol", 10);
    deciders.answer(command -> {
      ChangeUser change = (ChangeUser) ((AccountCommand) command).getCommand();
      given.changed(change.getUserId(), change.getChanges());
      return new AccountAnswer(Long.toString(change.getUserId()), carol.alias());
    });

    // When
    Answer changed = api.put("/api/v2/users/" + carol.id(), "{\"contact\":\"carol@example.org\",\"public_workers\":true}",
        "apikey", carol.apiKey());

    // Then
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo("{\"public_workers\":true,\"contact\":\"carol@example.org\"}");
    AccountCommand sent = deciders.written(Topics.ACCOUNT_COMMANDS).get(0);
    assertThat(sent.getRequesterId()).isEqualTo(carol.id());
    assertThat(sent.getReplyTo()).isEqualTo("feature-test");

    // And a refusal is the registry's
    deciders.answer(command -> new ErrorAnswer(403, "NotModerator", "You're not a mod. BTFO!"));
    Answer refused = api.put("/api/v2/users/" + carol.id(), "{\"trusted\":true}", "apikey", carol.apiKey());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.rc()).isEqualTo("NotModerator");
    // And a body that breaks the reference's ranges never reaches it
    Answer invalid = api.put("/api/v2/users/" + carol.id(), "{\"concurrency\":501}", "apikey", carol.apiKey());
    assertThat(invalid.json().get("errors").get("concurrency").asText())
        .isEqualTo("501 is greater than the maximum of 500");
  }

  @Test
  void aSharedKeyIsHandedOutOnceAndStoredAsAHash() {
    // Given a registry that writes the key, and a ledger that takes what it may spend
    User dave = given.user("dave", 100);
    deciders.answer(command -> {
      CreateSharedKey create = (CreateSharedKey) ((AccountCommand) command).getCommand();
      given.sharedKey(dave, create.getKeyHash(), create.getSettings().getName(),
          create.getSettings().getMaxTextTokens(), create.getSettings().getKudosCenti());
      return new AccountAnswer(create.getKeyHash(), null);
    });

    // When
    Answer created = api.put("/api/v2/sharedkeys", "{\"name\":\"for my bot\",\"max_text_tokens\":100}",
        "apikey", dave.apiKey());

    // Then the key is its id; only its hash was sent; the reference's defaults filled in the rest
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String key = created.json().get("id").asText();
    CreateSharedKey sent = (CreateSharedKey) deciders.written(Topics.ACCOUNT_COMMANDS).get(0).getCommand();
    assertThat(sent.getKeyHash()).isEqualTo(keys.hash(key)).isNotEqualTo(key);
    assertThat(sent.getSettings().getKudosCenti()).isEqualTo(5000_00);
    assertThat(sent.getSettings().getExpiryDays()).isEqualTo(-1);
    assertThat(created.json().get("kudos").asLong()).isEqualTo(5000);
    assertThat(created.json().get("max_text_tokens").asInt()).isEqualTo(100);
    assertThat(created.json().get("expiry").isNull()).isTrue();
    assertThat(created.json().get("username").asText()).isEqualTo(dave.alias());

    // And find_user names the key's owner after the key
    assertThat(api.get("/api/v2/find_user", "apikey", key).json().get("username").asText())
        .isEqualTo(dave.alias() + " (Shared Key: for my bot)");
    // And a change must change something, of one's own key
    deciders.answer(command -> new AccountAnswer("", null));
    assertThat(api.patch("/api/v2/sharedkeys/" + key, "{}", "apikey", dave.apiKey()).rc())
        .isEqualTo("NoSharedKeyModSelected");
    assertThat(api.patch("/api/v2/sharedkeys/" + key, "{\"name\":\"x\"}", "apikey", given.user("eve", 1).apiKey())
        .rc()).isEqualTo("Forbidden");
    assertThat(api.patch("/api/v2/sharedkeys/" + key, "{\"name\":\"renamed\"}", "apikey", dave.apiKey()).status())
        .isEqualTo(200);
    List<AccountCommand> commands = deciders.written(Topics.ACCOUNT_COMMANDS);
    assertThat(((ChangeSharedKey) commands.get(commands.size() - 1).getCommand()).getSettings().getName())
        .isEqualTo("renamed");
  }
}
