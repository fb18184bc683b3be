package ai.horde.ingress.storage;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code /health}'s {@code objects} part: where image objects are, and how the last sweep went. Down while the
 * last sweep failed (the directory or the bucket cannot be listed), so that it costs nothing of its own: no
 * request to the bucket per health check. Part of readiness, like the database's indicator.
 */
@Singleton
final class ObjectStoreHealth implements HealthIndicator {
  private final ObjectStore store;
  private final ObjectSweep sweep;

  ObjectStoreHealth(ObjectStore store, ObjectSweep sweep) {
    this.store = store;
    this.sweep = sweep;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    ObjectSweep.Outcome last = sweep.last();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("location", store.location());
    if (last != null) {
      details.put("last_sweep", last.at().toString());
      details.put("deleted", last.deleted());
      if (last.failure() != null) {
        details.put("error", last.failure());
      }
    }
    HealthStatus status = last != null && last.failure() != null ? HealthStatus.DOWN : HealthStatus.UP;
    return Publishers.just(HealthResult.builder("objects", status).details(details).build());
  }
}
