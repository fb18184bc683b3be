package ai.horde.ingress.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.events.UserAccount;
import ai.horde.ingress.accounts.UserBodies.ModifyUser;
import ai.horde.ingress.accounts.UserBodies.ModifyUserInput;
import ai.horde.ingress.fixtures.Bodies;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.InvalidInput;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** PUT /users/{id}: the body's ranges, the command sent to the registry, and the echoed response (spec U3). */
class UserChangesTest {
  private static final UnaryOperator<String> HASH = key -> "hash-of-" + key;

  private static ModifyUserInput json(String body) {
    return Bodies.read(body, ModifyUserInput.class);
  }

  private static Map<String, String> errors(String body) {
    try {
      json(body);
      return Map.of();
    } catch (InvalidInput e) {
      return e.errors();
    }
  }

  private static UserAccount user() {
    return UserAccount.newBuilder().setUserId(7).setUsername("after").setOauthId("o7").setApiKeyHash("h")
        .setConcurrency(45).setCreatedAt(Instant.EPOCH).setFlagged(true).setContact("mail@example.com").build();
  }

  @Test
  void theSchemaRangesAreTheReferences() {
    var errors = errors(("{\"concurrency\":501,\"usage_multiplier\":0.05,"
        + "\"admin_comment\":\"abc\",\"contact\":\"abcd\",\"username\":\"ab\",\"moderator\":\"yes\"}"));
    assertThat(errors).containsEntry("concurrency", "501 is greater than the maximum of 500")
        .containsEntry("usage_multiplier", "0.05 is less than the minimum of 0.1")
        .containsEntry("admin_comment", "'abc' is too short")
        .containsEntry("contact", "'abcd' is too short")
        .containsEntry("username", "'ab' is too short")
        .containsEntry("moderator", "'yes' is not of type 'boolean'");
    assertThat(errors("{\"concurrency\":500,\"usage_multiplier\":10,\"monthly_kudos\":5}")).isEmpty();
  }

  @Test
  void aNameOverThirtyIsTooLongForWhoMayRenameOnly() throws Exception {
    ModifyUserInput body = json("{\"username\":\"" + "x".repeat(31) + "\"}");
    assertThatThrownBy(() -> UserChanges.parse(7, body, true, "k", HASH))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.rc()).isEqualTo("TooLongUserName");
        });
    // A stranger is refused by the registry (NotModerator) first, as the reference checks permission first
    assertThat(UserChanges.parse(7, body, false, "k", HASH).command().getChanges().getUsername()).hasSize(31);
  }

  @Test
  void onlyWhatIsGivenIsAskedAndThePasskeyTravelsAsAHash() throws Exception {
    // When
    UserChanges.Change change = UserChanges.parse(7, json("{\"flagged\":true,\"kudos\":12,\"monthly_kudos\":3,"
        + "\"generate_proxy_passkey\":true,\"concurrency\":45}"), true, "the-new-passkey-22chars", HASH);

    // Then
    var command = change.command();
    assertThat(command.getUserId()).isEqualTo(7);
    assertThat(command.getAdminKudosCenti()).isEqualTo(1200);
    assertThat(command.getChanges().getFlagged()).isTrue();
    assertThat(command.getChanges().getTrusted()).isNull();
    assertThat(command.getChanges().getConcurrency()).isEqualTo(45);
    assertThat(command.getChanges().getProxyPasskeyHash()).isEqualTo(HASH.apply("the-new-passkey-22chars"));
    assertThat(command.getGenerateProxyPasskey()).isTrue();
    assertThat(change.proxyPasskey()).isEqualTo("the-new-passkey-22chars");
  }

  @Test
  void theResponseEchoesTheAskedFieldsAfterTheChange() throws Exception {
    UserChanges.Change change = UserChanges.parse(7, json("{\"flagged\":true,\"kudos\":10,\"contact\":\"mail@example.com\","
        + "\"reset_suspicion\":true,\"generate_proxy_passkey\":true}"), true, "pk", HASH);
    ModifyUser body = UserChanges.response(change, user(), 110.0);
    assertThat(body).isEqualTo(new ModifyUser(110.0, null, null, null, null, null, true, null, null, null, null, null, 0,
        null, null, null, "mail@example.com", "pk", null));
  }

  @Test
  void aUserIdIsDigitsOnly() {
    assertThat(UserChanges.userId("12")).isEqualTo(12);
    assertThatThrownBy(() -> UserChanges.userId("db0#1")).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.rc()).isEqualTo("UserNotFound");
      assertThat(e.getMessage()).isEqualTo("Please use only the numerical part of the userID. E.g. the '1' in 'db0#1'");
    });
    assertThatThrownBy(() -> UserChanges.userId("99999999999999999999")).isInstanceOf(ApiError.class);
  }
}
