package ai.horde.ingress;

import ai.horde.accounts.Accounts;
import ai.horde.events.ErrorAnswer;
import ai.horde.events.GenMetadata;
import ai.horde.events.TextPopAnswer;
import ai.horde.events.TextPopRequested;
import ai.horde.events.TextSubmitAnswer;
import ai.horde.events.TextSubmitRequested;
import ai.horde.events.UserAccount;
import ai.horde.runtime.HordeEnv;
import ai.horde.text.Utf8;
import ai.horde.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * What workers call: {@code POST /generate/text/pop} and {@code POST /generate/text/submit}. Both are
 * decided by the scheduler; this adapter checks the body and the key, sends the command, and answers with
 * the reply.
 *
 * <p>A pop with no job is held open (a long-poll) until {@code HORDE_POP_HOLD_MS} (default 15 s) and
 * answered the moment a job for it arrives; the answer comes at the latest 5 s after the hold, below the
 * shortest worker timeout known (the scribe bridge's 40 s). A pop with no reply at all (the scheduler is
 * down) is answered with no job, so workers simply poll again.
 *
 * <p>A deleted user cannot pop (403 {@code DeletedUser}), nor a flagged one ({@code WorkerFlaggedMaintenance});
 * the pop carries the invite-only mode and the user's {@code worker_invited} for the scheduler to decide.
 *
 * <p>Known gaps (later issues): worker IP checks and timeouts, profanity checks of names,
 * worker messages; a worker that hangs up while its pop is held may be handed a job it never receives (its
 * TTL returns it to the queue).
 */
@Singleton
final class WorkerJobs {
  private static final String NAME_HELP = "The Name of the Worker.";
  private static final String GENERATION_HELP = "The generated text.";
  private static final List<String> FORBIDDEN_NAME_PARTS = List.of("colab", "tpu", "google");
  private static final Duration REPLY_GRACE = Duration.ofSeconds(5);
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(30);
  /** A job generates at most 4096 tokens; this is far more, and keeps a request's texts within one record. */
  private static final long MAX_GENERATION_BYTES = 1024 * 1024;
  private static final ObjectNode EMPTY_PAYLOAD = Responses.JSON.createObjectNode().put("max_length", 80)
      .put("max_context_length", 2048).put("min_p", 0.0).put("smoothing_factor", 0.0).put("dynatemp_range", 0.0)
      .put("dynatemp_exponent", 1.0);

  private final CommandGateway gateway;
  private final HordeViews views;
  private final Identities identities;
  private final Duration hold = Duration.ofMillis(HordeEnv.system().getLong("HORDE_POP_HOLD_MS", 15_000));

  WorkerJobs(CommandGateway gateway, HordeViews views, Identities identities) {
    this.gateway = gateway;
    this.views = views;
    this.identities = identities;
  }

  CompletableFuture<MutableHttpResponse<String>> pop(String body, String apiKey, String workerIp) {
    JsonNode json = Bodies.parse(body, TextShapes.POP);
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", Identities.API_KEY_HELP);
    }
    if (Bodies.missing(json, "name")) {
      throw InvalidPayload.missingField("name", NAME_HELP);
    }
    return identities.require(apiKey).thenCompose(user -> pop(json, user, workerIp));
  }

  private CompletableFuture<MutableHttpResponse<String>> pop(JsonNode json, UserAccount user, String workerIp) {
    if (user.getUserId() == Accounts.ANONYMOUS_ID) {
      throw new HordeError(403, "AnonForbiddenWorker", "Anonymous user is forbidden from performing this operation");
    }
    if (user.getDeleted()) {
      throw HordeError.deletedUser();
    }
    if (user.getFlagged()) {
      throw new HordeError(403, "WorkerFlaggedMaintenance", "Your user has been flagged by our community for "
          + "suspicious activity. Please contact us on discord: https://discord.gg/3DxrhksKzn");
    }
    String name = Workers.cleanName(json.get("name").asText());
    if (name.length() > 100) {
      name = name.substring(0, 100);
    }
    if (name.isEmpty()) {
      throw HordeError.badRequest("BadRequest", "Please provide a name for your worker.");
    }
    if (!views.workers.nameTaken(name)) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (String part : FORBIDDEN_NAME_PARTS) {
        if (lower.contains(part)) {
          throw HordeError.badRequest("BadRequest",
              "To avoid unwanted attention, please do not use '" + part + "' in your worker names.");
        }
      }
    }
    List<String> models = models(json.path("models"), user);
    Instant now = Instant.now();
    String popId = UUID.randomUUID().toString();
    TextPopRequested pop = TextPopRequested.newBuilder()
        .setPopId(popId).setReplyTo(gateway.instanceId()).setUserId(user.getUserId())
        .setUserTrusted(user.getTrusted()).setWorkerName(name).setModels(models)
        .setMaxLength(Bodies.integer(json, "max_length", 512))
        .setMaxContextLength(Bodies.integer(json, "max_context_length", 2048))
        .setSoftprompts(limit(json.path("softprompts"), 200, 100))
        .setPriorityUserIds(priorityUsers(json.path("priority_usernames")))
        .setNsfw(Bodies.flag(json, "nsfw", true))
        .setBridgeAgent(Bodies.text(json, "bridge_agent", "unknown:0:unknown"))
        .setThreads(Bodies.integer(json, "threads", 1)).setAmount(Bodies.integer(json, "amount", 1))
        .setWorkerIp(workerIp)
        // The scheduler decides whether a new worker may join in invite-only mode (spec R3.17.2).
        .setInviteOnly(views.modes().getInviteOnly()).setWorkerInvited(user.getWorkerInvited())
        .setRequestedAt(now).setHoldUntil(now.plus(hold))
        .setReplyDeadline(now.plus(hold).plus(REPLY_GRACE)).build();
    return gateway.ask(Topics.TEXT_POPS, popId, pop, popId, hold.plus(REPLY_GRACE)).handle((reply, error) -> {
      if (error != null) {
        if (unwrap(error) instanceof TimeoutException) {
          return Responses.ok(noJob(null));
        }
        return Responses.of(error);
      }
      if (reply instanceof ErrorAnswer e) {
        return Responses.error(e.getHttpStatus(), e.getRc(), e.getMessage());
      }
      return Responses.ok(popBody((TextPopAnswer) reply));
    });
  }

  /** At most 200 models, each cut to 100 characters; {@code base::alias#id} only for that user (spec R3.11.10). */
  private static List<String> models(JsonNode array, UserAccount user) {
    List<String> models = limit(array, 200, 100);
    if (models.isEmpty()) {
      throw HordeError.badRequest("BadRequest", "Unfortunately we cannot accept workers serving unrecognised models at this time");
    }
    for (String model : models) {
      int separator = model.indexOf("::");
      if (separator >= 0 && !model.substring(separator + 2).equals(Accounts.alias(user))) {
        throw HordeError.badRequest("BadRequest",
            "This model can only be hosted by its owner: " + model.substring(separator + 2));
      }
    }
    return models;
  }

  private List<Long> priorityUsers(JsonNode usernames) {
    List<Long> ids = new ArrayList<>();
    for (JsonNode username : usernames) {
      String text = username.asText();
      int hash = text.lastIndexOf('#');
      String digits = hash < 0 ? "" : text.substring(hash + 1);
      if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 10) {
        throw HordeError.badRequest("InvalidPriorityUsername",
            "Priority usernames need to be provided in the form of 'alias#number'. Example: 'db0#1'");
      }
      long id = Long.parseLong(digits);
      if (views.users.byId(id).isPresent()) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static List<String> limit(JsonNode array, int count, int length) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : array) {
      if (values.size() == count) {
        break;
      }
      String text = value.asText();
      values.add(text.length() > length ? text.substring(0, length) : text);
    }
    return values;
  }

  /** The reference's pop reply: every key present, {@code id} null and six default payload fields without a job. */
  private static ObjectNode popBody(TextPopAnswer answer) {
    if (answer.getJobIds().isEmpty()) {
      return noJob(answer);
    }
    ObjectNode body = Responses.JSON.createObjectNode();
    // Written as it came (ingress built it), not parsed and written again: a prompt can be megabytes.
    body.putRawValue("payload", new RawValue(answer.getPayloadJson()));
    body.put("id", answer.getJobIds().get(0));
    answer.getJobIds().forEach(body.putArray("ids")::add);
    body.put("model", answer.getModel());
    body.put("ttl", answer.getTtlSeconds());
    body.putObject("skipped");
    return withConstantFields(body);
  }

  private static ObjectNode noJob(TextPopAnswer answer) {
    ObjectNode body = Responses.JSON.createObjectNode();
    body.set("payload", EMPTY_PAYLOAD.deepCopy());
    body.putNull("id");
    body.putArray("ids");
    body.putNull("model");
    body.putNull("ttl");
    ObjectNode skipped = body.putObject("skipped");
    if (answer != null) {
      answer.getSkipped().forEach(skipped::put);
    }
    return withConstantFields(body);
  }

  private static ObjectNode withConstantFields(ObjectNode body) {
    body.putNull("softprompt");
    body.putArray("messages");
    body.putNull("extra_source_images");
    return body;
  }

  CompletableFuture<MutableHttpResponse<String>> submit(String body, String apiKey) {
    JsonNode json = Bodies.parse(body, TextShapes.SUBMIT);
    if (apiKey == null) {
      throw InvalidPayload.missingHeader("apikey", Identities.API_KEY_HELP);
    }
    if (Bodies.missing(json, "generation")) {
      throw InvalidPayload.missingField("generation", GENERATION_HELP);
    }
    if (Utf8.length(json.get("generation").asText()) > MAX_GENERATION_BYTES) {
      throw HordeError.badRequest("BadRequest", "The generation is too long: at most 1 MiB of text per job.");
    }
    if (json.path("gen_metadata").size() > 50) {
      throw HordeError.badRequest("BadRequest", "Too many metadata fields. Max is 50.");
    }
    return identities.require(apiKey).thenCompose(user -> {
      List<GenMetadata> metadata = new ArrayList<>();
      for (JsonNode entry : json.path("gen_metadata")) {
        metadata.add(new GenMetadata(entry.get("type").asText(), entry.get("value").asText(),
            Bodies.text(entry, "ref", null)));
      }
      String submitId = UUID.randomUUID().toString();
      TextSubmitRequested submit = TextSubmitRequested.newBuilder()
          .setSubmitId(submitId).setReplyTo(gateway.instanceId()).setUserId(user.getUserId())
          .setUserTrusted(user.getTrusted()).setJobId(json.get("id").asText())
          .setGeneration(json.get("generation").asText()).setState(Bodies.text(json, "state", "ok"))
          .setSeed(json.path("seed").asLong(0)).setGenMetadata(metadata).setSubmittedAt(Instant.now()).build();
      return gateway.ask(Topics.TEXT_SUBMITS, submit.getJobId(), submit, submitId, SUBMIT_TIMEOUT);
    }).thenApply(reply -> {
      if (reply instanceof ErrorAnswer e) {
        return Responses.error(e.getHttpStatus(), e.getRc(), e.getMessage());
      }
      double reward = ((TextSubmitAnswer) reply).getRewardCenti() / 100.0;
      return Responses.ok(Responses.JSON.createObjectNode().put("reward", reward));
    });
  }

  private static Throwable unwrap(Throwable error) {
    while (error.getCause() != null && (error instanceof java.util.concurrent.CompletionException)) {
      error = error.getCause();
    }
    return error;
  }
}
