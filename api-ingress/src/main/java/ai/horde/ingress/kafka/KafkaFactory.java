package ai.horde.ingress.kafka;

import ai.horde.ingress.HordeSettings;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.KafkaClients;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Ingress's Kafka clients (settings shared with every service, {@link KafkaClients}): the producer every write
 * goes through, the consumer of replies, the consumer the views read with, the webhook senders' group consumer,
 * and an admin client for the ends of
 * topics. Created when first needed and closed by the context; the threads that use the consumers are started
 * on the application's startup event.
 */
// Kafka itself: feature tests (environment "test") replace what it feeds.
@Requires(notEnv = Environment.TEST)
@Factory
public final class KafkaFactory {
  /** A reply consumer for {@link KafkaCommandGateway}. */
  static final String REPLIES = "replies";
  /** The consumer the views are read with. */
  public static final String VIEWS = "views";
  /** The consumer of completed jobs whose webhooks are sent: one group over every ingress instance. */
  public static final String WEBHOOKS = "webhooks";
  /** The webhook senders' consumer group. */
  static final String WEBHOOKS_GROUP = "horde-webhooks";

  private final HordeSettings settings;

  KafkaFactory(HordeSettings settings) {
    this.settings = settings;
  }

  @Singleton
  @Bean(preDestroy = "close")
  KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(KafkaClients.producer(env(), "ingress-" + settings.instanceId()));
  }

  @Singleton
  @Named(REPLIES)
  KafkaConsumer<byte[], byte[]> replies() {
    return new KafkaConsumer<>(KafkaClients.consumer(env(), "ingress-replies-" + settings.instanceId()));
  }

  @Singleton
  @Named(VIEWS)
  KafkaConsumer<byte[], byte[]> views() {
    return new KafkaConsumer<>(KafkaClients.consumer(env(), "ingress-views-" + settings.instanceId()));
  }

  /**
   * Shares the job events with the other instances' senders (each completion is read by one of them) and
   * commits what it read only after the webhooks were tried; a few records per poll keep a poll's webhooks few.
   */
  @Singleton
  @Named(WEBHOOKS)
  KafkaConsumer<byte[], byte[]> webhooks() {
    Properties props = KafkaClients.consumer(env(), "ingress-webhooks-" + settings.instanceId());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, WEBHOOKS_GROUP);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "64");
    return new KafkaConsumer<>(props);
  }

  @Singleton
  @Bean(preDestroy = "close")
  Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", settings.kafkaBootstrapServers(),
        "client.id", "ingress-admin-" + settings.instanceId()));
  }

  private HordeEnv env() {
    return HordeEnv.of(Map.of(HordeEnv.BOOTSTRAP, settings.kafkaBootstrapServers()));
  }
}
