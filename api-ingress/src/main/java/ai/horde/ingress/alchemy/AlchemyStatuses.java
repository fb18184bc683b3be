package ai.horde.ingress.alchemy;

import ai.horde.events.AlchemyCriteria;
import ai.horde.events.AlchemyResult;
import ai.horde.events.Progress;
import ai.horde.events.RequestStatus;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationFormStatus;
import ai.horde.ingress.alchemy.AlchemyBodies.InterrogationStatus;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.intake.RequestStatuses;
import ai.horde.ingress.storage.ObjectKeys;
import ai.horde.ingress.storage.ObjectStore;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Visibility;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * An interrogation's status ({@code GET /interrogate/status/{id}}, spec §1.3 A2) and its cancel
 * ({@code DELETE}, A3): its forms are the live requests grouped under its id, listed in the order they were
 * asked. A form is {@code waiting}, {@code processing}, {@code done}, {@code faulted} or {@code cancelled} (the
 * reference's form states, lowercased); the interrogation is {@code faulted} when every form is, {@code done}
 * when every form is, else {@code processing} while a form is, else {@code waiting} while a form is, else
 * {@code partial} (the reference's get_status). A done form's result is the alchemist's object, marshalled as
 * the reference marshals it ({@link Wildcards#result}); a value {@code "R2"} is a fresh download link (30 minutes)
 * of the image the alchemist uploaded ({@code <job id>.webp}). The reference also returns each form's worker,
 * but its model leaves it out of the answer, so it is not shown here either.
 *
 * <p>A cancel asks the scheduler to stop each form that is not done and answers as the reference does, after
 * the cancel: every form not done is {@code cancelled}.
 *
 * <p>Known gap: a form whose alchemist is still working when it is cancelled may still be delivered (then it
 * shows {@code done}); the reference refuses that delivery.
 */
@Singleton
final class AlchemyStatuses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HordeViews views;
  private final Visibility visibility;
  private final RequestStatuses statuses;
  private final ObjectStore store;

  AlchemyStatuses(HordeViews views, Visibility visibility, RequestStatuses statuses, ObjectStore store) {
    this.views = views;
    this.visibility = visibility;
    this.statuses = statuses;
    this.store = store;
  }

  /** One form's state and what the requester sees of it. */
  private record Form(String requestId, String state, InterrogationFormStatus shown) {}

  CompletableFuture<InterrogationStatus> status(String id, URI base) {
    return find(id).thenApply(forms -> render(forms, base, false));
  }

  CompletableFuture<InterrogationStatus> cancel(String id, URI base) {
    return find(id).thenCompose(forms -> {
      InterrogationStatus after = render(forms, base, true);
      List<CompletableFuture<Void>> sent = forms.stream().filter(form -> !"done".equals(state(form)))
          .map(form -> statuses.cancel(WorkKind.ALCHEMY, form.getRequestId())).toList();
      return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(all -> after);
    });
  }

  /** The interrogation's forms in the order they were asked; 404 as the reference words it when there are none. */
  private CompletableFuture<List<RequestStatus>> find(String id) {
    return visibility.find(() -> {
      List<RequestStatus> forms = views.statuses(WorkKind.ALCHEMY).group(id);
      return forms.isEmpty() ? Optional.<List<RequestStatus>>empty() : Optional.of(forms);
    }, List.of(Topics.ALCHEMY_REQUESTS, Topics.ALCHEMY_STATUS)).thenApply(found -> found
        .map(forms -> forms.stream().sorted(Comparator.comparingInt(AlchemyStatuses::position)).toList())
        .orElseThrow(() -> new ApiError(404, "RequestNotFound", "Interrogation with ID '" + id + "' not found.")));
  }

  private InterrogationStatus render(List<RequestStatus> forms, URI base, boolean cancelled) {
    List<InterrogationFormStatus> shown = forms.stream().map(form -> {
      String state = state(form);
      String after = cancelled && !"done".equals(state) ? "cancelled" : state;
      AlchemyCriteria criteria = (AlchemyCriteria) form.getCriteria();
      return new InterrogationFormStatus(criteria.getForm(), after, "done".equals(after) ? result(form, base) : null);
    }).toList();
    return new InterrogationStatus(overall(shown.stream().map(InterrogationFormStatus::state).toList()), shown);
  }

  /** A form's state as the reference names it. */
  static String state(RequestStatus form) {
    Progress p = form.getProgress();
    if (p.getFinished() > 0 || !p.getGenerations().isEmpty()) {
      return "done";
    }
    if (p.getFaulted()) {
      return "faulted";
    }
    if (p.getCancelled()) {
      return "cancelled";
    }
    return p.getProcessing() > 0 ? "processing" : "waiting";
  }

  /** The interrogation's state from its forms' (the reference's Interrogation.get_status). */
  static String overall(List<String> states) {
    if (states.stream().allMatch("faulted"::equals)) {
      return "faulted";
    }
    if (states.stream().allMatch("done"::equals)) {
      return "done";
    }
    if (states.contains("processing")) {
      return "processing";
    }
    return states.contains("waiting") ? "waiting" : "partial";
  }

  private JsonNode result(RequestStatus form, URI base) {
    for (Object generation : form.getProgress().getGenerations()) {
      if (generation instanceof AlchemyResult delivered) {
        String link = store.downloadUrl(ObjectKeys.generation(UUID.fromString(delivered.getJobId())), base)
            .toString();
        return Wildcards.result(parse(delivered.getResultJson()), key -> link);
      }
    }
    return null;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static int position(RequestStatus form) {
    return ((AlchemyCriteria) form.getCriteria()).getPosition();
  }
}
