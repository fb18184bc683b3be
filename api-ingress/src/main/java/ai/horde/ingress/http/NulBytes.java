package ai.horde.ingress.http;

/**
 * NUL (0x00) characters, which PostgreSQL text cannot hold: the reference refuses every request that brings one
 * to its database with 400 {@code NulByteInPayload} (spec §0.11), a write or a query. So does the horde, for
 * what it would write to a topic (and from there to the read models) and for what it would query them with.
 */
public final class NulBytes {
  private NulBytes() {}

  /** The refusal of a NUL in a body, a path or a query argument. */
  public static ApiError refusal() {
    return ApiError.badRequest("NulByteInPayload", "Request payload may not contain NUL (0x00) bytes.");
  }

  public static boolean in(CharSequence text) {
    for (int i = 0; text != null && i < text.length(); i++) {
      if (text.charAt(i) == '\u0000') {
        return true;
      }
    }
    return false;
  }
}
