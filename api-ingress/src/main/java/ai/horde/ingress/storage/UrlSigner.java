package ai.horde.ingress.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the disk store's URLs: HMAC-SHA256 over the method, the key and the expiry, so that a download
 * URL cannot be used to upload, nor one key's URL for another, nor a URL past its expiry. The signature is
 * lowercase hex: workers send the URL exactly as given (aiohttp with {@code encoded=True}), so it must need no
 * escaping.
 */
final class UrlSigner {
  /** Kept beside the objects; keys cannot start with a dot, so no object can have this name. */
  static final String SECRET_FILE = ".url-signing-secret";
  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec secret;

  UrlSigner(byte[] secret) {
    this.secret = new SecretKeySpec(secret, HMAC);
  }

  /**
   * The configured secret, else the one kept in {@code dir} (created on first use, readable by its owner only).
   * Two instances sharing the directory agree on it: the loser of a race to create it reads the winner's.
   */
  static UrlSigner load(String configured, Path dir) {
    if (configured != null) {
      return new UrlSigner(configured.getBytes(StandardCharsets.UTF_8));
    }
    Path file = dir.resolve(SECRET_FILE);
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Path draft = Files.createTempFile(dir, ".secret-", ".tmp");
        try {
          trySetOwnerOnly(draft);
          Files.writeString(draft, HexFormat.of().formatHex(fresh));
          Files.move(draft, file); // no REPLACE_EXISTING: an instance that lost the race keeps the winner's
        } catch (FileAlreadyExistsException raced) {
          // the other instance's secret stands
        } finally {
          Files.deleteIfExists(draft);
        }
      }
      return new UrlSigner(HexFormat.of().parseHex(Files.readString(file).strip()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the URL signing secret in " + file, e);
    }
  }

  private static void trySetOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // the directory's own permissions are all there is
    }
  }

  /** The signature of {@code method} on {@code key} until {@code expires} (epoch seconds). */
  String sign(String method, String key, long expires) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(secret);
      byte[] digest = mac.doFinal((method + "\n" + key + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code signature} is the signature of {@code method} on {@code key} until {@code expires}. */
  boolean verifies(String method, String key, long expires, String signature) {
    if (signature == null) {
      return false;
    }
    // Constant time: how much of a guess was right must not show in how long the refusal took.
    return MessageDigest.isEqual(sign(method, key, expires).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
