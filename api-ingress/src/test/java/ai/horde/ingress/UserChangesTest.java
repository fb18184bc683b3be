package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.events.UserAccount;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PUT /users/{id}: the body's ranges, the command sent to the registry, and the echoed response (spec U3). */
class UserChangesTest {
  private static JsonNode json(String body) throws Exception {
    return Responses.JSON.readTree(body);
  }

  private static UserAccount user() {
    return UserAccount.newBuilder().setUserId(7).setUsername("after").setOauthId("o7").setApiKeyHash("h")
        .setConcurrency(45).setCreatedAt(Instant.EPOCH).setFlagged(true).setContact("mail@example.com").build();
  }

  @Test
  void theSchemaRangesAreTheReferences() throws Exception {
    var errors = UserChanges.BODY.errors(json("{\"concurrency\":501,\"usage_multiplier\":0.05,"
        + "\"admin_comment\":\"abc\",\"contact\":\"abcd\",\"username\":\"ab\",\"moderator\":\"yes\"}"));
    assertThat(errors).containsEntry("concurrency", "501 is greater than the maximum of 500")
        .containsEntry("usage_multiplier", "0.05 is less than the minimum of 0.1")
        .containsEntry("admin_comment", "'abc' is too short")
        .containsEntry("contact", "'abcd' is too short")
        .containsEntry("username", "'ab' is too short")
        .containsEntry("moderator", "'yes' is not of type 'boolean'");
    assertThat(UserChanges.BODY.errors(json("{\"concurrency\":500,\"usage_multiplier\":10,\"monthly_kudos\":5}")))
        .isEmpty();
  }

  @Test
  void aNameOverThirtyIsTooLongForWhoMayRenameOnly() throws Exception {
    JsonNode body = json("{\"username\":\"" + "x".repeat(31) + "\"}");
    assertThatThrownBy(() -> UserChanges.parse(7, body, true, () -> "k"))
        .isInstanceOfSatisfying(HordeError.class, e -> {
          assertThat(e.status).isEqualTo(400);
          assertThat(e.rc).isEqualTo("TooLongUserName");
        });
    // A stranger is refused by the registry (NotModerator) first, as the reference checks permission first
    assertThat(UserChanges.parse(7, body, false, () -> "k").command().getChanges().getUsername()).hasSize(31);
  }

  @Test
  void onlyWhatIsGivenIsAskedAndThePasskeyTravelsAsAHash() throws Exception {
    // When
    UserChanges.Change change = UserChanges.parse(7, json("{\"flagged\":true,\"kudos\":12,\"monthly_kudos\":3,"
        + "\"generate_proxy_passkey\":true,\"concurrency\":45}"), true, () -> "the-new-passkey-22chars");

    // Then
    var command = change.command();
    assertThat(command.getUserId()).isEqualTo(7);
    assertThat(command.getAdminKudosCenti()).isEqualTo(1200);
    assertThat(command.getChanges().getFlagged()).isTrue();
    assertThat(command.getChanges().getTrusted()).isNull();
    assertThat(command.getChanges().getConcurrency()).isEqualTo(45);
    assertThat(command.getChanges().getProxyPasskeyHash()).isEqualTo(ApiKeys.hash("the-new-passkey-22chars"));
    assertThat(command.getGenerateProxyPasskey()).isTrue();
    assertThat(change.proxyPasskey()).isEqualTo("the-new-passkey-22chars");
  }

  @Test
  void theResponseEchoesTheAskedFieldsAfterTheChange() throws Exception {
    UserChanges.Change change = UserChanges.parse(7, json("{\"flagged\":true,\"kudos\":10,\"contact\":\"mail@example.com\","
        + "\"reset_suspicion\":true,\"generate_proxy_passkey\":true}"), true, () -> "pk");
    var body = UserChanges.response(change, user(), 110.0);
    List<String> keys = new java.util.ArrayList<>();
    body.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("new_kudos", "flagged", "new_suspicion", "contact", "proxy_passkey");
    assertThat(body.get("new_kudos").asDouble()).isEqualTo(110.0);
    assertThat(body.get("flagged").asBoolean()).isTrue();
    assertThat(body.get("proxy_passkey").asText()).isEqualTo("pk");
  }

  @Test
  void aUserIdIsDigitsOnly() {
    assertThat(UserChanges.userId("12")).isEqualTo(12);
    assertThatThrownBy(() -> UserChanges.userId("db0#1")).isInstanceOfSatisfying(HordeError.class, e -> {
      assertThat(e.status).isEqualTo(404);
      assertThat(e.rc).isEqualTo("UserNotFound");
      assertThat(e.getMessage()).isEqualTo("Please use only the numerical part of the userID. E.g. the '1' in 'db0#1'");
    });
    assertThatThrownBy(() -> UserChanges.userId("99999999999999999999")).isInstanceOf(HordeError.class);
  }

  @Test
  void adminsAreTheAliasesOfAJsonList() {
    assertThat(Admins.parse("[\"db0#1\", \"x#2\", 3]")).containsExactlyInAnyOrder("db0#1", "x#2");
    assertThat(Admins.parse("db0#1")).isEmpty();
    assertThat(Admins.parse("{\"a\":1}")).isEmpty();
  }
}
