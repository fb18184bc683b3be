package ai.horde.ingress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.GenMetadata;
import ai.horde.events.SubmitRequested;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A NUL anywhere in a record ingress writes is found, but in a submit's generation, which the scheduler cleans. */
class NulStringsTest {
  private static SubmitRequested.Builder submit() {
    return SubmitRequested.newBuilder().setSubmitId("s").setReplyTo("r").setUserId(1).setJobId("j")
        .setGeneration("text").setSubmittedAt(Instant.EPOCH);
  }

  @Test
  void aNulInAStringANestedRecordOrAListIsFound() {
    assertThat(NulStrings.in(submit().build())).isFalse();
    assertThat(NulStrings.in(submit().setJobId("a\u0000b").build())).isTrue();
    assertThat(NulStrings.in(submit().setGenMetadata(List.of(new GenMetadata("nsfw", "\u0000", null))).build()))
        .isTrue();
    assertThat(NulStrings.in(Map.of("k\u0000", "v"))).isTrue();
    assertThat(NulStrings.in(Map.of("k", List.of("v\u0000")))).isTrue();
  }

  @Test
  void aSubmitsGenerationKeepsItsNulsForTheSchedulerToReplace() {
    assertThat(NulStrings.in(submit().setGeneration("a\u0000b").build())).isFalse();
  }
}
