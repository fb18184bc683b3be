package ai.horde.ingress.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * An S3-compatible bucket for image objects ({@code horde.storage.s3.*}, each from its environment variable). A
 * bucket name is what switches the horde from its disk store to {@link S3ObjectStore}.
 *
 * @param endpoint the store's URL ({@code HORDE_S3_ENDPOINT}, e.g. {@code https://<account>.r2.cloudflarestorage.com}
 *     or {@code http://minio:9000}); blank: AWS S3 itself
 * @param region the signing region ({@code HORDE_S3_REGION}; R2 takes {@code auto} and treats {@code us-east-1},
 *     the default, as it)
 * @param bucket the bucket ({@code HORDE_S3_BUCKET}); blank: no S3, the disk store
 * @param accessKey the access key id ({@code HORDE_S3_ACCESS_KEY}); blank: the SDK's default credentials chain
 *     ({@code AWS_ACCESS_KEY_ID}, a profile, an instance role)
 * @param secretKey the secret access key ({@code HORDE_S3_SECRET_KEY})
 * @param pathStyle {@code true} for {@code endpoint/bucket/key} URLs, {@code false} for {@code bucket.endpoint/key}
 *     ({@code HORDE_S3_PATH_STYLE}); blank: path style exactly when an endpoint is set, as self-hosted stores
 *     (MinIO, Garage, SeaweedFS) rarely have the wildcard DNS the other style needs
 * @param prefix prepended to every key ({@code HORDE_S3_PREFIX}, e.g. {@code images/}); the sweep deletes old
 *     objects under it only, so a bucket can be shared
 */
@ConfigurationProperties("horde.storage.s3")
record S3Settings(@Nullable String endpoint, @Nullable String region, @Nullable String bucket,
    @Nullable String accessKey, @Nullable String secretKey, @Nullable String pathStyle, @Nullable String prefix) {

  static final String DEFAULT_REGION = "us-east-1";

  S3Settings {
    endpoint = StorageSettings.blankToNull(endpoint);
    region = StorageSettings.blankToNull(region) == null ? DEFAULT_REGION : region.strip();
    bucket = StorageSettings.blankToNull(bucket);
    accessKey = StorageSettings.blankToNull(accessKey);
    secretKey = StorageSettings.blankToNull(secretKey);
    pathStyle = StorageSettings.blankToNull(pathStyle);
    prefix = prefix == null ? "" : prefix.strip();
    if (pathStyle != null && !pathStyle.equalsIgnoreCase("true") && !pathStyle.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException("HORDE_S3_PATH_STYLE must be true or false, not " + pathStyle);
    }
    if (accessKey != null && secretKey == null) {
      throw new IllegalArgumentException("HORDE_S3_ACCESS_KEY is set but HORDE_S3_SECRET_KEY is not");
    }
  }

  /** Whether a bucket is configured, which makes {@link S3ObjectStore} the store. */
  boolean configured() {
    return bucket != null;
  }

  boolean pathStyleAccess() {
    return pathStyle == null ? endpoint != null : Boolean.parseBoolean(pathStyle);
  }
}
