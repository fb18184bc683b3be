package ai.horde.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The horde's news ({@code GET /api/v2/status/news}, spec §1.9 M6): the pieces bundled in {@code news.json},
 * newest first, each {@code {date_published (YYYY-MM-DD), newspiece, importance, tags, title,
 * more_info_urls}}. Read once at start; a piece lacking a field shows it as null, as the
 * reference's marshalling does.
 */
@Singleton
final class News {
  static final String RESOURCE = "/news.json";
  private static final List<String> FIELDS =
      List.of("date_published", "newspiece", "importance", "tags", "title", "more_info_urls");

  private final ArrayNode sorted;

  News() {
    try (InputStream in = News.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      sorted = newestFirst(Responses.JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ArrayNode all() {
    return sorted.deepCopy();
  }

  /** The pieces in the reference's shape, newest first (ISO dates sort as text); equal dates keep file order. */
  static ArrayNode newestFirst(JsonNode pieces) {
    List<JsonNode> list = new ArrayList<>();
    pieces.forEach(list::add);
    list.sort(Comparator.comparing((JsonNode piece) -> piece.path("date_published").asText("")).reversed());
    ArrayNode body = Responses.JSON.createArrayNode();
    for (JsonNode piece : list) {
      var item = body.addObject();
      for (String field : FIELDS) {
        item.set(field, piece.hasNonNull(field) ? piece.get(field) : Responses.JSON.nullNode());
      }
    }
    return body;
  }
}
