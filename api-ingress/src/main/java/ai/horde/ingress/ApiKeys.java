package ai.horde.ingress;

import ai.horde.runtime.HordeEnv;
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
final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String DEFAULT_SECRET = "s0m3s3cr3t";
  private static final String SECRET = HordeEnv.system().get("HORDE_SECRET_KEY", DEFAULT_SECRET);

  private ApiKeys() {}

  /** Whether keys are hashed with the reference's public default secret: fine for keys, not for signing. */
  static boolean defaultSecret() {
    return DEFAULT_SECRET.equals(SECRET);
  }

  static String generate() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String apiKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(apiKey.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
