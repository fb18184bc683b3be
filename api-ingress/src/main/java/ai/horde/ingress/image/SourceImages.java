package ai.horde.ingress.image;

import ai.horde.ingress.http.ApiError;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Source images (a request's {@code source_image}, {@code source_mask} and extra source images) read as the
 * reference reads them (its {@code image.py}): base64 decoded as Python decodes it, identified by content (PNG,
 * JPEG, WebP, GIF, BMP, TIFF: whatever {@code javax.imageio} reads, WebP through TwelveMonkeys), at most
 * 3072 × 3072 pixels (checked on the header, before anything is decoded), and decodable to the end (the
 * reference re-encodes every source as WebP, so a truncated image fails). Pure; nothing is stored or sent.
 *
 * <p>Every failure of an inline (base64) image is 400 {@code ImageValidationFailed} with the reference's default
 * message, except the resolution ({@code SourceImageResolutionExceeded}) and, a choice of ours, the size
 * ({@code SourceImageSizeExceeded}): the reference limits only downloaded images to 5 MB, but here an inline
 * image travels inside the request's Kafka record, so it gets the same limit.
 *
 * <p>URL sources (any value starting with {@code http}, as in the reference) are not downloaded here:
 * {@link #readDownloaded} applies the reference's rules to what the caller downloaded. Known gaps: the JDK's
 * JPEG reader refuses CMYK JPEGs, which the reference accepts; formats the JDK does not read (ICO, PPM, TGA...)
 * are refused, which the reference (Pillow) reads.
 *
 * <p>Public for the alchemy intake, which reads its source image the same way.
 */
public final class SourceImages {
  private SourceImages() {}

  /** The reference's limit for a downloaded image: its Content-Length in KiB may not exceed 5000. */
  static final long MAX_BYTES = 5000L * 1024;
  /** The downloaded body may not exceed five chunks of 1 MiB. */
  static final long MAX_DOWNLOADED_BYTES = 5L * 1024 * 1024;
  static final long MAX_PIXELS = 3072L * 3072;
  /**
   * Pillow refuses to open an image above twice its decompression-bomb limit (89,478,485 pixels) with an error
   * that the reference answers with its default message, not the resolution's.
   */
  static final long BOMB_PIXELS = 2L * 89_478_485;

  static final String DEFAULT_DETAIL =
      "Please ensure the source image payload is either a URL containing an image or a valid base64 encoded image.";

  /**
   * What was read of an image.
   *
   * @param format the format's name as {@code javax.imageio} calls it ({@code png}, {@code webp}, ...)
   * @param width its width in pixels
   * @param height its height in pixels
   * @param fourBands whether it decodes to four bands (RGBA): Pillow's {@code split()} into four, which is what
   *     the reference asks of an inpainting source without a mask
   */
  public record Decoded(String format, int width, int height, boolean fourBands) {
    /** The reference's alchemy and kudos count 512 × 512 tiles. */
    int tiles() {
      return ((width + 511) / 512) * ((height + 511) / 512);
    }
  }

  /** Whether the reference takes {@code value} for a URL to download rather than base64. */
  public static boolean isUrl(String value) {
    return value.startsWith("http");
  }

  /** An inline source image: base64 as the client sent it. */
  public static Decoded readBase64(String value) {
    byte[] bytes = pythonBase64(value);
    if (bytes == null) {
      throw failed(DEFAULT_DETAIL, "ImageValidationFailed");
    }
    if (bytes.length > MAX_BYTES) {
      throw failed("Provided image cannot be larger than 5Mb", "SourceImageSizeExceeded");
    }
    Header header = header(bytes);
    if (header == null) {
      throw failed(DEFAULT_DETAIL, "ImageValidationFailed");
    }
    long pixels = (long) header.width() * header.height();
    if (pixels > BOMB_PIXELS) {
      throw failed(DEFAULT_DETAIL, "ImageValidationFailed");
    }
    if (pixels > MAX_PIXELS) {
      throw failed("Image size cannot exceed 3072*3072 pixels", "SourceImageResolutionExceeded");
    }
    Decoded decoded = decode(bytes, header);
    if (decoded == null) {
      throw failed(DEFAULT_DETAIL, "ImageValidationFailed");
    }
    return decoded;
  }

  /**
   * A source the caller downloaded from its URL, checked as the reference checks a download: the announced
   * length, then the body's, then whether it is an image. The reference neither limits a downloaded image's
   * resolution nor answers its decode failures apart from its download failures ("Something went wrong when
   * retrieving image url.", which the caller also answers when the download fails: {@link #downloadFailed}).
   *
   * @param contentLength the response's Content-Length, 0 when it had none
   */
  static Decoded readDownloaded(byte[] body, long contentLength) {
    if (contentLength / 1024.0 > 5000) {
      throw failed("Provided image cannot be larger than 5Mb", "SourceImageSizeExceeded");
    }
    if (body.length > MAX_DOWNLOADED_BYTES) {
      throw failed("Provided image cannot be larger than 5Mb", "SourceImageSizeExceeded");
    }
    if (body.length == 0) {
      throw downloadFailed();
    }
    Header header = header(body);
    if (header == null) {
      throw failed("Url does not contain a valid image.", "SourceImageUrlInvalid");
    }
    if ((long) header.width() * header.height() > BOMB_PIXELS) {
      throw failed("Something went wrong when opening image.", "SourceImageUnreadable");
    }
    Decoded decoded = decode(body, header);
    if (decoded == null) {
      throw downloadFailed();
    }
    return decoded;
  }

  /** The bytes of a source image that was read: decoded base64, or what its download fetched. */
  public static byte[] bytesOf(String value, SourceDownloads downloads) {
    return isUrl(value) ? downloads.take(value) : pythonBase64(value);
  }

  /** Any failure to download a source image, as the reference words it. */
  static ApiError downloadFailed() {
    return failed("Something went wrong when retrieving image url.", "ImageValidationFailed");
  }

  static ApiError failed(String detail, String rc) {
    return ApiError.badRequest(rc, "Image validation failed. " + detail);
  }

  /**
   * Base64 decoded as Python's {@code base64.b64decode} does by default: characters outside the alphabet are
   * skipped, the first complete padding ends the data, and data that ends mid-quantum without its padding is
   * an error. Null for an error.
   */
  static byte[] pythonBase64(String value) {
    byte[] out = new byte[value.length() / 4 * 3 + 3];
    int length = 0;
    int quadPos = 0;
    int pads = 0;
    int left = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '=') {
        if (quadPos >= 2 && quadPos + ++pads >= 4) {
          return java.util.Arrays.copyOf(out, length);
        }
        continue;
      }
      int sextet = sextet(c);
      if (sextet < 0) {
        continue;
      }
      pads = 0;
      switch (quadPos) {
        case 0 -> {
          left = sextet;
          quadPos = 1;
        }
        case 1 -> {
          out[length++] = (byte) ((left << 2) | (sextet >> 4));
          left = sextet & 0x0f;
          quadPos = 2;
        }
        case 2 -> {
          out[length++] = (byte) ((left << 4) | (sextet >> 2));
          left = sextet & 0x03;
          quadPos = 3;
        }
        default -> {
          out[length++] = (byte) ((left << 6) | sextet);
          quadPos = 0;
        }
      }
    }
    return quadPos == 0 ? java.util.Arrays.copyOf(out, length) : null;
  }

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  }

  /** The format and size an image's header announces. */
  private record Header(ImageReader reader, String format, int width, int height) {}

  /** Null when no reader recognises the content or its header cannot be read (Pillow's "unidentified"). */
  private static Header header(byte[] bytes) {
    try {
      ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width <= 0 || height <= 0) {
        reader.dispose();
        return null;
      }
      return new Header(reader, reader.getFormatName().toLowerCase(java.util.Locale.ROOT), width, height);
    } catch (IOException | RuntimeException e) {
      // A malformed header may fail in any way inside a reader: it is a bad image, never a server error.
      return null;
    }
  }

  /** The whole image decoded (within the resolution limit, so at most 3072 × 3072); null when it cannot be. */
  private static Decoded decode(byte[] bytes, Header header) {
    ImageReader reader = header.reader();
    try {
      BufferedImage image = reader.read(0);
      boolean fourBands = !(image.getColorModel() instanceof IndexColorModel)
          && image.getRaster().getNumBands() == 4;
      return new Decoded(header.format(), header.width(), header.height(), fourBands);
    } catch (IOException | RuntimeException e) {
      return null;
    } finally {
      reader.dispose();
    }
  }
}
