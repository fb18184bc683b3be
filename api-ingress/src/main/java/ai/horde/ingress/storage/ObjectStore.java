package ai.horde.ingress.storage;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the image feature keeps its objects, the way the reference keeps them in Cloudflare R2: generated images
 * that workers upload themselves through a pre-signed URL, and the source images and masks a request brings as
 * base64. Keys are opaque to the store and chosen by the caller ({@link ObjectKeys}); every method checks them.
 *
 * <p>Two implementations: {@link DiskObjectStore} (the default: files of this instance, served by
 * {@link ObjectController} through URLs this instance signs) and {@link S3ObjectStore} (an S3-compatible bucket,
 * with the bucket's own pre-signed URLs). Which one is configured is {@link ObjectStores}' choice.
 *
 * <p>{@link #put}, {@link #get}, {@link #delete} and {@link #expireOlderThan} do I/O (a disk, or the network) and
 * block: call them off the event loop (a route with {@code @ExecuteOn(TaskExecutors.BLOCKING)}, or an executor).
 * The URLs are computed without I/O.
 */
public interface ObjectStore {
  /**
   * Stores {@code bytes} under {@code key}, replacing what was there.
   *
   * @param contentType what a download answers with; {@code null} to let the key's extension say
   *     ({@code .webp}: {@code image/webp})
   * @throws IllegalArgumentException if the key is not a valid key ({@link ObjectKeys#check})
   * @throws java.io.UncheckedIOException if the store cannot be written
   */
  void put(String key, byte[] bytes, String contentType);

  /**
   * The object under {@code key}, or empty if there is none (never stored, deleted or expired). This is what a
   * status with {@code r2: false} turns into base64.
   */
  Optional<StoredObject> get(String key);

  /**
   * A URL that lets whoever holds it {@code PUT} the object under {@code key} (no other header needed: the
   * worker sends none, not even a Content-Type) until it expires; the store answers 200 to a successful PUT.
   *
   * @param base the horde's public root ({@link PublicUrl#of}), for a store whose URLs point at the horde
   *     itself; a bucket's URLs ignore it
   */
  URI uploadUrl(String key, URI base);

  /** A URL that lets whoever holds it {@code GET} the object under {@code key} until it expires. */
  URI downloadUrl(String key, URI base);

  /** Deletes the object under {@code key}, if there is one. */
  void delete(String key);

  /**
   * Deletes every object stored before {@code cutoff} ({@link ObjectSweep} passes now minus the retention).
   *
   * @return how many objects were deleted
   */
  int expireOlderThan(Instant cutoff);

  /** Where the objects are, for the log and {@code /health} (a directory, or an endpoint and bucket). */
  String location();

  /**
   * An object as it was stored.
   *
   * @param contentType what it was stored with, or what its key's extension says
   * @param stored when it was stored (its age counts from then)
   */
  record StoredObject(byte[] bytes, String contentType, Instant stored) {}
}
