package ai.horde.ingress.storage;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The keys objects are stored under: the reference's names ({@code <generation id>.webp} for a generated image,
 * {@code <request id>_src.webp} and {@code <request id>_msk.webp} for a request's source image and mask), and the
 * one rule every key obeys, which keeps a key a plain file name on disk and a plain path segment in a URL.
 */
public final class ObjectKeys {
  /**
   * Letters, digits, {@code .}, {@code _} and {@code -}, not starting with a dot, at most 200 characters: no
   * {@code /} or {@code \} (so no path traversal and no sub-directories), no {@code .} or {@code ..}, nothing a
   * URL would have to escape, and no name the disk store keeps for itself (those start with a dot).
   */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

  private ObjectKeys() {}

  /** Whether {@code key} is a valid key. */
  public static boolean valid(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /**
   * {@code key}, if it is valid.
   *
   * @throws IllegalArgumentException if it is not
   */
  public static String check(String key) {
    if (!valid(key)) {
      throw new IllegalArgumentException("invalid object key: " + (key == null ? "null"
          : '"' + (key.length() > 60 ? key.substring(0, 60) + "..." : key) + '"'));
    }
    return key;
  }

  /** A generated image: the worker uploads it to this key's upload URL. */
  public static String generation(UUID generationId) {
    return generationId + ".webp";
  }

  /** A request's source image (img2img, inpainting). */
  public static String sourceImage(UUID requestId) {
    return requestId + "_src.webp";
  }

  /** A request's source mask (inpainting). */
  public static String sourceMask(UUID requestId) {
    return requestId + "_msk.webp";
  }

  /** A request's {@code index}th extra source image (the reference spells it {@code _exra_src_}; keys are ours). */
  public static String extraSourceImage(UUID requestId, int index) {
    return requestId + "_extra_src_" + index + ".webp";
  }

  /** The content type a key's extension implies, for an object stored without one. */
  static String contentTypeOf(String key) {
    int dot = key.lastIndexOf('.');
    String extension = dot < 0 ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
    return switch (extension) {
      case "webp" -> "image/webp";
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "gif" -> "image/gif";
      case "json" -> "application/json";
      case "txt" -> "text/plain";
      default -> "application/octet-stream";
    };
  }
}
