package ai.horde.ingress.alchemy;

import ai.horde.alchemy.AlchemyForms;
import ai.horde.events.AlchemyCriteria;
import ai.horde.events.RequestAccepted;
import ai.horde.events.UserAccount;
import ai.horde.ingress.alchemy.AlchemyBodies.ModelInterrogationFormStable;
import ai.horde.ingress.alchemy.AlchemyBodies.ModelInterrogationInputStable;
import ai.horde.ingress.alchemy.AlchemyBodies.RequestInterrogationResponse;
import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.image.SourceDownloads;
import ai.horde.ingress.image.SourceImages;
import ai.horde.ingress.image.SourceImages.Decoded;
import ai.horde.ingress.intake.RequestIntake;
import ai.horde.ingress.storage.ObjectKeys;
import ai.horde.ingress.storage.ObjectStore;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import ai.horde.text.TextProgressRules;
import ai.horde.work.WorkKind;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Interrogation intake ({@code POST /interrogate/async}, spec §1.3 A1), in the reference's order: the body's
 * schema (unknown form names are its enum's 400), the parser's required {@code apikey} and
 * {@code source_image}, maintenance, the webhook's scheme, the key (a registered user's or anonymous; a shared
 * key is not one, spec R3.15.1, so it is an invalid key), at least one form, the concurrency (the user's waiting
 * and processing forms plus this request's forms, duplicates included, may not exceed 10 × their concurrency),
 * then the source image read as an image request's is ({@link SourceImages}, URLs downloaded by
 * {@link SourceDownloads}) and its 512×512 tiles (more than {@link AlchemyForms#MAX_TILES}: 400
 * {@code SourceImageResolutionExceeded}).
 *
 * <p>The image is stored under {@code <interrogation id>_src.webp}; each form (a repeated name is ignored, the
 * first kept) is queued as a request of one job ({@link FormJob#requestId}: derived from the interrogation id and
 * the form's place), worth {@link AlchemyForms#kudosCenti} to its alchemist; 202 once Kafka acknowledged every
 * one. Nothing is held upfront: as in the reference, a form is paid when it is delivered.
 *
 * <p>Known gaps: the reference hands a URL source to the alchemist as it was sent, and caches results of URL
 * sources by URL (5 days; 90 minutes for a post-processor) so that the same image is not interrogated twice;
 * here every source is stored and linked, and nothing is cached. Raid mode's unsafe-address checks do not exist
 * here, so every form is {@code safe_ip}. Each delivered form is announced to the webhook ({@code webhooks.WebhookSender}). An
 * interrogation without forms is refused (400 {@code BadRequest}), where the reference accepts it and reports it
 * {@code faulted} with no forms. The forms are sent one by one: should Kafka take some and refuse the others,
 * the request is answered as failed while the forms taken are served.
 */
@Singleton
final class AlchemyRequests {
  private final RequestIntake intake;
  private final Identities identities;
  private final HordeViews views;
  private final ObjectStore store;
  private final SourceDownloads downloads;
  private final ExecutorService blocking;
  private final Clock clock;

  AlchemyRequests(RequestIntake intake, Identities identities, HordeViews views, ObjectStore store,
      SourceDownloads downloads, @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Clock clock) {
    this.intake = intake;
    this.identities = identities;
    this.views = views;
    this.store = store;
    this.downloads = downloads;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** @param body the request as sent: each form's payload is passed on from it as it was */
  CompletableFuture<HttpResponse<RequestInterrogationResponse>> accept(ModelInterrogationInputStable input,
      JsonNode body, String apiKey, String clientAgent, String clientIp) {
    return intake.checkOpen(input.webhook()).thenCompose(open -> identities.require(apiKey)).thenCompose(user -> {
      if (input.forms().isEmpty()) {
        // The reference accepts it and reports it faulted; an interrogation of nothing is refused here.
        throw ApiError.badRequest("BadRequest", "An interrogation needs at least one form.");
      }
      checkConcurrency(user, input.forms().size());
      intake.checkIp(clientIp);
      UUID id = UUID.randomUUID();
      // Decoded (or downloaded) and stored off the event loop.
      return CompletableFuture.supplyAsync(() -> storeSource(input.sourceImage(), id), blocking)
          .thenCompose(tiles -> queue(input, body, user, id, tiles, clientAgent, clientIp));
    });
  }

  /** The reference's limit (spec §1.3): waiting and processing forms, counted with this request's. */
  private void checkConcurrency(UserAccount user, int forms) {
    long active = views.statuses(WorkKind.ALCHEMY).activeOf(user.getUserId()).stream()
        .filter(status -> !status.getProgress().getCancelled() && !TextProgressRules.done(status.getProgress()))
        .count();
    long count = active + forms;
    long limit = user.getConcurrency() * 10L;
    if (count > limit) {
      throw new ApiError(429, "TooManyPrompts", "Parallel requests (" + count + ") exceeded user limit (" + limit
          + "). Please try again later or request to increase your concurrency.");
    }
  }

  /** Reads the source image as the reference does, checks its tiles, and stores it; answers its tiles. */
  private int storeSource(String source, UUID id) {
    Decoded decoded = SourceImages.isUrl(source) ? downloads.download(source) : SourceImages.readBase64(source);
    int tiles = AlchemyForms.tiles(decoded.width(), decoded.height());
    if (tiles > AlchemyForms.MAX_TILES) {
      throw ApiError.badRequest("SourceImageResolutionExceeded", "Image validation failed. Image is too large ("
          + tiles + " tiles) and would cause horde alchemists to run out of VRAM trying to process it.");
    }
    store.put(ObjectKeys.sourceImage(id), SourceImages.bytesOf(source, downloads), null);
    return tiles;
  }

  private CompletableFuture<HttpResponse<RequestInterrogationResponse>> queue(ModelInterrogationInputStable input,
      JsonNode body, UserAccount user, UUID id, int tiles, String clientAgent, String clientIp) {
    Instant now = clock.instant();
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int position = 0;
    for (int i = 0; i < input.forms().size(); i++) {
      ModelInterrogationFormStable form = input.forms().get(i);
      if (!seen.add(form.name())) {
        continue;
      }
      JsonNode payload = body.path("forms").path(i).get("payload");
      AlchemyCriteria criteria = AlchemyCriteria.newBuilder().setInterrogationId(id.toString())
          .setForm(form.name()).setPosition(position).setImageTiles(tiles)
          .setKudosCenti(AlchemyForms.kudosCenti(form.name(), tiles)).setTrustedWorkers(input.trusted())
          .setSlowWorkers(input.slowWorkers()).setSafeIp(true).build();
      RequestAccepted accepted = RequestAccepted.newBuilder()
          .setRequestId(FormJob.requestId(id, position)).setUserId(user.getUserId())
          .setRequesterFlagged(user.getFlagged())
          .setPayloadJson(new FormJob(id.toString(), payload).json())
          .setPromptChars(0).setN(1).setCriteria(criteria).setClientAgent(clientAgent).setWebhook(input.webhook())
          .setClientIp(clientIp).setAcceptedAt(now).build();
      sent.add(intake.send(WorkKind.ALCHEMY, accepted));
      position++;
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(all ->
        HttpResponse.status(HttpStatus.ACCEPTED).body(new RequestInterrogationResponse(id.toString(), null)));
  }
}
