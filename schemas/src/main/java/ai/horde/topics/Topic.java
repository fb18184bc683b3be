package ai.horde.topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/** A topic with its key and value serdes and its layout: the only place a topic name is written. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, TopicSpec spec) {

  /** A record for a producer that sends raw bytes (see {@code Topics}' producers in each service). */
  public ProducerRecord<byte[], byte[]> record(K key, V value) {
    return new ProducerRecord<>(name, keySerde.serializer().serialize(name, key),
        valueSerde.serializer().serialize(name, value));
  }

  public K key(ConsumerRecord<byte[], byte[]> record) {
    return keySerde.deserializer().deserialize(name, record.key());
  }

  public V value(ConsumerRecord<byte[], byte[]> record) {
    return valueSerde.deserializer().deserialize(name, record.value());
  }
}
