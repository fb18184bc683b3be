package ai.horde.ingress.alchemy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What a form's request carries to the alchemist that pops it, opaque to the scheduler (the request's
 * {@code payload_json}): the interrogation it belongs to (its source image is stored under that id) and the
 * form's payload as the requester sent it. The form's name is the job's model.
 *
 * @param interrogationId the id the requester was given
 * @param payload the form's payload, or a JSON null
 */
record FormJob(String interrogationId, JsonNode payload) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The request id of the form at {@code position} of an interrogation: derived, so that sending the same
   * interrogation again names the same requests.
   */
  static String requestId(UUID interrogationId, int position) {
    return UUID.nameUUIDFromBytes((interrogationId + "#alchemy-form#" + position).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  String json() {
    ObjectNode node = JSON.createObjectNode();
    node.put("interrogation_id", interrogationId);
    node.set("payload", payload == null ? NullNode.getInstance() : payload);
    return node.toString();
  }

  static FormJob read(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return new FormJob(node.path("interrogation_id").asText(), node.path("payload"));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
