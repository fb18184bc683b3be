package ai.horde.ingress.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.horde.events.ImageCriteria;
import ai.horde.events.Progress;
import ai.horde.events.RequestStatus;
import ai.horde.events.TextCriteria;
import ai.horde.events.WorkerState;
import ai.horde.work.WorkKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The active models: threads of online workers, queued work of waiting requests, eta. */
class ModelStatsTest {
  private static final long NOW = 1_800_000_000_000L;

  static WorkerState.Builder worker(String name, List<String> models, int threads, long checkedInMsAgo) {
    return WorkerState.newBuilder().setWorkerId("id-" + name).setName(name).setOwnerUserId(1)
        .setCreatedAt(Instant.ofEpochMilli(NOW - 3_600_000)).setLastCheckInAt(Instant.ofEpochMilli(NOW - checkedInMsAgo))
        .setModels(models).setThreads(threads);
  }

  static RequestStatus request(String id, List<String> models, int maxLength, int waiting, int processing) {
    return RequestStatus.newBuilder().setRequestId(id).setUserId(1).setPriorityCenti(0)
        .setAcceptedAt(Instant.ofEpochMilli(NOW))
        .setCriteria(TextCriteria.newBuilder().setModels(models).setMaxLength(maxLength).build())
        .setProgress(Progress.newBuilder().setN(waiting).setJobs(waiting + processing).setProcessing(processing)
            .setExpiresAt(Instant.ofEpochMilli(NOW + 1_200_000)).build())
        .build();
  }

  @Test
  void countIsTheThreadsOfOnlineWorkersNotInMaintenance() {
    // Given two online workers on model a, one stale and one in maintenance
    List<WorkerState> workers = List.of(
        worker("one", List.of("a", "b"), 2, 1_000).build(),
        worker("two", List.of("a"), 3, 299_000).build(),
        worker("stale", List.of("a", "c"), 5, 301_000).build(),
        worker("resting", List.of("a"), 7, 0).setMaintenance(true).build());

    // When the models are counted
    List<ModelStats.Entry> entries = ModelStats.of(WorkKind.TEXT, workers, List.of(), Map.of(), null, NOW);

    // Then only the online ones count, and only models they serve are listed
    assertThat(entries).extracting(ModelStats.Entry::name, ModelStats.Entry::count)
        .containsExactly(tuple("a", 5), tuple("b", 2));
  }

  @Test
  void queuedIsMaxLengthOfWaitingRequestsAndEtaDividesByCapacity() {
    // Given a worker with 2 threads on "a" whose samples average 10 tokens/s
    List<WorkerState> workers = List.of(worker("w", List.of("a"), 2, 0).setSpeedSamples(List.of(8.0, 12.0)).build());
    // And two requests naming "a" (one with 3 jobs waiting, one with 1 waiting and 1 in flight), one naming none
    List<RequestStatus> queued = List.of(
        request("r1", List.of("a", "b"), 300, 3, 0),
        request("r2", List.of("a"), 100, 1, 1),
        request("r3", List.of(), 999, 1, 0));

    // When
    ModelStats.Entry a = ModelStats.of(WorkKind.TEXT, workers, queued, Map.of(), null, NOW).get(0);

    // Then queued is max_length summed (not times n), jobs counts waiting and in-flight jobs
    assertThat(a.queued()).isEqualTo(400);
    assertThat(a.jobs()).isEqualTo(5);
    assertThat(a.performance()).isEqualTo(10.0);
    // And eta = int(400 / (2 × 10))
    assertThat(a.eta()).isEqualTo(20);
  }

  @Test
  void aMeasuredPerformanceWinsAndNoCapacityMeansNoEta() {
    List<WorkerState> workers = List.of(worker("w", List.of("a"), 1, 0).build());
    List<RequestStatus> queued = List.of(request("r", List.of("a"), 80, 1, 0));

    ModelStats.Entry measured = ModelStats.of(WorkKind.TEXT, workers, queued, Map.of("a", 4.04), null, NOW).get(0);
    ModelStats.Entry unmeasurable = ModelStats.of(WorkKind.TEXT, workers, queued, Map.of("a", 0.0), null, NOW).get(0);

    assertThat(measured.performance()).isEqualTo(4.0);
    assertThat(measured.eta()).isEqualTo(20);
    assertThat(unmeasurable.eta()).isEqualTo(ModelStats.NO_ETA);
  }

  @Test
  void specialModelsAreHiddenFromTheListButFoundByName() {
    List<WorkerState> workers = List.of(worker("w", List.of("x::horde_special", "a"), 1, 0).build());

    assertThat(ModelStats.of(WorkKind.TEXT, workers, List.of(), Map.of(), null, NOW)).extracting(ModelStats.Entry::name)
        .containsExactly("a");
    assertThat(ModelStats.of(WorkKind.TEXT, workers, List.of(), Map.of(), "x::horde_special", NOW))
        .extracting(ModelStats.Entry::name).containsExactly("x::horde_special");
  }

  @Test
  void byNameAModelOnlyRequestsNameIsShownWithNoThreads() {
    List<RequestStatus> queued = List.of(request("r", List.of("orphan"), 120, 2, 0));

    List<ModelStats.Entry> listed = ModelStats.of(WorkKind.TEXT, List.of(), queued, Map.of(), null, NOW);
    List<ModelStats.Entry> asked = ModelStats.of(WorkKind.TEXT, List.of(), queued, Map.of(), "orphan", NOW);

    assertThat(listed).isEmpty();
    assertThat(asked).containsExactly(new ModelStats.Entry("orphan", 0, 0.0, 120, 2, ModelStats.NO_ETA));
  }

  @Test
  void rendersTheReferenceActiveModel() {
    var body = ModelStats.render(new ModelStats.Entry("a", 2, 10.0, 400, 5, 20), "text");

    assertThat(body).isEqualTo(new StatusBodies.ActiveModel("a", 2, 10.0, 400.0, 5.0, 20, "text"));
  }

  @Test
  void imageModelsCountDreamersAndQueuePixelSteps() {
    // Given a dreamer on "sd" without deliveries, a text worker on "sd", and an image request of 2 jobs naming it
    List<WorkerState> workers = List.of(worker("dreamer", List.of("sd"), 2, 0).setKind("image").build(),
        worker("scribe", List.of("sd"), 5, 0).build());
    RequestStatus image = RequestStatus.newBuilder().setRequestId("i1").setUserId(1).setPriorityCenti(0)
        .setAcceptedAt(Instant.ofEpochMilli(NOW))
        .setCriteria(ImageCriteria.newBuilder().setModels(List.of("sd")).setWidth(512).setHeight(1024).setSteps(20)
            .setSampler("k_heun").build())
        .setProgress(Progress.newBuilder().setN(1).setJobs(2).setProcessing(1)
            .setExpiresAt(Instant.ofEpochMilli(NOW + 1_200_000)).build())
        .build();

    // When the image models are counted
    ModelStats.Entry sd = ModelStats.of(WorkKind.IMAGE, workers, List.of(image), Map.of(), null, NOW).get(0);

    // Then only the dreamer counts, at the baseline of 1 megapixel-step per second, and the queue is the pixel-steps
    // of both jobs (a second-order sampler counts its steps twice)
    assertThat(sd.count()).isEqualTo(2);
    assertThat(sd.performance()).isEqualTo(1_000_000.0);
    assertThat(sd.queued()).isEqualTo(512L * 1024 * 40 * 2);
    assertThat(sd.jobs()).isEqualTo(2);
    assertThat(sd.eta()).isEqualTo((int) (512L * 1024 * 40 * 2 / 2_000_000.0));
  }
}
