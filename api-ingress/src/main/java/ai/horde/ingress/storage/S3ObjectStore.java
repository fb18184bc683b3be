package ai.horde.ingress.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Objects in an S3-compatible bucket (Cloudflare R2 as the reference uses, AWS S3, MinIO, ...), through the AWS
 * SDK: uploads and downloads go straight between workers or requesters and the bucket, with the bucket's own
 * pre-signed URLs (SigV4, query-string signed, valid {@link StorageSettings#urlLifetime()}). An object's age is the
 * bucket's {@code LastModified}.
 *
 * <p>The URLs sign the host only: a worker's PUT carries no Content-Type and no checksum header, and must still
 * match. So neither the content type nor a checksum is part of an upload URL, and the SDK's default request
 * checksums (CRC32 headers since 2.30, which several S3-compatible stores refuse) are asked for only where an
 * operation requires them.
 *
 * <p>Known gaps: expiry lists the bucket (under {@link S3Settings#prefix()}) and deletes one object at a time,
 * as the reference's pruner does (a batch delete needs a checksum some stores refuse); every instance sweeps, which
 * is redundant but harmless. In production a bucket lifecycle rule is the better way (R2 and S3 count those in
 * days, so the sweep still enforces a retention of hours). Nothing here has met a real bucket in this project's
 * tests: there is none to test against; only the URLs' shape is checked ({@code S3ObjectStoreTest}).
 */
final class S3ObjectStore implements ObjectStore, AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private final S3Settings s3;
  private final Duration urlLifetime;
  private final S3Client client;
  private final S3Presigner presigner;

  S3ObjectStore(S3Settings s3, StorageSettings settings) {
    if (!s3.configured()) {
      throw new IllegalArgumentException("no bucket configured (HORDE_S3_BUCKET)");
    }
    this.s3 = s3;
    this.urlLifetime = settings.urlLifetime();
    AwsCredentialsProvider credentials = s3.accessKey() != null
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()))
        : DefaultCredentialsProvider.builder().build();
    S3Configuration service = S3Configuration.builder().pathStyleAccessEnabled(s3.pathStyleAccess()).build();
    S3ClientBuilder clientBuilder = S3Client.builder()
        .region(Region.of(s3.region()))
        .credentialsProvider(credentials)
        .serviceConfiguration(service)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT));
    S3Presigner.Builder presignerBuilder = S3Presigner.builder()
        .region(Region.of(s3.region()))
        .credentialsProvider(credentials)
        .serviceConfiguration(service);
    if (s3.endpoint() != null) {
      clientBuilder.endpointOverride(URI.create(s3.endpoint()));
      presignerBuilder.endpointOverride(URI.create(s3.endpoint()));
    }
    this.client = clientBuilder.build();
    this.presigner = presignerBuilder.build();
  }

  private String objectKey(String key) {
    return s3.prefix() + ObjectKeys.check(key);
  }

  @Override
  public void put(String key, byte[] bytes, String contentType) {
    client.putObject(b -> b.bucket(s3.bucket()).key(objectKey(key))
        .contentType(contentType != null ? contentType : ObjectKeys.contentTypeOf(key)), RequestBody.fromBytes(bytes));
  }

  @Override
  public Optional<StoredObject> get(String key) {
    try {
      ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key(objectKey(key)));
      GetObjectResponse response = object.response();
      // What a worker's PUT leaves (it sends no Content-Type) says nothing: the key's extension says more.
      String type = response.contentType();
      if (type == null || type.startsWith("application/octet-stream") || type.startsWith("binary/octet-stream")) {
        type = ObjectKeys.contentTypeOf(key);
      }
      return Optional.of(new StoredObject(object.asByteArray(), type, response.lastModified()));
    } catch (NoSuchKeyException gone) {
      return Optional.empty();
    }
  }

  @Override
  public URI uploadUrl(String key, URI base) {
    return toUri(presigner.presignPutObject(p -> p.signatureDuration(urlLifetime)
        .putObjectRequest(r -> r.bucket(s3.bucket()).key(objectKey(key)))).url());
  }

  @Override
  public URI downloadUrl(String key, URI base) {
    return toUri(presigner.presignGetObject(p -> p.signatureDuration(urlLifetime)
        .getObjectRequest(r -> r.bucket(s3.bucket()).key(objectKey(key)))).url());
  }

  private static URI toUri(java.net.URL url) {
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void delete(String key) {
    client.deleteObject(b -> b.bucket(s3.bucket()).key(objectKey(key)));
  }

  @Override
  public int expireOlderThan(Instant cutoff) {
    int deleted = 0;
    for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(s3.bucket()).prefix(s3.prefix())).contents()) {
      if (object.lastModified().isBefore(cutoff)) {
        client.deleteObject(b -> b.bucket(s3.bucket()).key(object.key()));
        deleted++;
      }
    }
    return deleted;
  }

  @Override
  public String location() {
    return (s3.endpoint() != null ? s3.endpoint() : "AWS S3 " + s3.region()) + " bucket " + s3.bucket()
        + (s3.prefix().isEmpty() ? "" : " under " + s3.prefix());
  }

  @Override
  public void close() {
    presigner.close();
    client.close();
  }
}
