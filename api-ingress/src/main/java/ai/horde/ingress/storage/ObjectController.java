package ai.horde.ingress.storage;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.storage.DiskObjectStore.Access;
import ai.horde.ingress.storage.ObjectStore.StoredObject;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The disk store's pre-signed URLs, answered by the horde itself as R2 answers the reference's: {@code PUT} stores
 * the body (200, empty, as the worker expects: it retries on anything else), {@code GET} answers the bytes with
 * the content type they were stored with. Both need the {@code expires} and {@code signature} the store put in the
 * URL. Refusals are the horde's JSON ({@code {"message", "rc"}}): 400 {@code InvalidObjectKey}, 403
 * {@code ObjectUrlInvalid} or {@code ObjectUrlExpired}, 404 {@code ObjectNotFound}, 413 {@code PayloadTooLarge}.
 *
 * <p>Not in the OpenAPI document: these URLs are not part of the reference's API (its are R2's); clients only
 * follow them. Exists only while the disk store is the store.
 */
@Hidden
@Controller("/api/v2/objects")
@Requires(beans = DiskObjectStore.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class ObjectController {
  private final DiskObjectStore store;
  private final StorageSettings settings;

  ObjectController(DiskObjectStore store, StorageSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  @Put(uri = "/{key}", consumes = MediaType.ALL, processes = MediaType.ALL)
  HttpResponse<?> put(@PathVariable String key, @Nullable @QueryValue String expires,
      @Nullable @QueryValue String signature, @Nullable @Header("Content-Type") String contentType,
      @Nullable @Body byte[] body) {
    allow("PUT", key, expires, signature);
    byte[] bytes = body == null ? new byte[0] : body;
    if (bytes.length > settings.maxObjectSize()) {
      throw new ApiError(413, "PayloadTooLarge", "The object is larger than this horde takes ("
          + settings.maxObjectSize() + " bytes).");
    }
    store.put(key, bytes, meaningful(contentType));
    return HttpResponse.ok();
  }

  @Get(uri = "/{key}", processes = MediaType.ALL)
  HttpResponse<byte[]> get(@PathVariable String key, @Nullable @QueryValue String expires,
      @Nullable @QueryValue String signature) {
    allow("GET", key, expires, signature);
    StoredObject object = store.get(key).orElseThrow(() -> new ApiError(404, "ObjectNotFound",
        "No object is stored under this key: it was never uploaded, or it has expired."));
    return HttpResponse.ok(object.bytes()).contentType(object.contentType());
  }

  private void allow(String method, String key, String expires, String signature) {
    if (!ObjectKeys.valid(key)) {
      throw ApiError.badRequest("InvalidObjectKey", "Object keys are letters, digits, '.', '_' and '-', not starting "
          + "with a dot, at most 200 characters.");
    }
    long expiry;
    try {
      expiry = Long.parseLong(expires == null ? "" : expires);
    } catch (NumberFormatException e) {
      throw invalid();
    }
    Access access = store.access(method, key, expiry, signature);
    if (access == Access.INVALID) {
      throw invalid();
    }
    if (access == Access.EXPIRED) {
      throw new ApiError(403, "ObjectUrlExpired", "This URL has expired. Ask the horde for a new one.");
    }
  }

  private static ApiError invalid() {
    return new ApiError(403, "ObjectUrlInvalid", "This URL's signature does not match: it is not a URL the horde gave "
        + "out for this object and method.");
  }

  /**
   * A content type that says something. The worker sends none; a client that sends one of the catch-alls says
   * no more than the key's extension does.
   */
  private static String meaningful(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    String type = contentType.strip();
    String bare = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    return bare.equals("application/octet-stream") || bare.equals("binary/octet-stream")
        || bare.equals("application/x-www-form-urlencoded") ? null : type;
  }
}
