package ai.horde.ingress.operations;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountCommand;
import ai.horde.events.AccountAnswer;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.HordeModes;
import ai.horde.events.IpTimeout;
import ai.horde.events.ReleaseIpTimeout;
import ai.horde.events.SetIpTimeout;
import ai.horde.events.UserChanged;
import ai.horde.events.WorkerState;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.ingress.fixtures.GivenViews.User;
import ai.horde.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** O1–O3 over HTTP, with the registry scripted as it decides (a moderator's command folded into the views). */
@MicronautTest(transactional = false)
class OperationsFeatureTest extends FeatureTest {
  private static final String TIMED_OUT = "Due to abuse prevention, your IP address has been put into timeout for ";

  /** The registry: a moderator's timeout or release is written (and folded), anyone else's refused. */
  private void givenTheRegistry() {
    deciders.answer(command -> {
      AccountCommand envelope = (AccountCommand) command;
      boolean moderator = views.users().byId(envelope.getRequesterId()).orElseThrow().getModerator();
      if (!moderator) {
        return new ErrorAnswer(403, "NotModerator", "You're not a mod. BTFO!");
      }
      if (envelope.getCommand() instanceof SetIpTimeout set) {
        views.fold(Topics.IP_TIMEOUTS, set.getIpaddr(), new IpTimeout(set.getIpaddr(), set.getBlock(),
            clock.instant().plus(Duration.ofMinutes(set.getMinutes())), set.getReason()), clock.millis());
        return new AccountAnswer(set.getIpaddr(), null);
      }
      ReleaseIpTimeout release = (ReleaseIpTimeout) envelope.getCommand();
      views.fold(Topics.IP_TIMEOUTS, release.getIpaddr(), null, clock.millis());
      return new AccountAnswer(release.getIpaddr(), null);
    });
  }

  private User moderator() {
    return given.user("mod", 0, UserChanged.newBuilder().setModerator(true).build());
  }

  @Test
  void theBodiesAndTheKeyAreCheckedInTheReferencesOrder() {
    // Given
    givenTheRegistry();
    User mod = moderator();
    User plain = given.user("plain", 0);

    // Then the schema first, then the key, then the address, then the key's rights
    Answer tooShort = api.post("/api/v2/operations/ipaddr", "{\"ipaddr\":\"1.2.3\",\"hours\":1}", "apikey", mod.apiKey());
    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(tooShort.json().get("errors").has("ipaddr")).isTrue();
    Answer tooLong = api.post("/api/v2/operations/ipaddr", "{\"ipaddr\":\"10.0.0.1\",\"hours\":721}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().get("errors").has("hours")).isTrue();
    Answer noKey = api.post("/api/v2/operations/ipaddr", "{\"ipaddr\":\"10.0.0.1\",\"hours\":1}");
    assertThat(noKey.json().get("errors").has("apikey")).isTrue();
    Answer notAnIp = api.post("/api/v2/operations/ipaddr", "{\"ipaddr\":\"10.0.0.999\",\"hours\":1}",
        "apikey", "unknown-key");
    assertThat(notAnIp.status()).isEqualTo(400);
    assertThat(notAnIp.json().get("message").asText()).isEqualTo("Invalid IP Address");
    assertThat(api.post("/api/v2/operations/ipaddr", "{\"ipaddr\":\"10.0.0.1/8\",\"hours\":1}", "apikey",
        mod.apiKey()).json().get("message").asText()).as("host bits set").isEqualTo("Invalid IP Address");
    assertThat(api.post("/api/v2/operations/ipaddr", "{\"ipaddr\":\"10.0.0.1\",\"hours\":1}", "apikey",
        "unknown-key").status()).isEqualTo(401);
    assertThat(api.post("/api/v2/operations/ipaddr", "{\"ipaddr\":\"10.0.0.1\",\"hours\":1}", "apikey",
        plain.apiKey()).rc()).isEqualTo("NotModerator");
    assertThat(api.get("/api/v2/operations/ipaddr", "apikey", plain.apiKey()).rc()).isEqualTo("NotModerator");
    assertThat(api.get("/api/v2/operations/ipaddr/10.0.0.1", "apikey", "unknown-key").status()).isEqualTo(401);
    assertThat(api.get("/api/v2/operations/ipaddr/10.0.0.x", "apikey", mod.apiKey()).json().get("message").asText())
        .isEqualTo("Invalid IP Address");
    assertThat(api.put("/api/v2/operations/block_worker_ipaddr/no-such-worker", "{\"days\":31}", "apikey",
        mod.apiKey()).json().get("errors").has("days")).isTrue();
    assertThat(api.put("/api/v2/operations/block_worker_ipaddr/no-such-worker", "{\"days\":1}", "apikey",
        plain.apiKey()).rc()).as("rights before the worker").isEqualTo("NotModerator");
    assertThat(api.put("/api/v2/operations/block_worker_ipaddr/no-such-worker", "{\"days\":1}", "apikey",
        mod.apiKey()).rc()).isEqualTo("WorkerNotFound");
    assertThat(deciders.written(Topics.ACCOUNT_COMMANDS)).extracting(AccountCommand::getCommand)
        .as("only the plain user's POST reached the registry").hasSize(1);
  }

  @Test
  void aTimedOutAddressOrBlockIsRefusedRequestsAndPopsAndListed() {
    // Given
    givenTheRegistry();
    User mod = moderator();
    User requester = given.user("requester", 0);

    // When a moderator times out an address and a block
    Answer single = api.post("/api/v2/operations/ipaddr", "{\"ipaddr\":\"198.51.100.7\",\"hours\":2}",
        "apikey", mod.apiKey());
    Answer block = api.post("/api/v2/operations/ipaddr", "{\"ipaddr\":\"2001:DB8:AA::/48\",\"hours\":1}",
        "apikey", mod.apiKey());

    // Then the registry was asked, with the address normalised and the hours in minutes
    assertThat(single.body()).isEqualTo("{\"message\":\"OK\"}");
    assertThat(block.status()).isEqualTo(200);
    assertThat(deciders.written(Topics.ACCOUNT_COMMANDS)).extracting(AccountCommand::getCommand).containsExactly(
        new SetIpTimeout("198.51.100.7", false, 120L, "moderator"),
        new SetIpTimeout("2001:db8:aa::/48", true, 60L, "moderator"));
    // And requests and pops from them are refused with the seconds left
    Answer text = api.post("/api/v2/generate/text/async", "{\"prompt\":\"Hi\"}", "apikey", requester.apiKey(),
        "X-Forwarded-For", "198.51.100.7");
    assertThat(text.status()).isEqualTo(403);
    assertThat(text.rc()).isEqualTo("TimeoutIP");
    assertThat(text.json().get("message").asText()).matches(TIMED_OUT + "(71\\d\\d|7200) more seconds\\. .*");
    Answer pop = api.post("/api/v2/generate/text/pop", "{\"name\":\"timed-out-worker\",\"models\":[\"m/x\"]}",
        "apikey", requester.apiKey(), "X-Forwarded-For", "2001:db8:aa:1::9");
    assertThat(pop.rc()).isEqualTo("TimeoutIP");
    assertThat(pop.json().get("message").asText()).matches(TIMED_OUT + "(35\\d\\d|3600) more seconds\\. .*");
    // And the moderator sees them: blocks in the list, and what holds an address
    // (the clock is the real one: a second or so may have passed)
    assertThat(api.get("/api/v2/operations/ipaddr", "apikey", mod.apiKey()).body())
        .matches("\\[\\{\"ipaddr\":\"2001:db8:aa::/48\",\"seconds\":(35\\d\\d|3600)}]");
    assertThat(api.get("/api/v2/operations/ipaddr/198.51.100.7", "apikey", mod.apiKey()).body())
        .matches("\\[\\{\"ipaddr\":\"198.51.100.7\",\"seconds\":(71\\d\\d|7200)}]");
    assertThat(api.get("/api/v2/operations/ipaddr/2001:db8:aa:5::1", "apikey", mod.apiKey()).body())
        .matches("\\[\\{\"ipaddr\":\"2001:db8:aa::/48\",\"seconds\":(35\\d\\d|3600)}]");

    // When the moderator releases them
    api.send("DELETE", "/api/v2/operations/ipaddr", "{\"ipaddr\":\"198.51.100.7\"}", "apikey", mod.apiKey());
    api.send("DELETE", "/api/v2/operations/ipaddr", "{\"ipaddr\":\"2001:db8:aa::/48\"}", "apikey", mod.apiKey());

    // Then both may ask again
    assertThat(api.post("/api/v2/generate/text/async", "{\"prompt\":\"Hi\"}", "apikey", requester.apiKey(),
        "X-Forwarded-For", "198.51.100.7").rc()).isNotEqualTo("TimeoutIP");
    assertThat(api.get("/api/v2/operations/ipaddr", "apikey", mod.apiKey()).body()).isEqualTo("[]");
  }

  @Test
  void aWorkersIpv6AddressIsTimedOutAsItsSlash64() {
    // Given a worker that last popped from an IPv6 address
    givenTheRegistry();
    User mod = moderator();
    WorkerState worker = given.worker(given.user("owner", 0), "v6-worker", List.of("m/v6"));
    WorkerState fromV6 = WorkerState.newBuilder(worker).setIp("2001:db8:5:6:7::8").build();
    views.fold(Topics.WORKERS, worker.getWorkerId(), fromV6, clock.millis());

    // When
    Answer put = api.put("/api/v2/operations/block_worker_ipaddr/" + worker.getWorkerId(), "{\"days\":2}",
        "apikey", mod.apiKey());
    Answer delete = api.delete("/api/v2/operations/block_worker_ipaddr/" + worker.getWorkerId(), "apikey",
        mod.apiKey());

    // Then
    assertThat(put.body()).isEqualTo("{\"message\":\"OK\"}");
    assertThat(delete.body()).isEqualTo("{\"message\":\"OK\"}");
    assertThat(deciders.written(Topics.ACCOUNT_COMMANDS)).extracting(AccountCommand::getCommand).containsExactly(
        new SetIpTimeout("2001:db8:5:6::/64", true, 2 * 24 * 60L, "worker"),
        new ReleaseIpTimeout("2001:db8:5:6::/64"));
  }

  @Test
  void inRaidModeA202DoesNotTellThatNoWorkerCanServeIt() {
    // Given
    User requester = given.user("raid-requester", 0);
    views.fold(Topics.HORDE_MODES, Topics.MODES_KEY, new HordeModes(false, false, true, clock.instant()),
        clock.millis());
    try {
      // When
      Answer accepted = api.post("/api/v2/generate/text/async", "{\"prompt\":\"Hi\",\"models\":[\"m/none\"]}",
          "apikey", requester.apiKey());

      // Then
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      assertThat(accepted.json().has("message")).as(accepted.body()).isFalse();
    } finally {
      views.fold(Topics.HORDE_MODES, Topics.MODES_KEY, null, clock.millis());
    }
  }
}
