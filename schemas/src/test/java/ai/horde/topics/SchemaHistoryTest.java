package ai.horde.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code schema-history} complete and every schema change backward compatible.
 *
 * <p>After changing an .avsc file, record the new version with
 * {@code mvn -pl schemas test -Dschema.history.record=true} and commit the new {@code v<N>.avsc}; this
 * test then checks that the new version can read every older one.
 */
class SchemaHistoryTest {
  private static final Path EVENTS_CLASSES = Path.of("target/classes/ai/horde/events");
  private static final Path HISTORY = Path.of("src/main/resources/schema-history");

  @Test
  void everyCurrentSchemaIsAReleasedVersion() throws IOException {
    List<Schema> current = currentSchemas();
    assertThat(current).isNotEmpty();
    if (Boolean.getBoolean("schema.history.record")) {
      record(current);
    }
    List<Long> released = SchemaHistory.all().stream().map(SchemaHistory::fingerprint).toList();
    for (Schema schema : current) {
      assertThat(released)
          .as("%s changed: record it with -Dschema.history.record=true", schema.getFullName())
          .contains(SchemaHistory.fingerprint(schema));
    }
  }

  @Test
  void everySchemaReadsAllItsEarlierVersions() throws IOException {
    for (Schema schema : currentSchemas()) {
      // A renamed record reads what it wrote under its earlier names (its aliases) too.
      List<Schema> earlierVersions = new ArrayList<>(SchemaHistory.versionsOf(schema.getFullName()));
      schema.getAliases().forEach(alias -> earlierVersions.addAll(SchemaHistory.versionsOf(alias)));
      for (Schema earlier : earlierVersions) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, earlier);
        assertThat(result.getType())
            .as("%s cannot read an earlier version: %s", schema.getFullName(), result.getDescription())
            .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }

  @Test
  void decodesWhatAnEarlierVersionWrote() {
    // Given a writer schema with one field fewer than the reader, registered in a store
    Schema v1 = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"GenMetadata\",\"namespace\":\"ai.horde.events\",\"fields\":["
            + "{\"name\":\"type\",\"type\":\"string\"},{\"name\":\"value\",\"type\":\"string\"}]}");
    var store = new org.apache.avro.message.SchemaStore.Cache();
    store.addSchema(v1);
    var writer = new org.apache.avro.generic.GenericData.Record(v1);
    writer.put("type", "censorship");
    writer.put("value", "csam");
    // When the current class decodes it
    var encoded = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
        org.apache.avro.generic.GenericData.get(), v1);
    var decoder = ai.horde.events.GenMetadata.createDecoder(store);
    ai.horde.events.GenMetadata read;
    try {
      read = decoder.decode(encoded.encode(writer));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    // Then the new field takes its default
    assertThat(read.getValue()).isEqualTo("csam");
    assertThat(read.getRef()).isNull();
  }

  @Test
  void aRenamedRecordDecodesWhatItsEarlierNameWrote() throws IOException {
    // Given a text request as schema v4 of TextRequestAccepted wrote it, before requests had kinds
    List<Schema> earlier = SchemaHistory.versionsOf("ai.horde.events.TextRequestAccepted");
    Schema v4 = earlier.get(earlier.size() - 1);
    var criteria = new org.apache.avro.generic.GenericData.Record(v4.getField("criteria").schema());
    criteria.put("models", List.of("m"));
    criteria.put("max_length", 120);
    criteria.put("max_context_length", 2048);
    criteria.put("workers", List.of());
    criteria.put("worker_blacklist", false);
    criteria.put("trusted_workers", false);
    criteria.put("validated_backends", false);
    criteria.put("slow_workers", true);
    var writer = new org.apache.avro.generic.GenericRecordBuilder(v4).set("request_id", "r1").set("user_id", 5L)
        .set("payload_json", "{}").set("prompt_chars", 10).set("n", 1).set("criteria", criteria)
        .set("accepted_at", 1_000L).build();
    byte[] bytes = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
        org.apache.avro.generic.GenericData.get(), v4).encode(writer).array();
    // When the current class decodes it
    ai.horde.events.RequestAccepted read = ai.horde.events.RequestAccepted.createDecoder(SchemaHistory.store())
        .decode(bytes);
    // Then it is a text request with its criteria
    assertThat(read.getRequestId()).isEqualTo("r1");
    assertThat(read.getCriteria()).isInstanceOf(ai.horde.events.TextCriteria.class);
    assertThat(((ai.horde.events.TextCriteria) read.getCriteria()).getMaxLength()).isEqualTo(120);
  }

  private static List<Schema> currentSchemas() throws IOException {
    List<Schema> schemas = new ArrayList<>();
    try (Stream<Path> files = Files.list(EVENTS_CLASSES)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        try {
          Class<?> type = Class.forName("ai.horde.events." + name.substring(0, name.length() - 6));
          if (SpecificRecordBase.class.isAssignableFrom(type)) {
            schemas.add((Schema) type.getMethod("getClassSchema").invoke(null));
          }
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
    return schemas;
  }

  private static void record(List<Schema> current) throws IOException {
    Path index = HISTORY.resolve("index.txt");
    List<String> lines = Files.exists(index) ? new ArrayList<>(Files.readAllLines(index)) : new ArrayList<>();
    if (lines.isEmpty()) {
      lines.add("# Every released version of every event schema; append only (SchemaHistoryTest records new ones).");
    }
    List<Long> released = SchemaHistory.all().stream().map(SchemaHistory::fingerprint).toList();
    for (Schema schema : current) {
      if (released.contains(SchemaHistory.fingerprint(schema))) {
        continue;
      }
      Path dir = HISTORY.resolve(schema.getName());
      Files.createDirectories(dir);
      int version = 1;
      while (Files.exists(dir.resolve("v" + version + ".avsc"))) {
        version++;
      }
      Path file = dir.resolve("v" + version + ".avsc");
      Files.writeString(file, schema.toString(true) + "\n", StandardCharsets.UTF_8);
      lines.add("schema-history/" + schema.getName() + "/v" + version + ".avsc");
    }
    Files.write(index, lines, StandardCharsets.UTF_8);
  }
}
