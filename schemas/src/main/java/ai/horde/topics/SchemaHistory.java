package ai.horde.topics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of every top-level event schema, read from the classpath
 * ({@code schema-history/<Record>/v<N>.avsc}, listed in {@code schema-history/index.txt}).
 *
 * <p>Decoders resolve a record's writer schema by its fingerprint in this store, so a service can read
 * what an older (or newer, as far as Avro resolution allows) version wrote without a registry server. A
 * fingerprint that is in no released version fails loudly ({@code MissingSchemaException}) rather than
 * being guessed. {@code SchemaHistoryTest} keeps the history complete and backward compatible.
 */
public final class SchemaHistory {
  static final String INDEX = "schema-history/index.txt";

  private static final SchemaStore.Cache STORE = new SchemaStore.Cache();
  private static final List<Schema> ALL = load();

  private SchemaHistory() {}

  /** The store that decoders use to find writer schemas. */
  public static SchemaStore store() {
    return STORE;
  }

  /** Every released schema version, in index order. */
  public static List<Schema> all() {
    return ALL;
  }

  /** The released versions of one record (full name), oldest first. */
  public static List<Schema> versionsOf(String fullName) {
    return ALL.stream().filter(s -> s.getFullName().equals(fullName)).collect(Collectors.toList());
  }

  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static List<Schema> load() {
    List<Schema> schemas = new ArrayList<>();
    for (String path : readLines(INDEX)) {
      Schema schema = new Schema.Parser().parse(read(path));
      schemas.add(schema);
      STORE.addSchema(schema);
    }
    return List.copyOf(schemas);
  }

  private static List<String> readLines(String resource) {
    return read(resource).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  private static String read(String resource) {
    InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing classpath resource " + resource);
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
