package ai.horde.text;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.events.TextCriteria;
import ai.horde.text.TextEligibility.Skip;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextEligibilityTest {
  private static final ModelReference MODELS = new ModelReference(Map.of("big/model", 20_000_000_000L));

  private static TextCriteria.Builder request() {
    return TextCriteria.newBuilder();
  }

  private static TextWorkerProfile worker(List<String> models, int maxLength, int maxContext) {
    return new TextWorkerProfile("w1", models, maxLength, maxContext, false, "unknown:0:unknown", 1.0);
  }

  @Test
  void anyModelRequestFitsAWorkerWithinItsLimits() {
    assertThat(TextEligibility.check(request().build(), worker(List.of("m"), 512, 2048), MODELS)).isNull();
  }

  @Test
  void eachLimitHasItsReason() {
    var w = worker(List.of("m"), 100, 1024);
    assertThat(TextEligibility.check(request().setModels(List.of("other")).build(), w, MODELS)).isEqualTo(Skip.MODELS);
    assertThat(TextEligibility.check(request().setMaxContextLength(2048).build(), w, MODELS))
        .isEqualTo(Skip.MAX_CONTEXT_LENGTH);
    assertThat(TextEligibility.check(request().setMaxContextLength(1024).setMaxLength(200).build(), w, MODELS))
        .isEqualTo(Skip.MAX_LENGTH);
    assertThat(TextEligibility.check(request().setMaxContextLength(1024).setTrustedWorkers(true).build(), w, MODELS))
        .isEqualTo(Skip.UNTRUSTED);
    assertThat(TextEligibility.check(request().setMaxContextLength(1024).setValidatedBackends(true).build(), w, MODELS))
        .isEqualTo(Skip.BRIDGE_VERSION);
  }

  @Test
  void workerListsAllowOrDeny() {
    var w = worker(List.of("m"), 512, 2048);
    assertThat(TextEligibility.check(request().setWorkers(List.of("w2")).build(), w, MODELS)).isEqualTo(Skip.WORKER_ID);
    assertThat(TextEligibility.check(request().setWorkers(List.of("w1")).build(), w, MODELS)).isNull();
    assertThat(TextEligibility.check(request().setWorkers(List.of("w1")).setWorkerBlacklist(true).build(), w, MODELS))
        .isEqualTo(Skip.WORKER_ID);
  }

  @Test
  void fastOnlyRequestsSkipNewWorkersWhoseSpeedIsTheBaseline() {
    var fresh = worker(List.of("big/model"), 512, 2048);
    assertThat(TextEligibility.check(request().setSlowWorkers(false).build(), fresh, MODELS)).isEqualTo(Skip.PERFORMANCE);
    var fast = new TextWorkerProfile("w1", List.of("big/model"), 512, 2048, false, "x:1:y", 3.0);
    assertThat(TextEligibility.check(request().setSlowWorkers(false).build(), fast, MODELS)).isNull();
  }

  @Test
  void theSpeedRuleCanBeGiven() {
    var twoTokens = new TextWorkerProfile("w1", List.of("small/model"), 512, 2048, false, "x:1:y", 2.0);
    var fastOnly = request().setSlowWorkers(false).build();
    assertThat(TextEligibility.check(fastOnly, twoTokens, MODELS)).isEqualTo(Skip.PERFORMANCE);
    assertThat(TextEligibility.check(fastOnly, twoTokens, 2.0)).isNull();
  }
}
