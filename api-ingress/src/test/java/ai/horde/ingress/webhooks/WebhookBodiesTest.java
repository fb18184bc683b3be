package ai.horde.ingress.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.AlchemyResult;
import ai.horde.events.GenMetadata;
import ai.horde.events.JobEvent;
import ai.horde.events.JobEventKind;
import ai.horde.events.TextGeneration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bodies as the reference sends them: the job's details plus request, id and kudos. */
class WebhookBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JobEvent delivered(long rewardCenti) {
    return JobEvent.newBuilder().setJobId("job-1").setRequestId("request-1").setKind(JobEventKind.DELIVERED)
        .setWorkerId("worker-1").setWorkerOwnerId(2).setRequesterUserId(3).setModel("m").setRewardCenti(rewardCenti)
        .setAssignedAt(Instant.EPOCH).setOccurredAt(Instant.EPOCH).build();
  }

  @Test
  void aTextBodyHasTheStatusEntryAndTheJobsIdsAndReward() throws Exception {
    TextGeneration g = TextGeneration.newBuilder().setJobId("job-1").setWorkerId("worker-1").setWorkerName("w")
        .setModel("koboldcpp/m").setState("ok").setText("Once").setSeed(7)
        .setGenMetadata(List.of(new GenMetadata("censorship", "csam", null))).build();

    JsonNode body = JSON.readTree(WebhookBodies.json(WebhookBodies.text(delivered(1234), g)));

    assertThat(body.get("text").asText()).isEqualTo("Once");
    assertThat(body.get("seed").asLong()).isEqualTo(7);
    assertThat(body.get("worker_id").isTextual()).isTrue();
    assertThat(body.get("worker_id").asText()).isEqualTo("worker-1");
    assertThat(body.get("worker_name").asText()).isEqualTo("w");
    assertThat(body.get("model").asText()).isEqualTo("koboldcpp/m");
    assertThat(body.get("state").asText()).isEqualTo("ok");
    assertThat(body.get("gen_metadata").get(0).get("value").asText()).isEqualTo("csam");
    assertThat(body.get("id").asText()).isEqualTo("job-1");
    assertThat(body.get("request").asText()).isEqualTo("request-1");
    assertThat(body.get("kudos").asDouble()).isEqualTo(12.34);
  }

  @Test
  void anAlchemyBodyNamesTheInterrogationAndLinksItsImage() throws Exception {
    AlchemyResult r = AlchemyResult.newBuilder().setJobId("job-1").setWorkerId("worker-1").setWorkerName("a")
        .setForm("RealESRGAN_x4plus").setResultJson("{\"RealESRGAN_x4plus\":\"R2\",\"note\":\"x\"}").build();

    JsonNode body = JSON.readTree(WebhookBodies.json(
        WebhookBodies.alchemy(delivered(100), r, "interrogation-1", key -> "https://horde/objects/" + key)));

    assertThat(body.get("form").asText()).isEqualTo("RealESRGAN_x4plus");
    assertThat(body.get("state").asText()).isEqualTo("done");
    assertThat(body.get("result").get("RealESRGAN_x4plus").asText())
        .isEqualTo("https://horde/objects/RealESRGAN_x4plus");
    assertThat(body.get("result").get("note").asText()).isEqualTo("x");
    assertThat(body.get("request").asText()).isEqualTo("interrogation-1");
    assertThat(body.get("id").asText()).isEqualTo("job-1");
    assertThat(body.get("kudos").asDouble()).isEqualTo(1.0);
  }
}
