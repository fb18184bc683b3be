package ai.horde.ingress.image;

import ai.horde.ingress.image.ImageBodies.GenerationInputStable;
import ai.horde.ingress.image.ImageBodies.ModelGenerationInputStable;
import ai.horde.ingress.image.ImageBodies.ModelPayloadLorasStable;
import ai.horde.ingress.image.ImageBodies.ModelPayloadTextualInversionsStable;
import ai.horde.ingress.intake.IntakeBodies.ExtraSourceImage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * What a dreamer is handed with a job, built from the request at intake and finished at each pop (research
 * notes of the reference's {@code extract_params}, {@code prepare_job_payload}, {@code get_job_payload}).
 *
 * <p>At intake the request becomes a {@link Template}: the payload the reference sends (only its model's
 * keys: the prompt verbatim with its {@code ###} negative part, {@code ddim_steps}, the defaults it fills in,
 * {@code use_nsfw_censor} only when true) and what a pop needs besides (the seed rules, the source images'
 * presence). It travels, opaque to the scheduler, as the request's {@code payload_json}. At a pop the payload
 * gets its seed (a string) and {@code n_iter}, the number of jobs handed out together: one seed for a batch,
 * as the reference has it.
 *
 * <p>Seeds: a seed of digits is that number, any other string the number its UTF-8 bytes make read little-end
 * first; either is shifted right by 32 bits while it is 2³² or more. No seed: a fresh random one per pop.
 * With {@code seed_variation}: the seed (random, fixed at intake, when none was given) plus the variation times
 * the jobs the request had left before the pop, so the seeds of a request count down as in the reference.
 */
@Singleton
final class ImagePayloads {
  private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);
  /** The reference's payload model applied to nothing: what a pop without a job carries. */
  private static final String NONE = "{\"sampler_name\":\"k_euler_a\",\"cfg_scale\":7.5,\"height\":512,\"width\":512,"
      + "\"karras\":false,\"tiling\":false,\"hires_fix\":false,\"transparent\":false,\"image_is_control\":false,"
      + "\"return_control_map\":false,\"ddim_steps\":30,\"n_iter\":1}";

  private final ObjectMapper json;

  ImagePayloads(ObjectMapper json) {
    this.json = json;
  }

  /**
   * A request's job as stored until it is popped.
   *
   * @param seed the seed asked for, as a number (null: random at each pop)
   * @param sourceProcessing what the worker does with the source image, null without one
   * @param extraSourceImages the strengths of the extra source images, in order
   */
  record Template(ObjectNode payload, Long seed, Integer seedVariation, String sourceProcessing,
      boolean sourceMask, List<Double> extraSourceImages) {}

  /** The stored job of a request, as its {@code payload_json}. */
  String template(GenerationInputStable input, ModelGenerationInputStable params, String prompt, int steps) {
    ObjectNode payload = json.createObjectNode();
    payload.put("sampler_name", params.samplerName());
    payload.put("cfg_scale", params.payloadCfgScale());
    payload.put("height", params.height());
    payload.put("width", params.width());
    payload.put("karras", params.payloadKarras());
    payload.put("tiling", isTrue(params.tiling()));
    payload.put("hires_fix", isTrue(params.hiresFix()));
    payload.put("transparent", isTrue(params.transparent()));
    payload.put("image_is_control", isTrue(params.imageIsControl()));
    payload.put("return_control_map", isTrue(params.returnControlMap()));
    payload.put("ddim_steps", steps);
    putIfSent(payload, "denoising_strength", params.denoisingStrength());
    putIfSent(payload, "hires_fix_denoising_strength", params.hiresFixDenoisingStrength());
    putIfSent(payload, "clip_skip", params.clipSkip());
    putIfSent(payload, "facefixer_strength", params.facefixerStrength());
    if (params.controlType() != null) {
      payload.put("control_type", params.controlType());
    }
    if (params.workflow() != null) {
      payload.put("workflow", params.workflow());
    }
    if (params.postProcessing() != null) {
      payload.set("post_processing", json.valueToTree(params.postProcessing()));
    }
    if (params.loras() != null) {
      payload.set("loras", json.valueToTree(params.loras().stream().map(ImagePayloads::lora).toList()));
    }
    if (params.tis() != null) {
      payload.set("tis", json.valueToTree(params.tis().stream().map(ImagePayloads::ti).toList()));
    }
    if (params.special() != null && !params.special().isEmpty()) {
      payload.set("special", json.valueToTree(params.special()));
    }
    if (params.extraTexts() != null) {
      payload.set("extra_texts", json.valueToTree(params.extraTexts()));
    }
    if (!input.nsfw() && input.censorNsfw()) {
      payload.put("use_nsfw_censor", true);
    }
    payload.put("prompt", prompt);
    Long seed = params.seed() == null || params.seed().isEmpty() ? null : seedOf(params.seed());
    if (seed == null && params.seedVariation() != null) {
      seed = ThreadLocalRandom.current().nextLong(TWO_32.longValue());
    }
    Template template = new Template(payload, seed, params.seedVariation(),
        input.sourceImage() == null ? null : input.sourceProcessing(), input.sourceMask() != null,
        input.extraSourceImages().stream().map(e -> e.strength() == null ? 1.0 : e.strength()).toList());
    return write(template);
  }

  Template read(String template) {
    try {
      return json.readValue(template, Template.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The payload of one pop: the template's with its seed and the number of jobs it hands out.
   *
   * @param jobsLeft the request's jobs not handed out before this pop
   */
  String payload(Template template, int jobs, int jobsLeft) {
    ObjectNode payload = template.payload().deepCopy();
    long seed;
    if (template.seedVariation() != null) {
      seed = shrink(BigInteger.valueOf(template.seed())
          .add(BigInteger.valueOf((long) template.seedVariation() * jobsLeft)));
    } else if (template.seed() != null) {
      seed = template.seed();
    } else {
      seed = ThreadLocalRandom.current().nextLong(Math.min(jobsLeft, TWO_32.longValue() - 1), TWO_32.longValue());
    }
    payload.put("seed", Long.toString(seed));
    payload.put("n_iter", jobs);
    return write(payload);
  }

  /** The payload of a pop without a job. */
  static String none() {
    return NONE;
  }

  /** A seed as the reference reads one sent as a string. */
  static long seedOf(String seed) {
    BigInteger value;
    if (!seed.isEmpty() && seed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      value = new BigInteger(seed);
    } else {
      byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
      byte[] bigEndian = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        bigEndian[i] = bytes[bytes.length - 1 - i];
      }
      value = new BigInteger(1, bigEndian);
    }
    return shrink(value);
  }

  /**
   * Shifted right by 32 bits while it is 2³² or more, in one shift: shifting a 1 MB seed 32 bits at a time
   * copied it a quarter of a million times (a minute of CPU per request).
   */
  static long shrink(BigInteger value) {
    int shifts = Math.max(0, (value.bitLength() - 32 + 31) / 32);
    return value.shiftRight(32 * shifts).longValue();
  }

  private static ObjectNode lora(ModelPayloadLorasStable lora) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", lora.name());
    node.put("model", lora.model() == null ? 1.0 : lora.model());
    node.put("clip", lora.clip() == null ? 1.0 : lora.clip());
    node.put("is_version", isTrue(lora.isVersion()));
    if (lora.injectTrigger() != null) {
      node.put("inject_trigger", lora.injectTrigger());
    }
    return node;
  }

  private static ObjectNode ti(ModelPayloadTextualInversionsStable ti) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", ti.name());
    node.put("strength", ti.strength() == null ? 1.0 : ti.strength());
    if (ti.injectTi() != null) {
      node.put("inject_ti", ti.injectTi());
    }
    return node;
  }

  private static boolean isTrue(Boolean value) {
    return value != null && value;
  }

  private static void putIfSent(ObjectNode payload, String name, Number value) {
    if (value instanceof Integer i) {
      payload.put(name, i);
    } else if (value != null) {
      payload.put(name, value.doubleValue());
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The extra source images a pop hands out: links to them, with their strengths. */
  static List<ExtraSourceImage> extras(List<Double> strengths, IntFunction<String> link) {
    return IntStream.range(0, strengths.size())
        .mapToObj(i -> new ExtraSourceImage(link.apply(i), strengths.get(i))).toList();
  }
}
