package ai.horde.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Known text models and their parameter counts, which set rewards and prices (spec §4.1).
 *
 * <p>A small table of well-known models ships in {@code text-models.json}; set
 * {@code HORDE_TEXT_MODEL_REFERENCE} to a file in the format of the reference's
 * AI-Horde-text-model-reference {@code db.json} to use the full list. Known gap: the reference refreshes
 * its list hourly from the network; here it is read once at start.
 */
public final class ModelReference {
  /** Quantisation suffixes such as {@code -Q4_K_M} or {@code .Q8_0}, stripped before the lookup. */
  private static final Pattern QUANT = Pattern.compile("[.,-][a-zA-Z0-9]+?-?Q(-[Ii]nt)?[2-9]{1,2}([_.-][0-9a-zA-Z]+)*");

  private final Map<String, Long> parameters;

  public ModelReference(Map<String, Long> parameters) {
    this.parameters = Map.copyOf(parameters);
  }

  /** The bundled table, plus the file named by {@code HORDE_TEXT_MODEL_REFERENCE} if it is set. */
  public static ModelReference load() {
    Map<String, Long> table = new HashMap<>();
    try (InputStream bundled = ModelReference.class.getResourceAsStream("/text-models.json")) {
      read(bundled, table);
      String external = System.getenv("HORDE_TEXT_MODEL_REFERENCE");
      if (external != null && !external.isBlank()) {
        try (InputStream in = Files.newInputStream(Path.of(external))) {
          read(in, table);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ModelReference(table);
  }

  private static void read(InputStream in, Map<String, Long> table) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode params = entry.getValue().get("parameters");
      if (params != null && params.canConvertToLong()) {
        table.put(entry.getKey(), params.asLong());
      }
    }
  }

  /** Parameter count of a model as a worker names it, if the reference knows it. */
  public OptionalLong parameters(String model) {
    if (model == null || model.isEmpty()) {
      return OptionalLong.empty();
    }
    String name = model;
    String[] parts = model.split("::", -1);
    if (parts.length == 2) {
      name = parts[0];
    }
    Long known = parameters.get(name);
    if (known == null) {
      known = parameters.get(QUANT.matcher(name).replaceAll(""));
    }
    return known == null ? OptionalLong.empty() : OptionalLong.of(known);
  }

  public boolean isKnown(String model) {
    return parameters(model).isPresent();
  }

  /** {@code P} of the spec: billions of parameters, 1 for an unknown model. */
  public double billions(String model) {
    OptionalLong params = parameters(model);
    return params.isPresent() ? params.getAsLong() / 1_000_000_000.0 : 1.0;
  }
}
