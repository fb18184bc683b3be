package ai.horde.runtime;

import ai.horde.topics.TopicSpec;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings shared by the services. Producers are idempotent with {@code acks=all}: a write is only
 * acknowledged to an HTTP client after every in-sync replica has it. Consumers read committed data only,
 * so nothing a Kafka Streams transaction later aborts is ever acted on.
 */
public final class KafkaClients {
  /** Room for one record of the largest size a topic takes, with its batch overhead. */
  private static final int MAX_REQUEST_BYTES = TopicSpec.LARGE_RECORD_BYTES + 64 * 1024;

  private KafkaClients() {}

  /** A byte-array producer; values are serialised by {@code Topic.record}. */
  public static Properties producer(HordeEnv env, String clientId) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // A write answers an HTTP request: send at once rather than wait to fill a batch (Kafka 4 defaults to 5 ms).
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_REQUEST_BYTES));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /**
   * Kafka Streams settings: exactly-once (v2), state under {@code <data dir>/streams/<application id>}.
   *
   * @param commitIntervalMs how often a task commits; under exactly-once, what it wrote becomes visible to
   *     read_committed readers only then, so this bounds the latency of replies (see
   *     docs/decisions/0003-commands-and-replies.md)
   */
  public static Properties streams(HordeEnv env, String applicationId, long commitIntervalMs) {
    Properties props = new Properties();
    props.put("bootstrap.servers", env.bootstrapServers());
    props.put("application.id", applicationId);
    props.put("processing.guarantee", "exactly_once_v2");
    props.put("commit.interval.ms", Long.toString(commitIntervalMs));
    props.put("replication.factor", Short.toString(env.replicationFactor()));
    props.put("state.dir", env.dataDir().resolve("streams").toString());
    props.put("num.stream.threads", "1");
    // The default 45 s session timeout stalls a restarted instance until its old member is dropped.
    props.put("consumer.session.timeout.ms", "10000");
    props.put("consumer.heartbeat.interval.ms", "2000");
    props.put("consumer.fetch.max.wait.ms", "50");
    // Under exactly-once nothing a task writes is visible before its commit, which flushes the producer: waiting
    // until then costs no latency and sends each partition's records of a commit as one batch.
    props.put("producer.linger.ms", "100");
    props.put("producer.max.request.size", Integer.toString(MAX_REQUEST_BYTES));
    return props;
  }

  /** A byte-array consumer that reads only committed records and commits nothing by itself. */
  public static Properties consumer(HordeEnv env, String clientId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    // A topic created by a metadata request would get the broker's defaults, not the registry's layout.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }
}
