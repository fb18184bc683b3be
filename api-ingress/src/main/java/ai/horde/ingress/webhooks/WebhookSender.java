package ai.horde.ingress.webhooks;

import ai.horde.events.AlchemyCriteria;
import ai.horde.events.AlchemyResult;
import ai.horde.events.ImageCriteria;
import ai.horde.events.ImageGeneration;
import ai.horde.events.JobEvent;
import ai.horde.events.JobEventKind;
import ai.horde.events.RequestStatus;
import ai.horde.events.TextGeneration;
import ai.horde.ingress.kafka.ConsumerLoop;
import ai.horde.ingress.kafka.KafkaFactory;
import ai.horde.ingress.storage.ObjectKeys;
import ai.horde.ingress.storage.ObjectStore;
import ai.horde.ingress.storage.PublicUrl;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.ViewSync;
import ai.horde.topics.Topics;
import ai.horde.work.WorkKind;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.order.Ordered;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each delivered job's webhook (spec R3.20.1), outside the scheduler: every ingress instance reads the job
 * events of each kind in one consumer group ({@code horde-webhooks}), so each completion is read by one of them;
 * a {@code DELIVERED} event of a request that has a webhook is joined with the request's status in the views
 * (where the generation, its worker's name and the webhook are) and handed to {@link WebhookDeliveries}. The
 * offsets of a poll are committed once its webhooks were tried: a webhook is sent at least once, and more than
 * once only when an instance stops (or loses its partitions) between sending and committing.
 *
 * <p>Not sent: faulted and timed-out jobs, paused workers' fake jobs ({@link #fake}), and completions whose request
 * is gone from the views by the time they are read (requests live 20 minutes after their last activity; a
 * sender that was down longer than that sends nothing for them). A new group starts at the beginning of the job
 * events and finds no webhook for anything old.
 */
// Kafka itself: feature tests (environment "test") have no topics to read.
@Requires(notEnv = Environment.TEST)
@Singleton
final class WebhookSender implements ApplicationEventListener<StartupEvent>, Ordered {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  /** How long a completion whose status the views have not read yet waits for them. */
  private static final Duration VIEW_WAIT = Duration.ofSeconds(5);
  /** How long a poll's webhooks may take before its offsets are committed anyway (3 attempts and pauses each). */
  private static final Duration POLL_WAIT = Duration.ofSeconds(45);

  private final HordeViews views;
  private final ViewSync sync;
  private final WebhookDeliveries deliveries;
  private final ObjectStore store;
  private final PublicUrl publicUrl;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ConsumerLoop loop;

  WebhookSender(HordeViews views, ViewSync sync, WebhookDeliveries deliveries, ObjectStore store, PublicUrl publicUrl,
      @Named(KafkaFactory.WEBHOOKS) KafkaConsumer<byte[], byte[]> consumer) {
    this.views = views;
    this.sync = sync;
    this.deliveries = deliveries;
    this.store = store;
    this.publicUrl = publicUrl;
    this.consumer = consumer;
    this.loop = new ConsumerLoop("ingress-webhooks", consumer, Duration.ofMillis(500), this::send);
  }

  /** After the views' own start (which waits until they have read the topics): the join needs them. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    consumer.subscribe(List.of(Topics.TEXT.jobEvents().name(), Topics.IMAGE.jobEvents().name(),
        Topics.ALCHEMY.jobEvents().name()));
    loop.start();
  }

  /** Sends the webhooks of one poll, then commits it (on the loop's thread, the consumer's only user). */
  private void send(ConsumerRecords<byte[], byte[]> records) {
    if (records.isEmpty()) {
      return;
    }
    List<CompletableFuture<Boolean>> sent = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        send(record).ifPresent(sent::add);
      } catch (RuntimeException e) {
        LOG.error("skipping a job event of {} that cannot be read (offset {})", record.topic(), record.offset(), e);
      }
    }
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(POLL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      LOG.warn("webhooks of a poll still being sent after {}; committing it anyway", POLL_WAIT);
    }
    consumer.commitSync();
  }

  private Optional<CompletableFuture<Boolean>> send(ConsumerRecord<byte[], byte[]> record) {
    WorkKind kind = kindOf(record.topic());
    JobEvent event = Topics.of(kind).jobEvents().value(record);
    if (event == null || event.getKind() != JobEventKind.DELIVERED || event.getFake()) {
      // nor a paused worker's fake job, which the reference does send ([QUIRK] R3.20.1)
      return Optional.empty();
    }
    Optional<String> webhook = views.statuses(kind).webhook(event.getRequestId());
    if (webhook.isEmpty()) {
      return Optional.empty();
    }
    Optional<Object> generation = generation(kind, event);
    if (generation.isEmpty()) {
      // The status is written with the event; the views may not have read it yet.
      try {
        sync.caughtUp(List.of(Topics.of(kind).status()), VIEW_WAIT).join();
      } catch (RuntimeException e) {
        LOG.warn("the views did not catch up with {} within {}", Topics.of(kind).status().name(), VIEW_WAIT);
      }
      generation = generation(kind, event);
    }
    if (generation.isEmpty()) {
      LOG.info("webhook of job {} not sent: its request is gone", event.getJobId());
      return Optional.empty();
    }
    RequestStatus status = views.statuses(kind).get(event.getRequestId()).orElseThrow();
    return Optional.of(deliveries.deliver(webhook.get(), body(event, status, generation.get()), event.getJobId()));
  }

  /** The delivered job's entry in its request's status, once the views show it. */
  private Optional<Object> generation(WorkKind kind, JobEvent event) {
    return views.statuses(kind).get(event.getRequestId()).flatMap(status -> status.getProgress().getGenerations()
        .stream().filter(g -> event.getJobId().equals(jobIdOf(g))).findFirst());
  }

  private static String jobIdOf(Object generation) {
    if (generation instanceof TextGeneration g) {
      return g.getJobId();
    }
    if (generation instanceof ImageGeneration g) {
      return g.getJobId();
    }
    return generation instanceof AlchemyResult r ? r.getJobId() : null;
  }

  private Supplier<byte[]> body(JobEvent event, RequestStatus status, Object generation) {
    if (generation instanceof TextGeneration g) {
      return () -> WebhookBodies.json(WebhookBodies.text(event, g));
    }
    if (generation instanceof ImageGeneration g) {
      boolean link = ((ImageCriteria) status.getCriteria()).getR2();
      return () -> WebhookBodies.json(WebhookBodies.image(event, g, image(g.getJobId(), link)));
    }
    AlchemyResult r = (AlchemyResult) generation;
    String interrogation = ((AlchemyCriteria) status.getCriteria()).getInterrogationId();
    return () -> WebhookBodies.json(WebhookBodies.alchemy(event, r, interrogation, key -> image(r.getJobId(), true)));
  }

  /**
   * A delivered image as the webhook carries it: a download link when one is wanted and the horde's public URL is
   * configured (no request here to take it from), else the image as base64 ({@code N/A} once it is gone).
   */
  private String image(String jobId, boolean link) {
    String key = ObjectKeys.generation(UUID.fromString(jobId));
    if (link && publicUrl.configured().isPresent()) {
      return store.downloadUrl(key, publicUrl.configured().get()).toString();
    }
    return store.get(key).map(image -> Base64.getEncoder().encodeToString(image.bytes())).orElse("N/A");
  }

  private static WorkKind kindOf(String topic) {
    for (WorkKind kind : WorkKind.values()) {
      if (Topics.of(kind).jobEvents().name().equals(topic)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("not a job events topic: " + topic);
  }

  @PreDestroy
  void close() throws InterruptedException {
    loop.close();
  }
}
