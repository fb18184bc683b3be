package ai.horde.ingress.status;

import ai.horde.ingress.status.StatusBodies.Newspiece;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * The horde's news ({@code GET /api/v2/status/news}, spec §1.9 M6): the pieces bundled in {@code news.json},
 * newest first. Read once at start; a piece lacking a field shows it as null, as the reference's marshalling
 * does.
 */
@Singleton
final class News {
  static final String RESOURCE = "/news.json";

  private final List<Newspiece> newestFirst;

  News(ObjectMapper json) {
    try (InputStream in = News.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      newestFirst = newestFirst(json.readValue(in, new TypeReference<List<Newspiece>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Newspiece> all() {
    return newestFirst;
  }

  /** ISO dates sort as text; equal dates keep the file's order. */
  static List<Newspiece> newestFirst(List<Newspiece> pieces) {
    return pieces.stream().sorted(Comparator.comparing(
        (Newspiece piece) -> piece.datePublished() == null ? "" : piece.datePublished()).reversed()).toList();
  }
}
