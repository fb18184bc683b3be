package ai.horde.ingress.filters;

import ai.horde.events.ReportCorruptPrompt;
import ai.horde.events.UserAccount;
import ai.horde.image.ImageModelReference;
import ai.horde.ingress.filters.PromptRules.Compiled;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.HordeViews;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The prompt filters on the way in (spec I1, R1.13, R1.14, R3.13.2), at the reference's place in each
 * request's checks (after {@code TooManyPrompts} and the IP timeout): the filters are the ones every instance
 * folds from {@code horde.prompt-filters}, compiled again whenever they change.
 *
 * <ul>
 *   <li>Image: a blocking prompt is rewritten by the replacement filter when the request asks for it (the
 *       default) or the user is in education; otherwise, or when nothing is left, it is refused with 400
 *       {@code CorruptPrompt} once the registry has the report ({@code ReportCorruptPrompt}: IP timeout and the
 *       user's {@code CORRUPT_PROMPT} suspicion; moderators are not reported, to let them experiment).
 *   <li>Image and text: a flagged user's prompt, and an image prompt for NSFW models that reads young, is
 *       rewritten; nothing left is a {@code CorruptPrompt} without a report.
 * </ul>
 *
 * <p>Known gaps: text models are not known to be NSFW here (only flagged users' text prompts are rewritten);
 * proxied requests are not counted against the proxy's address.
 */
@Singleton
public final class PromptGate {
  static final String CORRUPT_PROMPT = "This prompt appears to violate our terms of service and will be reported. "
      + "Please contact us if you think this is an error.";
  static final String NSFW_MODEL_PROMPT = "To prevent generation of unethical images, we cannot allow this prompt "
      + "with NSFW models. Please select another model and try again.";
  static final String FLAGGED_PROMPT = "To prevent generation of unethical images, we cannot allow this prompt.";

  private final HordeViews views;
  private final Decisions decisions;
  private final ImageModelReference models;
  private volatile Snapshot snapshot = new Snapshot(-1, Compiled.NONE);

  private record Snapshot(long version, Compiled filters) {}

  PromptGate(HordeViews views, Decisions decisions, ImageModelReference models) {
    this.views = views;
    this.decisions = decisions;
    this.models = models;
  }

  /** The filters as the views hold them now. */
  Compiled filters() {
    Snapshot current = snapshot;
    long version = views.promptFilters().version();
    if (current.version() != version) {
      current = new Snapshot(version, Compiled.of(List.copyOf(views.promptFilters().all())));
      snapshot = current;
    }
    return current.filters();
  }

  /**
   * The prompt an image request goes on with, or a refusal.
   *
   * @param replacementFilter the request's {@code replacement_filter}
   * @param requestedModels the models as asked for
   */
  public CompletableFuture<String> image(UserAccount user, String clientIp, String prompt, boolean replacementFilter,
      List<String> requestedModels) {
    Compiled filters = filters();
    String accepted = prompt;
    boolean replaced = false;
    if (PromptRules.check(filters, prompt, null).blocking()) {
      if (replacementFilter || user.getEducation()) {
        if (!PromptRules.replaceable(prompt)) {
          throw ApiError.badRequest("BadRequest", "Prompt has to be below 7000 chars when replacement filter is on");
        }
        String rewritten = PromptRules.replace(filters, prompt);
        if (rewritten != null) {
          accepted = rewritten;
          replaced = true;
        }
      }
      if (!replaced) {
        CompletableFuture<Void> reported = user.getModerator() ? CompletableFuture.completedFuture(null)
            : decisions.report(new ReportCorruptPrompt(clientIp, user.getUserId(), false));
        return reported.thenApply(sent -> {
          throw corruptPrompt(CORRUPT_PROMPT);
        });
      }
    }
    boolean nsfwModel = PromptRules.nsfwModelBlock(filters, accepted, requestedModels,
        models.hasNsfwModels(requestedModels));
    return CompletableFuture.completedFuture(nsfwModel || user.getFlagged()
        ? rewrite(filters, accepted, requestedModels, replaced, nsfwModel ? NSFW_MODEL_PROMPT : FLAGGED_PROMPT)
        : accepted);
  }

  /** The prompt a text request goes on with: rewritten for a flagged user (R1.14), never reported (R1.13). */
  public String text(UserAccount user, String prompt, List<String> requestedModels) {
    return user.getFlagged() ? rewrite(filters(), prompt, requestedModels, false, FLAGGED_PROMPT) : prompt;
  }

  private static String rewrite(Compiled filters, String prompt, List<String> requestedModels, boolean replaced,
      String refusal) {
    String rewritten = PromptRules.nsfwModelReplace(filters, prompt, requestedModels, replaced);
    if (rewritten == null) {
      throw corruptPrompt(refusal);
    }
    return rewritten;
  }

  static ApiError corruptPrompt(String message) {
    return ApiError.badRequest("CorruptPrompt", message);
  }
}
