package ai.horde.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Known image models: their baseline (which sets rewards, TTLs and upfront floors), whether they are
 * inpainting or NSFW models, and their requirements (step and cfg ranges, samplers, clip skip).
 *
 * <p>The bundled {@code image-models.json} is a trimmed copy of the reference's AI-Horde-image-model-reference
 * {@code stable_diffusion.json} (same names, same structure, only the fields read here), plus its Qwen-Image and
 * Z-Image-Turbo entries. Set {@code HORDE_IMAGE_MODEL_REFERENCE} to a file in that format (a full
 * {@code stable_diffusion.json} will do) to add to it or replace entries by name, as
 * {@code HORDE_TEXT_MODEL_REFERENCE} does for {@link ai.horde.text.ModelReference}.
 *
 * <p>Known gaps: the reference refreshes its list hourly from the network and also merges {@code diffusers.json}
 * (empty today); here the list is read once at start. The reference's NSFW set also holds text models; here it
 * is about image models only.
 */
public final class ImageModelReference {
  /** Baseline strings as the reference spells them (note the spaces in the Stable Diffusion 1 and 2 ones). */
  public static final String STABLE_DIFFUSION_1 = "stable diffusion 1";
  public static final String STABLE_DIFFUSION_2 = "stable diffusion 2";
  public static final String STABLE_DIFFUSION_XL = "stable_diffusion_xl";
  public static final String STABLE_CASCADE = "stable_cascade";
  public static final String FLUX_1 = "flux_1";
  public static final String QWEN_IMAGE = "qwen_image";
  public static final String Z_IMAGE_TURBO = "z_image_turbo";

  /** The environment variable naming an extra reference file. */
  public static final String OVERRIDE_ENV = "HORDE_IMAGE_MODEL_REFERENCE";

  /** One entry of the reference. {@code sizeOnDiskBytes} is empty when the reference does not say. */
  public record Model(String name, String baseline, String type, boolean inpainting, boolean nsfw, String style,
      OptionalLong sizeOnDiskBytes, Requirements requirements) {}

  /** A model's {@code requirements}; every field is optional in the reference. */
  public record Requirements(OptionalInt minSteps, OptionalInt maxSteps, OptionalDouble cfgScale,
      OptionalDouble minCfgScale, OptionalDouble maxCfgScale, OptionalInt clipSkip, List<String> samplers,
      List<String> schedulers) {
    public static final Requirements NONE = new Requirements(OptionalInt.empty(), OptionalInt.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(), List.of(),
        List.of());

    public Requirements {
      samplers = List.copyOf(samplers);
      schedulers = List.copyOf(schedulers);
    }
  }

  private final Map<String, Model> models;

  public ImageModelReference(Map<String, Model> models) {
    this.models = Map.copyOf(models);
  }

  /** The bundled table, plus the file named by {@code HORDE_IMAGE_MODEL_REFERENCE} if it is set. */
  public static ImageModelReference load() {
    return load(System.getenv(OVERRIDE_ENV));
  }

  /** The bundled table, plus the entries of {@code external} (a path; null or blank for none). */
  static ImageModelReference load(String external) {
    Map<String, Model> table = new LinkedHashMap<>();
    try (InputStream bundled = ImageModelReference.class.getResourceAsStream("/image-models.json")) {
      read(bundled, table);
      if (external != null && !external.isBlank()) {
        try (InputStream in = Files.newInputStream(Path.of(external))) {
          read(in, table);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ImageModelReference(table);
  }

  private static void read(InputStream in, Map<String, Model> table) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode node = entry.getValue();
      if (!node.isObject()) {
        continue;
      }
      JsonNode size = node.get("size_on_disk_bytes");
      table.put(entry.getKey(), new Model(entry.getKey(),
          // The reference's default for an entry without a baseline.
          node.path("baseline").asText(STABLE_DIFFUSION_1),
          node.path("type").asText("ckpt"),
          node.path("inpainting").asBoolean(false),
          node.path("nsfw").asBoolean(false),
          node.path("style").asText(""),
          size != null && size.canConvertToLong() ? OptionalLong.of(size.asLong()) : OptionalLong.empty(),
          requirements(node.get("requirements"))));
    }
  }

  private static Requirements requirements(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Requirements.NONE;
    }
    return new Requirements(integer(node, "min_steps"), integer(node, "max_steps"), number(node, "cfg_scale"),
        number(node, "min_cfg_scale"), number(node, "max_cfg_scale"), integer(node, "clip_skip"),
        strings(node, "samplers"), strings(node, "schedulers"));
  }

  private static OptionalInt integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? OptionalInt.of(value.asInt()) : OptionalInt.empty();
  }

  private static OptionalDouble number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> values = new ArrayList<>();
    node.path(field).forEach(value -> values.add(value.asText()));
    return values;
  }

  /** Whether the reference lists this exact name (no alias or suffix stripping for image models). */
  public boolean isKnown(String name) {
    return name != null && models.containsKey(name);
  }

  public Optional<Model> model(String name) {
    return Optional.ofNullable(name == null ? null : models.get(name));
  }

  public Set<String> names() {
    return models.keySet();
  }

  /**
   * The model's baseline as the reference answers it: the listed one; for an unlisted name a tag in it
   * ({@code [SDXL]}, {@code [Flux]}, {@code [Qwen]}, {@code [ZModel]} or {@code [ZImage]}); else
   * {@value #STABLE_DIFFUSION_1}.
   */
  public String baseline(String name) {
    Model model = name == null ? null : models.get(name);
    if (model != null) {
      return model.baseline();
    }
    if (name != null) {
      if (name.contains("[SDXL]")) {
        return STABLE_DIFFUSION_XL;
      }
      if (name.contains("[Flux]")) {
        return FLUX_1;
      }
      if (name.contains("[Qwen]")) {
        return QWEN_IMAGE;
      }
      if (name.contains("[ZModel]") || name.contains("[ZImage]")) {
        return Z_IMAGE_TURBO;
      }
    }
    return STABLE_DIFFUSION_1;
  }

  public boolean isInpainting(String name) {
    return model(name).map(Model::inpainting).orElse(false);
  }

  public boolean isNsfw(String name) {
    return model(name).map(Model::nsfw).orElse(false);
  }

  /** The model's requirements; none for an unknown model. */
  public Requirements requirements(String name) {
    return model(name).map(Model::requirements).orElse(Requirements.NONE);
  }

  public boolean hasInpaintingModels(Collection<String> names) {
    return names.stream().anyMatch(this::isInpainting);
  }

  /** False for an empty list, as in the reference. */
  public boolean hasOnlyInpaintingModels(Collection<String> names) {
    return !names.isEmpty() && names.stream().allMatch(this::isInpainting);
  }

  public boolean hasNsfwModels(Collection<String> names) {
    return names.stream().anyMatch(this::isNsfw);
  }

  /** False for an empty list, as in the reference. */
  public boolean hasUnknownModels(Collection<String> names) {
    return names.stream().anyMatch(name -> !isKnown(name));
  }
}
