package ai.horde.text;

/**
 * UTF-8 sizes without encoding: how large a text is on the wire and in a record. Exact, except that an
 * unpaired surrogate counts 3 bytes where Java encodes it as one {@code ?}: never an underestimate.
 */
public final class Utf8 {
  private Utf8() {}

  public static long length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
