package ai.horde.ingress.webhooks;

import ai.horde.events.AlchemyResult;
import ai.horde.events.GenMetadata;
import ai.horde.events.ImageGeneration;
import ai.horde.events.JobEvent;
import ai.horde.events.TextGeneration;
import ai.horde.ingress.image.ImageStatuses;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The bodies POSTed to webhooks, one record per kind, as the reference builds them (its {@code get_details()} of
 * the delivered job plus {@code request}, {@code id} and {@code kudos}, the worker's id as a string). Pure.
 */
final class WebhookBodies {
  private WebhookBodies() {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** One {@code gen_metadata} entry as the worker sent it. */
  record Metadata(String type, String value, String ref) {
    static List<Metadata> of(List<GenMetadata> metadata) {
      return metadata.stream().map(m -> new Metadata(m.getType(), m.getValue(), m.getRef())).toList();
    }
  }

  /**
   * A delivered text job (kobold {@code get_details}).
   *
   * @param id the job's id
   * @param request the request's id
   * @param kudos the job's reward
   */
  record TextWebhook(String text, long seed, String workerId, String workerName, String model, String id,
      String state, List<Metadata> genMetadata, String request, double kudos) {}

  /**
   * A delivered image job (stable {@code get_details}).
   *
   * @param img a download link (r2 requests, when the horde's public URL is known) or the image as base64 webp
   */
  record ImageWebhook(String img, String seed, String workerId, String workerName, String model, String id,
      boolean censored, List<Metadata> genMetadata, String request, double kudos) {}

  /**
   * A delivered form (interrogation form {@code get_details}).
   *
   * @param result the alchemist's result, each value {@code R2} replaced by the post-processed image
   * @param request the interrogation's id
   * @param id the form's job id
   */
  record AlchemyWebhook(String form, String state, JsonNode result, String workerId, String workerName,
      String request, String id, double kudos) {}

  static TextWebhook text(JobEvent event, TextGeneration g) {
    return new TextWebhook(g.getText(), g.getSeed(), g.getWorkerId(), g.getWorkerName(), g.getModel(), g.getJobId(),
        g.getState(), Metadata.of(g.getGenMetadata()), event.getRequestId(), kudos(event));
  }

  /** @param img what the image is sent as */
  static ImageWebhook image(JobEvent event, ImageGeneration g, String img) {
    return new ImageWebhook(img, g.getSeed(), g.getWorkerId(), g.getWorkerName(), g.getModel(), g.getJobId(),
        ImageStatuses.censored(g), Metadata.of(g.getGenMetadata()), event.getRequestId(), kudos(event));
  }

  /**
   * @param interrogationId the interrogation the form belongs to
   * @param image what a value {@code R2} is replaced with
   */
  static AlchemyWebhook alchemy(JobEvent event, AlchemyResult r, String interrogationId, UnaryOperator<String> image) {
    JsonNode result;
    try {
      result = JSON.readTree(r.getResultJson());
    } catch (JsonProcessingException e) {
      result = null;
    }
    if (result instanceof ObjectNode object) {
      object.properties().forEach(entry -> {
        if ("R2".equals(entry.getValue().asText(null))) {
          entry.setValue(object.textNode(image.apply(entry.getKey())));
        }
      });
    }
    return new AlchemyWebhook(r.getForm(), "done", result, r.getWorkerId(), r.getWorkerName(), interrogationId,
        r.getJobId(), kudos(event));
  }

  private static double kudos(JobEvent event) {
    return event.getRewardCenti() / 100.0;
  }

  static byte[] json(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a webhook body that cannot be written", e);
    }
  }
}
