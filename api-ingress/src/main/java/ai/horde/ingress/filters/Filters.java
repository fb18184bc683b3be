package ai.horde.ingress.filters;

import ai.horde.accounts.Accounts;
import ai.horde.events.AccountAnswer;
import ai.horde.events.ChangePromptFilter;
import ai.horde.events.DeletePromptFilter;
import ai.horde.events.PromptFilter;
import ai.horde.events.PutPromptFilter;
import ai.horde.events.UserAccount;
import ai.horde.ingress.filters.FilterBodies.FilterDetails;
import ai.horde.ingress.filters.FilterBodies.FilterPromptCheck;
import ai.horde.ingress.filters.FilterBodies.FilterPromptSuspicion;
import ai.horde.ingress.filters.FilterBodies.FilterRegex;
import ai.horde.ingress.filters.FilterBodies.PatchExistingFilter;
import ai.horde.ingress.filters.FilterBodies.PutNewFilter;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.http.SimpleResponse;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.Effect;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.topics.Topics;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The moderators' filter endpoints (spec §1.12 F1–F3): every call needs a moderator's key (401 for an
 * unknown key, 403 {@code NotModerator}); reads come from the views, writes are the registry's
 * ({@link ai.horde.events.PutPromptFilter} and the others), answered once the views hold them.
 *
 * <p>Known gaps: the reference also lets one whitelisted non-moderator alias test prompts; its
 * {@code contains} is SQL {@code LIKE} (case-sensitive in PostgreSQL), as here.
 */
@Singleton
final class Filters {
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  /** The registry's filter writes are shown once the views read them. */
  private static final Function<AccountAnswer, Effect> WRITTEN = answer -> Effect.writtenTo(Topics.PROMPT_FILTERS);

  private final Identities identities;
  private final Decisions decisions;
  private final HordeViews views;
  private final PromptGate gate;

  Filters(Identities identities, Decisions decisions, HordeViews views, PromptGate gate) {
    this.identities = identities;
    this.decisions = decisions;
    this.views = views;
    this.gate = gate;
  }

  /** F1 GET: every filter, or those of a type and/or whose regex or description contains a word. */
  CompletableFuture<List<FilterDetails>> list(String apiKey, @Nullable Integer filterType, @Nullable String contains) {
    return identities.requireModerator(apiKey).thenApply(moderator -> views.promptFilters().all().stream()
        .filter(f -> filterType == null || filterType == 0 || f.getFilterType() == filterType)
        .filter(f -> contains == null || f.getRegex().contains(contains)
            || (f.getDescription() != null && f.getDescription().contains(contains)))
        .sorted(Comparator.comparingLong(PromptFilter::getId)).map(this::details).toList());
  }

  /** F1 PUT: the new filter, or the existing one with the same regex and type. */
  CompletableFuture<FilterDetails> put(String apiKey, PutNewFilter input) {
    PutPromptFilter command = new PutPromptFilter(input.regex(), input.filterType(), input.description(),
        input.replacement() == null ? "" : input.replacement());
    return identities.requireModerator(apiKey).thenCompose(moderator -> written(moderator, command));
  }

  /** F1 POST: how suspicious a prompt is. */
  CompletableFuture<FilterPromptSuspicion> check(String apiKey, FilterPromptCheck input) {
    return identities.requireModerator(apiKey).thenApply(moderator -> {
      PromptRules.Check check = PromptRules.check(gate.filters(), input.prompt(), input.filterType());
      return new FilterPromptSuspicion(Integer.toString(check.suspicion()), check.matches());
    });
  }

  /** F2: each known type's full regex. */
  CompletableFuture<List<FilterRegex>> regex(String apiKey, @Nullable Integer filterType) {
    return identities.requireModerator(apiKey).thenApply(moderator -> {
      List<FilterRegex> regexes = new ArrayList<>();
      for (int type : PromptRules.KNOWN_TYPES) {
        if (filterType == null || filterType == 0 || filterType == type) {
          regexes.add(new FilterRegex(type, gate.filters().regex().get(type)));
        }
      }
      return regexes;
    });
  }

  /** F3 GET: the reference answers an id that is not digits 404 before it reads the key. */
  static void requireDigits(String filterId) {
    if (!DIGITS.matcher(filterId).matches()) {
      throw notFound(filterId);
    }
  }

  /** F3 GET. */
  CompletableFuture<FilterDetails> get(String apiKey, String filterId) {
    return identities.requireModerator(apiKey).thenApply(moderator -> details(existing(filterId)));
  }

  /** F3 PATCH: an empty string asks for nothing, as in the reference. */
  CompletableFuture<FilterDetails> change(String apiKey, String filterId, PatchExistingFilter input) {
    return identities.requireModerator(apiKey).thenCompose(moderator -> {
      long id = existing(filterId).getId();
      return written(moderator, new ChangePromptFilter(id, given(input.regex()), given(input.filterType()),
          given(input.description()), given(input.replacement())));
    });
  }

  /** F3 DELETE. */
  CompletableFuture<SimpleResponse> delete(String apiKey, String filterId) {
    return identities.requireModerator(apiKey).thenCompose(moderator -> {
      long id = existing(filterId).getId();
      return decisions.registry(moderator, new DeletePromptFilter(id), AccountAnswer.class, WRITTEN)
          .thenApply(answer -> SimpleResponse.OK);
    });
  }

  private CompletableFuture<FilterDetails> written(UserAccount moderator, Object command) {
    return decisions.registry(moderator, command, AccountAnswer.class, WRITTEN)
        .thenApply(answer -> details(existing(answer.getSubjectId())));
  }

  /** The filter with this id: 404 {@code FilterNotFound} for any other id, digits or not. */
  private PromptFilter existing(String filterId) {
    Optional<PromptFilter> filter = Optional.empty();
    if (DIGITS.matcher(filterId).matches()) {
      try {
        filter = views.promptFilters().get(Long.toString(Long.parseLong(filterId)));
      } catch (NumberFormatException tooLong) {
        // no filter has an id that long
      }
    }
    return filter.orElseThrow(() -> notFound(filterId));
  }

  private static ApiError notFound(String filterId) {
    return new ApiError(404, "FilterNotFound", "Filter with ID '" + filterId + "' not found.");
  }

  private FilterDetails details(PromptFilter filter) {
    String user = views.users().byId(filter.getUserId()).map(Accounts::alias).orElse(null);
    return new FilterDetails(Long.toString(filter.getId()), filter.getRegex(), filter.getFilterType(),
        filter.getDescription(), filter.getReplacement(), user);
  }

  private static String given(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static Integer given(Integer value) {
    return value == null || value == 0 ? null : value;
  }
}
