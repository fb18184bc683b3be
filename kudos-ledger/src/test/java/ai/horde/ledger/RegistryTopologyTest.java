package ai.horde.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountAnswer;
import ai.horde.events.ChangeUser;
import ai.horde.events.CreateSharedKey;
import ai.horde.events.CreateTeam;
import ai.horde.events.DeleteSharedKey;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.HordeModes;
import ai.horde.events.IpTimeout;
import ai.horde.events.ReleaseIpTimeout;
import ai.horde.events.SetIpTimeout;
import ai.horde.events.KudosKind;
import ai.horde.events.KudosPosting;
import ai.horde.events.PutPromptFilter;
import ai.horde.events.Reply;
import ai.horde.events.ReportCorruptPrompt;
import ai.horde.events.SetHordeModes;
import ai.horde.events.SharedKeySettings;
import ai.horde.events.SharedKeyUsage;
import ai.horde.events.UserChanged;
import ai.horde.events.UserEvent;
import ai.horde.events.UserSuspected;
import ai.horde.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Account commands through the ledger topology: to the registry's topics, the ledger and a reply. */
class RegistryTopologyTest {
  @TempDir Path stateDir;
  private LedgerDriver ledger;

  @BeforeEach
  void start() {
    ledger = new LedgerDriver(stateDir);
    // Given alice (1, a moderator) and bob (2)
    ledger.register("reg-1", "alice", "oauth-a", "hash-1", true, null);
    ledger.register("reg-2", "bob", "oauth-b", "hash-2", false, 100_00L);
    ledger.userEvents.readKeyValuesToList();
    ledger.replies.readKeyValuesToList();
    ledger.postings.readKeyValuesToList();
  }

  @AfterEach
  void stop() {
    ledger.close();
  }

  @Test
  void aChangeOfAUserIsAUserEventAndItsAdminKudosAreBookedByTheLedger() {
    // When
    ledger.account("cmd-1", 1, true, new ChangeUser(2L, UserChanged.newBuilder().setTrusted(true).build(), 50_00L,
        false, false, false));

    // Then
    List<KeyValue<String, UserEvent>> events = ledger.userEvents.readKeyValuesToList();
    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.key).isEqualTo("2");
      assertThat(event.value.getEvent()).isEqualTo(UserChanged.newBuilder().setTrusted(true).build());
    });
    assertThat(ledger.replies.readKeyValuesToList()).containsExactly(
        KeyValue.pair(LedgerDriver.REPLY_TO, new Reply("cmd-1", LedgerDriver.REPLY_TO, new AccountAnswer("2", "bob#2"))));
    assertThat(ledger.postings.readValuesToList()).filteredOn(p -> p.getAccount().equals("user:2"))
        .extracting(KudosPosting::getKind, KudosPosting::getAmountCenti)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(KudosKind.ADMIN_ADJUSTMENT, 50_00L));
    assertThat(ledger.balances()).containsEntry("user:2", 150_00L);
  }

  @Test
  void aRefusalIsAnsweredAndWritesNothing() {
    // When bob, no moderator, trusts himself
    ledger.account("cmd-1", 2, false, new ChangeUser(2L, UserChanged.newBuilder().setTrusted(true).build(), null,
        false, false, false));

    // Then
    assertThat(ledger.replies.readValuesToList()).extracting(Reply::getBody)
        .containsExactly(new ErrorAnswer(403, "NotModerator", "You're not a mod. BTFO!"));
    assertThat(ledger.userEvents.isEmpty()).isTrue();
  }

  @Test
  void aSharedKeyGoesToItsTopicAndItsKudosToTheOwnersAccountAndItsDeletionIsATombstone() {
    // When
    ledger.account("cmd-1", 2, false, new CreateSharedKey("key-a", SharedKeySettings.newBuilder().setName("bot")
        .setKudosCenti(20_00L).build()));

    // Then
    var keys = ledger.sharedKeys.readKeyValuesToList();
    assertThat(keys).singleElement().satisfies(key -> {
      assertThat(key.key).isEqualTo("key-a");
      assertThat(key.value.getOwnerId()).isEqualTo(2);
      assertThat(key.value.getName()).isEqualTo("bot");
    });
    assertThat(ledger.replies.readValuesToList()).extracting(Reply::getBody)
        .containsExactly(new AccountAnswer("key-a", "bob#2"));
    assertThat(ledger.account("user:2").getSharedKeys()).containsEntry("key-a", new SharedKeyUsage(20_00L, 0L));
    assertThat(ledger.balanceUpdates.readValuesToList()).last()
        .satisfies(balance -> assertThat(balance.getSharedKeys()).containsOnlyKeys("key-a"));

    // When
    ledger.account("cmd-2", 2, false, new DeleteSharedKey("key-a"));

    // Then
    assertThat(ledger.sharedKeys.readKeyValuesToList()).containsExactly(KeyValue.pair("key-a", null));
    assertThat(ledger.account("user:2").getSharedKeys()).isEmpty();
  }

  @Test
  void theFourthSharedKeyOfAnUntrustedUserIsRefusedByTheStoredCount() {
    // Given
    for (int i = 0; i < 3; i++) {
      ledger.account("cmd-" + i, 2, false, new CreateSharedKey("key-" + i, SharedKeySettings.newBuilder().build()));
    }
    ledger.replies.readValuesToList();

    // When
    ledger.account("cmd-4", 2, false, new CreateSharedKey("key-4", SharedKeySettings.newBuilder().build()));

    // Then
    assertThat(ledger.replies.readValuesToList()).extracting(Reply::getBody)
        .containsExactly(new ErrorAnswer(403, "Forbidden", "You cannot have more than 3 shared keys."));
  }

  @Test
  void aTeamGoesToItsTopicAndItsNameIsTakenIgnoringCase() {
    // When
    ledger.account("cmd-1", 1, false, new CreateTeam("team-1", "Alpha", "info"));
    ledger.account("cmd-2", 1, false, new CreateTeam("team-2", "alpha", null));

    // Then
    assertThat(ledger.teams.readKeyValuesToList()).singleElement().satisfies(team -> {
      assertThat(team.key).isEqualTo("team-1");
      assertThat(team.value.getName()).isEqualTo("Alpha");
      assertThat(team.value.getOwnerId()).isEqualTo(1);
    });
    assertThat(ledger.replies.readValuesToList()).extracting(Reply::getBody).containsExactly(
        new AccountAnswer("team-1", "Alpha"),
        new ErrorAnswer(400, "TeamNameAlreadyExists", "The specified team name 'alpha' is already taken!"));
  }

  @Test
  void modesGoToTheirSingleKeyAndRaidModeRefusesPseudonymousRegistrations() {
    // When
    ledger.account("cmd-1", 1, false, new SetHordeModes(null, null, true));

    // Then
    assertThat(ledger.modes.readKeyValuesToList()).containsExactly(
        KeyValue.pair(Topics.MODES_KEY, new HordeModes(false, false, true, LedgerDriver.NOW)));
    assertThat(ledger.replies.readValuesToList()).extracting(Reply::getBody)
        .containsExactly(new AccountAnswer(Topics.MODES_KEY, null));

    // When
    ledger.registerPseudonymous("reg-3", "carol");

    // Then
    assertThat(ledger.replies.readValuesToList()).extracting(reply -> ((ErrorAnswer) reply.getBody()).getRc())
        .containsExactly("Forbidden");
    assertThat(ledger.userEvents.isEmpty()).isTrue();
  }

  @Test
  void aTimeoutGoesToTheIpTimeoutsTopicAndItsReleaseIsATombstone() {
    // When alice, a moderator, times out a block, then releases it
    ledger.account("cmd-1", 1, false, new SetIpTimeout("203.0.113.0/24", true, 60L, "moderator"));
    ledger.account("cmd-2", 1, false, new ReleaseIpTimeout("203.0.113.0/24"));

    // Then
    assertThat(ledger.ipTimeouts.readKeyValuesToList()).containsExactly(
        KeyValue.pair("203.0.113.0/24", new IpTimeout("203.0.113.0/24", true, LedgerDriver.NOW.plusSeconds(3600),
            "moderator")),
        KeyValue.pair("203.0.113.0/24", null));
    assertThat(ledger.replies.readValuesToList()).extracting(Reply::getBody).containsExactly(
        new AccountAnswer("203.0.113.0/24", null), new AccountAnswer("203.0.113.0/24", null));
  }

  @Test
  void filtersAreNumberedFromTheStoreAndCorruptPromptsTimeTheAddressOutLonger() {
    // When alice adds two filters, one of them twice
    ledger.account("cmd-1", 1, false, new PutPromptFilter("one", 10, null, ""));
    ledger.account("cmd-2", 1, false, new PutPromptFilter("one", 10, null, ""));
    ledger.account("cmd-3", 1, false, new PutPromptFilter("two", 20, null, ""));
    // And bob's address offends twice
    ledger.account("cmd-4", 2, false, new ReportCorruptPrompt("203.0.113.7", 2L, false));
    ledger.account("cmd-5", 2, false, new ReportCorruptPrompt("203.0.113.7", 2L, false));

    // Then
    assertThat(ledger.promptFilters.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getRegex())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1", "one"), org.assertj.core.groups.Tuple.tuple("2", "two"));
    assertThat(ledger.ipTimeouts.readValuesToList()).extracting(IpTimeout::getUntil)
        .containsExactly(LedgerDriver.NOW.plusSeconds(180), LedgerDriver.NOW.plusSeconds(540));
    assertThat(ledger.userEvents.readValuesToList()).extracting(UserEvent::getEvent)
        .containsExactly(new UserSuspected("CORRUPT_PROMPT", null));
  }
}
