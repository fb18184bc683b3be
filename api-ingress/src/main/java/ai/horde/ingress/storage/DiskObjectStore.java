package ai.horde.ingress.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one file per object in a directory of this instance ({@link StorageSettings#directory()},
 * {@code <data dir>/objects} under the launcher), up- and downloaded through {@link ObjectController} with URLs
 * this store signs ({@link UrlSigner}). An object's age is its file's modification time, set from the injected
 * clock when it is written.
 *
 * <p>Layout: {@code <dir>/<key>} the bytes; {@code <dir>/.types/<key>} the content type it was stored with, if
 * any; {@code <dir>/.incoming/} writes in progress, moved into place atomically so that a reader never sees half
 * an object; {@code <dir>/.url-signing-secret} the generated signing secret.
 *
 * <p>Without a data directory (ingress started on its own, feature tests) the directory is a temporary one,
 * removed when the store closes.
 *
 * <p>Known gaps: the objects are this instance's: several ingress instances need a shared directory (a network
 * file system) or the S3 store. No quota: the retention is what bounds the disk used. A download is read whole
 * into memory (objects are at most {@link StorageSettings#maxObjectSize()}, 16 MB by default).
 */
final class DiskObjectStore implements ObjectStore, AutoCloseable {
  /** Where the routes of {@link ObjectController} live, under the horde's public root. */
  static final String PATH = "/api/v2/objects/";
  private static final Logger LOG = LoggerFactory.getLogger(DiskObjectStore.class);
  private static final String TYPES = ".types";
  private static final String INCOMING = ".incoming";

  private final Path root;
  private final Path types;
  private final Path incoming;
  private final UrlSigner signer;
  private final StorageSettings settings;
  private final Clock clock;
  private final boolean temporary;

  DiskObjectStore(StorageSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.temporary = settings.temporaryDirectory();
    this.root = settings.directory();
    this.types = root.resolve(TYPES);
    this.incoming = root.resolve(INCOMING);
    try {
      Files.createDirectories(types);
      Files.createDirectories(incoming);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the object directory " + root, e);
    }
    this.signer = UrlSigner.load(settings.signingSecret(), root);
  }

  @Override
  public void put(String key, byte[] bytes, String contentType) {
    Path target = root.resolve(ObjectKeys.check(key));
    try {
      Path draft = Files.createTempFile(incoming, "put-", ".tmp");
      try {
        Files.write(draft, bytes);
        Files.setLastModifiedTime(draft, FileTime.from(clock.instant()));
        if (contentType == null) {
          Files.deleteIfExists(types.resolve(key));
        } else {
          Files.writeString(types.resolve(key), contentType);
          Files.setLastModifiedTime(types.resolve(key), FileTime.from(clock.instant()));
        }
        Files.move(draft, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(draft);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + key, e);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) {
    Path file = root.resolve(ObjectKeys.check(key));
    try {
      Instant stored = Files.getLastModifiedTime(file).toInstant();
      byte[] bytes = Files.readAllBytes(file);
      return Optional.of(new StoredObject(bytes, contentType(key), stored));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + key, e);
    }
  }

  private String contentType(String key) throws IOException {
    try {
      return Files.readString(types.resolve(key), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException none) {
      return ObjectKeys.contentTypeOf(key);
    }
  }

  @Override
  public URI uploadUrl(String key, URI base) {
    return signedUrl("PUT", key, base);
  }

  @Override
  public URI downloadUrl(String key, URI base) {
    return signedUrl("GET", key, base);
  }

  private URI signedUrl(String method, String key, URI base) {
    ObjectKeys.check(key);
    long expires = clock.instant().plus(settings.urlLifetime()).getEpochSecond();
    String root = base.toString().replaceAll("/+$", "");
    return URI.create(root + PATH + key + "?expires=" + expires + "&signature=" + signer.sign(method, key, expires));
  }

  /** Whether a URL's {@code expires} and {@code signature} let {@code method} on {@code key} through now. */
  Access access(String method, String key, long expires, String signature) {
    if (!signer.verifies(method, key, expires, signature)) {
      return Access.INVALID;
    }
    return clock.instant().getEpochSecond() > expires ? Access.EXPIRED : Access.GRANTED;
  }

  enum Access { GRANTED, EXPIRED, INVALID }

  @Override
  public void delete(String key) {
    ObjectKeys.check(key);
    try {
      Files.deleteIfExists(root.resolve(key));
      Files.deleteIfExists(types.resolve(key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + key, e);
    }
  }

  @Override
  public int expireOlderThan(Instant cutoff) {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
      for (Path file : files) {
        String key = file.getFileName().toString();
        // Only objects: the secret, the types and the incoming directory start with a dot, which no key does.
        if (ObjectKeys.valid(key) && Files.isRegularFile(file) && olderThan(file, cutoff)) {
          delete(key);
          deleted++;
        }
      }
      removeLeftovers(types, cutoff, true);
      removeLeftovers(incoming, cutoff, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sweep " + root, e);
    }
    return deleted;
  }

  /** Types whose object is gone (a crash between the two deletes), and writes a crash left half done. */
  private void removeLeftovers(Path dir, Instant cutoff, boolean onlyOrphans) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        boolean orphan = !onlyOrphans || !Files.exists(root.resolve(file.getFileName().toString()));
        if (orphan && olderThan(file, cutoff)) {
          LOG.debug("removing leftover {}", file);
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static boolean olderThan(Path file, Instant cutoff) throws IOException {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
    } catch (NoSuchFileException gone) {
      return false; // deleted meanwhile (by another instance's sweep, or a delete)
    }
  }

  /** Removes the directory if it is a temporary one of its own (no data directory configured): nothing outlives it. */
  @Override
  public void close() {
    if (!temporary) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not remove the temporary object directory {}", root, e);
    }
  }

  @Override
  public String location() {
    return root.toString();
  }

  Path root() {
    return root;
  }
}
