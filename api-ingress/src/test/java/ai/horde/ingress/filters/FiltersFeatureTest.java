package ai.horde.ingress.filters;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AccountAnswer;
import ai.horde.events.AccountCommand;
import ai.horde.events.ChangePromptFilter;
import ai.horde.events.DeletePromptFilter;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.PromptFilter;
import ai.horde.events.PutPromptFilter;
import ai.horde.events.RequestAccepted;
import ai.horde.events.ReportCorruptPrompt;
import ai.horde.events.UserChanged;
import ai.horde.ingress.fixtures.Api.Answer;
import ai.horde.ingress.fixtures.FeatureTest;
import ai.horde.ingress.fixtures.GivenViews.User;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter endpoints (spec §1.12 F1–F3) and the image path's prompt gate over HTTP, with the registry
 * scripted: it numbers a put filter and folds it into the views, as the real one's topic would.
 */
@MicronautTest(transactional = false)
class FiltersFeatureTest extends FeatureTest {
  private final List<String> folded = new ArrayList<>();
  private User moderator;
  private User plain;

  @BeforeEach
  void registry() {
    moderator = given.user("filter-moderator", 0, UserChanged.newBuilder().setModerator(true).build());
    plain = given.user("filter-plain", 100);
    deciders.answer(command -> {
      Object body = ((AccountCommand) command).getCommand();
      if (body instanceof PutPromptFilter put) {
        return fold(new PromptFilter(folded.size() + 1L, put.getRegex(), put.getFilterType(), put.getDescription(),
            put.getReplacement(), moderator.id(), clock.instant()));
      }
      if (body instanceof ChangePromptFilter change) {
        return change.getRegex() == null && change.getDescription() == null
            ? new ErrorAnswer(400, "NoFilterModSelected", "No filter patching selected!")
            : fold(PromptFilter.newBuilder(views.promptFilters().get(Long.toString(change.getFilterId())).orElseThrow())
                .setDescription(change.getDescription()).build());
      }
      String id = Long.toString(((DeletePromptFilter) body).getFilterId());
      views.fold(Topics.PROMPT_FILTERS, id, null, clock.millis());
      return new AccountAnswer(id, null);
    });
  }

  private AccountAnswer fold(PromptFilter filter) {
    String id = Long.toString(filter.getId());
    views.fold(Topics.PROMPT_FILTERS, id, filter, clock.millis());
    folded.add(id);
    return new AccountAnswer(id, null);
  }

  @AfterEach
  void forgetFilters() {
    folded.forEach(id -> views.fold(Topics.PROMPT_FILTERS, id, null, clock.millis()));
  }

  @Test
  void onlyModeratorsReachTheFilters() {
    assertThat(api.get("/api/v2/filters", "apikey", plain.apiKey()).rc()).isEqualTo("NotModerator");
    assertThat(api.get("/api/v2/filters", "apikey", "unknown-key-0000000").status()).isEqualTo(401);
    assertThat(api.get("/api/v2/filters/regex").status()).isEqualTo(400);
    assertThat(api.put("/api/v2/filters", "{\"regex\":\"x\",\"filter_type\":10}", "apikey", plain.apiKey()).rc())
        .isEqualTo("NotModerator");
    assertThat(api.get("/api/v2/filters/abc").rc()).isEqualTo("FilterNotFound");
  }

  @Test
  void aModeratorAddsListsTestsChangesAndDeletesAFilter() {
    // When a moderator adds a filter of each group
    Answer added = api.put("/api/v2/filters", "{\"regex\":\"forbidden\",\"filter_type\":10,\"description\":\"d\"}",
        "apikey", moderator.apiKey());
    api.put("/api/v2/filters", "{\"regex\":\"thing\",\"filter_type\":20}", "apikey", moderator.apiKey());

    // Then they are the reference's bodies
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.body()).isEqualTo("{\"id\":\"1\",\"regex\":\"forbidden\",\"filter_type\":10,\"description\":\"d\","
        + "\"replacement\":\"\",\"user\":\"" + moderator.alias() + "\"}");
    assertThat(api.get("/api/v2/filters?filter_type=20", "apikey", moderator.apiKey()).body())
        .isEqualTo("[{\"id\":\"2\",\"regex\":\"thing\",\"filter_type\":20,\"replacement\":\"\",\"user\":\""
            + moderator.alias() + "\"}]");
    assertThat(api.get("/api/v2/filters?contains=forb", "apikey", moderator.apiKey()).json()).hasSize(1);
    assertThat(api.get("/api/v2/filters/regex", "apikey", moderator.apiKey()).body())
        .isEqualTo("[{\"filter_type\":10,\"regex\":\"forbidden\"},{\"filter_type\":11},"
            + "{\"filter_type\":20,\"regex\":\"thing\"}]");
    assertThat(api.post("/api/v2/filters", "{\"prompt\":\"a forbidden thing\"}", "apikey", moderator.apiKey()).body())
        .isEqualTo("{\"suspicion\":\"2\",\"matches\":[\"forbidden\",\"thing\"]}");
    assertThat(api.get("/api/v2/filters?filter_type=x", "apikey", moderator.apiKey()).status()).isEqualTo(400);

    // And one is changed, found, and deleted
    assertThat(api.patch("/api/v2/filters/1", "{\"description\":\"new\"}", "apikey", moderator.apiKey())
        .json().get("description").asText()).isEqualTo("new");
    assertThat(api.patch("/api/v2/filters/1", "{\"regex\":\"\"}", "apikey", moderator.apiKey()).rc())
        .isEqualTo("NoFilterModSelected");
    assertThat(api.get("/api/v2/filters/1", "apikey", moderator.apiKey()).json().get("regex").asText())
        .isEqualTo("forbidden");
    assertThat(api.delete("/api/v2/filters/1", "apikey", moderator.apiKey()).body()).isEqualTo("{\"message\":\"OK\"}");
    Answer gone = api.get("/api/v2/filters/1", "apikey", moderator.apiKey());
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().get("message").asText()).isEqualTo("Filter with ID '1' not found.");
    assertThat(api.patch("/api/v2/filters/9", "{\"description\":\"x\"}", "apikey", moderator.apiKey()).rc())
        .isEqualTo("FilterNotFound");
    assertThat(api.put("/api/v2/filters", "{\"regex\":\"x\",\"filter_type\":30}", "apikey", moderator.apiKey())
        .status()).isEqualTo(400);
  }

  @Test
  void aBlockedImagePromptIsReportedThenRefusedOrRewrittenWhenAsked() {
    // Given a filter of each group
    api.put("/api/v2/filters", "{\"regex\":\"forbidden\",\"filter_type\":10}", "apikey", moderator.apiKey());
    api.put("/api/v2/filters", "{\"regex\":\"thing\",\"filter_type\":20}", "apikey", moderator.apiKey());
    deciders.reset();

    // When the user sends a matching prompt without the replacement filter
    Answer refused = api.post("/api/v2/generate/async",
        "{\"prompt\":\"a forbidden thing\",\"replacement_filter\":false,\"dry_run\":true}",
        "apikey", plain.apiKey(), "X-Forwarded-For", "203.0.113.9");

    // Then it is refused once the registry has the report
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.rc()).isEqualTo("CorruptPrompt");
    assertThat(deciders.written(Topics.ACCOUNT_COMMANDS)).singleElement().satisfies(command ->
        assertThat(command.getCommand()).isEqualTo(new ReportCorruptPrompt("203.0.113.9", plain.id(), false)));
    // And with the replacement filter (the default) the prompt is rewritten rather than refused
    assertThat(api.post("/api/v2/generate/async", "{\"prompt\":\"a forbidden thing\",\"dry_run\":true}",
        "apikey", plain.apiKey()).status()).isEqualTo(200);
    // And a moderator is refused without being reported
    assertThat(api.post("/api/v2/generate/async",
        "{\"prompt\":\"a forbidden thing\",\"replacement_filter\":false,\"dry_run\":true}",
        "apikey", moderator.apiKey()).rc()).isEqualTo("CorruptPrompt");
    assertThat(deciders.written(Topics.ACCOUNT_COMMANDS)).hasSize(1);
  }

  @Test
  void aFlaggedUsersTextPromptIsRewrittenAndRefusedWhenNothingIsLeft() throws Exception {
    // Given a flagged user and a replacement that removes a word
    User flagged = given.user("filter-flagged", 100, UserChanged.newBuilder().setFlagged(true).build());
    api.put("/api/v2/filters", "{\"regex\":\"forbidden\",\"filter_type\":10}", "apikey", moderator.apiKey());
    deciders.reset();

    // When it asks for text
    Answer accepted = api.post("/api/v2/generate/text/async", "{\"prompt\":\"a young forbidden girl\"}",
        "apikey", flagged.apiKey());
    Answer refused = api.post("/api/v2/generate/text/async", "{\"prompt\":\"forbidden\"}", "apikey",
        flagged.apiKey());

    // Then the worker would get the rewritten prompt, and a prompt with nothing left is refused
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    RequestAccepted written = deciders.written(Topics.TEXT_REQUESTS).get(0);
    assertThat(new ObjectMapper().readTree(written.getPayloadJson()).get("prompt").asText())
        .isEqualTo("a adult  adult woman###child, infant, underage, immature, teenager, tween");
    assertThat(refused.rc()).isEqualTo("CorruptPrompt");
    assertThat(refused.json().get("message").asText())
        .isEqualTo("To prevent generation of unethical images, we cannot allow this prompt.");
  }
}
