package ai.horde.ingress.kafka;

import ai.horde.events.SubmitRequested;
import ai.horde.ingress.http.NulBytes;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Whether a record ingress is about to write carries a NUL character in any of its strings (map keys included):
 * written, it would reach the read models, whose PostgreSQL text cannot hold one. Checked where every write
 * goes out ({@link KafkaCommandGateway#send}), so that it is refused as the reference refuses it when it
 * reaches its database: after every other check of the call ({@link NulBytes#refusal}).
 *
 * <p>Generated text is the exception: the scheduler replaces its NULs, as the reference does
 * ({@code TextRules}), so a submit's generation is not looked at.
 */
final class NulStrings {
  private NulStrings() {}

  static boolean in(Object value) {
    if (value instanceof CharSequence text) {
      return NulBytes.in(text);
    }
    if (value instanceof IndexedRecord record) {
      for (Schema.Field field : record.getSchema().getFields()) {
        if (!replacedByTheScheduler(record, field) && in(record.get(field.pos()))) {
          return true;
        }
      }
      return false;
    }
    if (value instanceof Collection<?> items) {
      return items.stream().anyMatch(NulStrings::in);
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().anyMatch(entry -> in(entry.getKey()) || in(entry.getValue()));
    }
    return false;
  }

  private static boolean replacedByTheScheduler(IndexedRecord record, Schema.Field field) {
    return record instanceof SubmitRequested && field.name().equals("generation");
  }
}
