package ai.horde.ingress.storage;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which {@link ObjectStore} the horde has: {@link S3ObjectStore} when a bucket is configured
 * ({@code HORDE_S3_BUCKET}), else {@link DiskObjectStore}. Inject {@link ObjectStore}; the disk store's routes
 * ({@link ObjectController}) exist only with the disk store.
 */
@Factory
final class ObjectStores {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectStores.class);
  private static final String BUCKET = "horde.storage.s3.bucket";

  @Singleton
  @Requires(condition = BucketConfigured.class)
  @Bean(preDestroy = "close")
  S3ObjectStore s3(S3Settings s3, StorageSettings settings) {
    S3ObjectStore store = new S3ObjectStore(s3, settings);
    LOG.info("image objects: S3, {}", store.location());
    return store;
  }

  @Singleton
  @Requires(condition = NoBucket.class)
  @Bean(preDestroy = "close")
  DiskObjectStore disk(StorageSettings settings, Clock clock) {
    DiskObjectStore store = new DiskObjectStore(settings, clock);
    LOG.info("image objects: on disk, {}", store.location());
    return store;
  }

  private static boolean bucketConfigured(ConditionContext<?> context) {
    return context.getProperty(BUCKET, String.class).filter(bucket -> !bucket.isBlank()).isPresent();
  }

  /** A bucket is configured (application.yml maps an unset HORDE_S3_BUCKET to an empty one). */
  public static final class BucketConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
      return bucketConfigured(context);
    }
  }

  /** No bucket is configured. */
  public static final class NoBucket implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
      return !bucketConfigured(context);
    }
  }
}
