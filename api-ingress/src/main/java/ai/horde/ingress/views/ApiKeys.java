package ai.horde.ingress.views;

import ai.horde.ingress.HordeSettings;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API keys: new ones are 128 random bits (22 URL-safe characters, like the reference's
 * {@code secrets.token_urlsafe(16)}); only a keyed hash of a key is ever stored or published
 * (HMAC-SHA256 with {@code HORDE_SECRET_KEY}), so that a key can be found by its hash but not recovered.
 */
@Singleton
public final class ApiKeys {
  /** The reference's public default secret: fine to hash keys with, not to sign anything. */
  public static final String DEFAULT_SECRET = "s0m3s3cr3t";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String secret;
  /** A keyed MAC per thread: looking up and keying one costs more than hashing a key (every call hashes one). */
  private final ThreadLocal<Mac> macs;

  ApiKeys(HordeSettings settings) {
    this.secret = settings.secretKey();
    this.macs = ThreadLocal.withInitial(() -> mac(secret));
  }

  /** Whether keys are hashed with the reference's public default secret. */
  public boolean defaultSecret() {
    return DEFAULT_SECRET.equals(secret);
  }

  public static String generate() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public String hash(String apiKey) {
    return hex(macs.get(), apiKey);
  }

  /** HMAC-SHA256 of {@code value} with {@code secret}, in hex. */
  public static String hmac(String secret, String value) {
    return hex(mac(secret), value);
  }

  private static String hex(Mac mac, String value) {
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static Mac mac(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
