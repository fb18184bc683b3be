package ai.horde.scheduler;

import static ai.horde.scheduler.Fixtures.T0;
import static ai.horde.scheduler.Fixtures.accept;
import static ai.horde.scheduler.Fixtures.pop;
import static ai.horde.scheduler.Fixtures.request;
import static ai.horde.scheduler.Fixtures.submit;
import static ai.horde.scheduler.SchedulerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.horde.accounts.Accounts;
import ai.horde.events.ImageCapabilities;
import ai.horde.events.ImageCriteria;
import ai.horde.events.ImageGeneration;
import ai.horde.events.ImageRating;
import ai.horde.events.Job;
import ai.horde.events.KudosLeg;
import ai.horde.events.KudosTransaction;
import ai.horde.events.RatingRequested;
import ai.horde.events.TextCapabilities;
import ai.horde.image.ImageJobShape;
import ai.horde.image.ImageKudos;
import ai.horde.scheduler.SchedulerCommand.Pop;
import ai.horde.scheduler.SchedulerCommand.Submit;
import ai.horde.scheduler.SchedulerEvent.JobDelivered;
import ai.horde.scheduler.SchedulerEvent.JobsAssigned;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.PopAnswered;
import ai.horde.scheduler.SchedulerEvent.PopRejected;
import ai.horde.scheduler.SchedulerEvent.RequestQueued;
import ai.horde.work.WorkKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image kind through the shared queue machinery: its own queue, dreamers' skip reasons, batches, TTLs, and
 * what a delivery pays and costs (spec §2.4–§2.7, kudos-and-scheduling §1.4).
 */
class ImageSchedulerTest {
  private static final String DREAMER = "AI Horde Worker reGen:9.0.1:https://github.com/Haidra-Org/horde-worker-reGen";
  private final SchedulerFixture horde = new SchedulerFixture();

  private static ImageCriteria.Builder criteria() {
    return ImageCriteria.newBuilder().setModels(List.of("stable_diffusion")).setSteps(20).setPriceCenti(551);
  }

  private static ImageCapabilities.Builder capabilities() {
    return ImageCapabilities.newBuilder().setMaxPixels(1_048_576);
  }

  /** A dreamer's pop, sent now. */
  private Pop dreamerPop(String id, String name, ImageCapabilities capabilities, int amount) {
    return new Pop(pop(id, name, 9, java.time.Instant.ofEpochMilli(horde.now)).setModels(List.of("stable_diffusion")).setBridgeAgent(DREAMER)
        .setCapabilities(capabilities).setAmount(amount).build());
  }

  @Test
  void anImageRequestWaitsInTheImageQueueAndPaysTheImageTax() {
    var events = horde.when(accept(request("i1", 7).setCriteria(criteria().setExtraSourceImages(1).build()).build()));

    assertThat(only(events, RequestQueued.class).request().getProgress().getConsumedCenti()).isEqualTo(800);
    assertThat(horde.state.queue(WorkKind.IMAGE)).extracting(QueueEntry::requestId).containsExactly("i1");
    assertThat(horde.state.queue(WorkKind.TEXT)).isEmpty();
    // A scribe never sees it
    var text = horde.when(new Pop(pop("t1", "scribe", 9).setModels(List.of("stable_diffusion")).build()));
    assertThat(only(text, PopAnswered.class).skipped()).isEmpty();
  }

  @Test
  void aDreamerIsSkippedForWhatItDoesNotAllow() {
    horde.given(accept(request("i1", 7).setCriteria(criteria().setSourceProcessing("img2img").build()).build()),
        accept(request("i2", 7).setCriteria(criteria().setWidth(2048).setHeight(2048).build()).build()),
        accept(request("i3", 7).setCriteria(criteria().setControlType("canny").build()).build()));

    var events = horde.when(dreamerPop("p1", "picky", capabilities().setAllowImg2img(false).build(), 1));

    assertThat(only(events, PopAnswered.class).skipped())
        .containsEntry("img2img", 1).containsEntry("max_pixels", 1).containsEntry("controlnet", 1);
  }

  @Test
  void aBatchTakesWhatTheDreamersPixelsAllowWithTheImageTtl() {
    horde.given(accept(request("i1", 7).setN(4).setCriteria(criteria().build()).build()));

    JobsAssigned batch = only(horde.when(dreamerPop("p1", "batcher", capabilities().build(), 3)), JobsAssigned.class);

    // (1048576 / 3.5 × 3) / 512² rounds to 3
    assertThat(batch.jobs()).hasSize(3);
    assertThat(batch.ttlSeconds()).isEqualTo(150);
    assertThat(batch.request().getProgress().getN()).isEqualTo(1);
    // A request that asked for no batching hands out one job per pop
    horde.given(accept(request("i2", 8).setCriteria(criteria().setDisableBatching(true).build()).build()));
    assertThat(only(horde.when(dreamerPop("p2", "batcher", capabilities().build(), 3)), JobsAssigned.class).jobs())
        .hasSize(1);
  }

  @Test
  void aDeliveryPaysThePriceTimesTheModelsMultiplierAndCostsItsBurnBalancedAgainstTheSystem() {
    ImageCriteria imageCriteria = criteria().setSlowWorkers(false).build();
    horde.given(accept(request("i1", 7).setCriteria(imageCriteria).build()));
    String job = only(horde.when(dreamerPop("p1", "dreamer", capabilities().build(), 1)), JobsAssigned.class)
        .jobs().get(0).getJobId();

    var events = horde.when(new Submit(submit("s1", job, 9).setSeed(42).build()));

    JobDelivered delivered = only(events, JobDelivered.class);
    ImageJobShape shape = ImageJobShape.of(imageCriteria);
    assertThat(delivered.rewardCenti()).isEqualTo(551); // a Stable Diffusion 1 model: ×1
    assertThat(delivered.chargeCenti()).isEqualTo(ImageKudos.burnCenti(551, shape)).isEqualTo(781); // (5.51+1)×1.2
    assertThat(delivered.things()).isEqualTo(512L * 512 * 20);
    ImageGeneration generation = (ImageGeneration) delivered.request().getProgress().getGenerations().get(0);
    assertThat(generation.getSeed()).isEqualTo("42");
    KudosTransaction settlement = (KudosTransaction) only(events, KudosIssued.class).command().getCommand();
    assertThat(settlement.getLegs()).extracting(KudosLeg::getAccount, KudosLeg::getAmountCenti).containsExactlyInAnyOrder(
        tuple(Accounts.user(7), -781L),
        tuple(Accounts.BURN, 230L),
        tuple(Accounts.user(9), 551L));
    assertThat(settlement.getLegs().stream().mapToLong(KudosLeg::getAmountCenti).sum()).isZero();
  }

  @Test
  void aCensoredImageStillPaysTheDreamerAndCostsOnlyTheBurnOfNothing() {
    horde.given(accept(request("i1", 7).setCriteria(criteria().build()).build()));
    String job = only(horde.when(dreamerPop("p1", "dreamer", capabilities().build(), 1)), JobsAssigned.class)
        .jobs().get(0).getJobId();

    JobDelivered delivered = only(horde.when(new Submit(submit("s1", job, 9).setState("censored").build())),
        JobDelivered.class);

    assertThat(delivered.rewardCenti()).isEqualTo(551);
    assertThat(delivered.chargeCenti()).isEqualTo(100);
  }

  @Test
  void aWorkerNameBelongsToOneKind() {
    horde.given(new Pop(pop("t1", "shared-name", 9).setCapabilities(new TextCapabilities(512, 2048, List.of()))
        .setHoldUntil(T0).build()));

    var events = horde.when(dreamerPop("p1", "shared-name", capabilities().build(), 1));

    assertThat(only(events, PopRejected.class).error().getRc()).isEqualTo("PolymorphicNameConflict");
  }

  @Test
  void twoDreamersShareARequestOfTwoAndATimedOutJobGoesBackToTheQueue() {
    horde.given(accept(request("i1", 7).setN(2).setCriteria(criteria().build()).build()));

    JobsAssigned first = only(horde.when(dreamerPop("p1", "first", capabilities().build(), 1)), JobsAssigned.class);
    JobsAssigned second = only(horde.when(dreamerPop("p2", "second", capabilities().build(), 1)), JobsAssigned.class);
    assertThat(first.jobs()).hasSize(1);
    assertThat(second.jobs()).hasSize(1);
    assertThat(second.request().getProgress().getN()).isZero();

    // When the first job's TTL runs out
    horde.advance(java.time.Duration.ofSeconds(first.ttlSeconds() + 1));
    var timedOut = horde.tick();

    // Then both jobs time out and go back to the queue, and the next pop takes one again
    assertThat(timedOut).filteredOn(SchedulerEvent.JobFaulted.class::isInstance).hasSize(2);
    assertThat(only(horde.when(dreamerPop("p3", "third", capabilities().build(), 1)), JobsAssigned.class).jobs())
        .hasSize(1);
  }

  @Test
  void aCensorshipEntryMakesTheImageCensoredForTheRequester() {
    horde.given(accept(request("i1", 7).setCriteria(criteria().build()).build()));
    String job = only(horde.when(dreamerPop("p1", "dreamer", capabilities().build(), 1)), JobsAssigned.class)
        .jobs().get(0).getJobId();

    JobDelivered delivered = only(horde.when(new Submit(submit("s1", job, 9)
        .setGenMetadata(List.of(new ai.horde.events.GenMetadata("censorship", "nsfw", null))).build())),
        JobDelivered.class);

    assertThat(delivered.chargeCenti()).isEqualTo(100);
  }

  /** A shared request of two images, both delivered. */
  private List<String> deliveredSharedPair() {
    horde.given(accept(request("i1", 7).setN(2).setCriteria(criteria().setShared(true).build()).build()));
    List<String> jobs = only(horde.when(dreamerPop("p1", "dreamer", capabilities().build(), 2)), JobsAssigned.class)
        .jobs().stream().map(Job::getJobId).toList();
    horde.given(new Submit(submit("s1", jobs.get(0), 9).build()), new Submit(submit("s2", jobs.get(1), 9).build()));
    return jobs;
  }

  private static SchedulerCommand.Rate rate(String best, ImageRating... ratings) {
    return new SchedulerCommand.Rate(RatingRequested.newBuilder().setRatingId("rating-1")
        .setReplyTo("ingress-1").setRequestId("i1").setBest(best).setRatings(List.of(ratings)).setRequestedAt(T0)
        .build());
  }

  @Test
  void ratingASharedCompletedRequestAwardsItsRequesterOnce() {
    List<String> jobs = deliveredSharedPair();

    var events = horde.when(rate(null, new ImageRating(jobs.get(0), 8, 1),
        new ImageRating(jobs.get(1), 4, null)));

    // 5 per rating, 5 more for the artifacts rating
    assertThat(only(events, SchedulerEvent.RequestRated.class).rewardCenti()).isEqualTo(1500);
    KudosTransaction award = (KudosTransaction) only(events, KudosIssued.class).command().getCommand();
    assertThat(award.getLegs()).extracting(KudosLeg::getAccount, KudosLeg::getAmountCenti)
        .containsExactly(tuple(Accounts.user(7), 1500L), tuple(Accounts.MINT, -1500L));
    assertThat(only(horde.when(rate(jobs.get(0))), SchedulerEvent.RatingRejected.class).error().getRc())
        .isEqualTo("AestheticsAlreadyExist");
  }

  @Test
  void ratingsAreRefusedInTheReferencesOrder() {
    horde.given(accept(request("i1", 7).setCriteria(criteria().build()).build()));
    assertThat(only(horde.when(rate("x")), SchedulerEvent.RatingRejected.class).error().getRc())
        .isEqualTo("AestheticsNotCompleted");
    String job = only(horde.when(dreamerPop("p1", "dreamer", capabilities().build(), 1)), JobsAssigned.class)
        .jobs().get(0).getJobId();
    horde.given(new Submit(submit("s1", job, 9).build()));
    assertThat(only(horde.when(rate(job)), SchedulerEvent.RatingRejected.class).error().getRc())
        .isEqualTo("AestheticsNotPublic");
    assertThat(only(horde.when(new SchedulerCommand.Rate(RatingRequested.newBuilder()
        .setRatingId("r").setReplyTo("i").setRequestId("nope").setRequestedAt(T0).build())),
        SchedulerEvent.RatingRejected.class).error().getHttpStatus()).isEqualTo(404);
  }

  @Test
  void aBestOfMustBeAmongTheImagesAndAgreeWithTheRatings() {
    List<String> jobs = deliveredSharedPair();
    assertThat(only(horde.when(rate("not-an-image")), SchedulerEvent.RatingRejected.class).error().getRc())
        .isEqualTo("ProcGenNotFound");
    assertThat(only(horde.when(rate(null)), SchedulerEvent.RatingRejected.class).error().getRc())
        .isEqualTo("AestheticsMissing");
    assertThat(only(horde.when(rate(null, new ImageRating(jobs.get(0), 8, null),
        new ImageRating(jobs.get(0), 8, null))), SchedulerEvent.RatingRejected.class).error().getRc())
        .isEqualTo("AestheticsDuplicate");
    assertThat(only(horde.when(rate(jobs.get(1), new ImageRating(jobs.get(0), 8, null),
        new ImageRating(jobs.get(1), 3, null))), SchedulerEvent.RatingRejected.class).error().getRc())
        .isEqualTo("AestheticsConfused");
    // A best-of alone is worth 15
    assertThat(only(horde.when(rate(jobs.get(1))), SchedulerEvent.RequestRated.class).rewardCenti()).isEqualTo(1500);
  }
}
