package ai.horde.ingress;

import static ai.horde.ingress.JsonShape.arrayOf;
import static ai.horde.ingress.JsonShape.bool;
import static ai.horde.ingress.JsonShape.integer;
import static ai.horde.ingress.JsonShape.number;
import static ai.horde.ingress.JsonShape.object;
import static ai.horde.ingress.JsonShape.oneOf;
import static ai.horde.ingress.JsonShape.string;

import ai.horde.ingress.JsonShape.ObjectShape;

/**
 * The bodies of the text endpoints, with the reference's limits (spec §1.1): {@code GenerationInputKobold},
 * {@code PopInputKobold} and {@code SubmitInputKobold}.
 */
final class TextShapes {
  private TextShapes() {}

  static final ObjectShape PARAMS = object()
      .field("n", integer(1, 20))
      .field("frmtadsnsp", bool())
      .field("frmtrmblln", bool())
      .field("frmtrmspch", bool())
      .field("frmttriminc", bool())
      .field("max_context_length", integer(80, 1_048_576))
      .field("max_length", integer(16, 4096))
      .field("rep_pen", number(1, 3))
      .field("rep_pen_range", integer(0, 4096))
      .field("rep_pen_slope", number(0, 10))
      .field("singleline", bool())
      .field("temperature", number(0, 5))
      .field("tfs", number(0, 1))
      .field("top_a", number(0, 1))
      .field("top_k", integer(0, 200))
      .field("top_p", number(0.001, 1))
      .field("typical", number(0, 1))
      .field("sampler_order", arrayOf(integer()))
      .field("use_default_badwordsids", bool())
      .field("stop_sequence", arrayOf(string()))
      .field("min_p", number(0, 1))
      .field("smoothing_factor", number(0, 10))
      .field("dynatemp_range", number(0, 5))
      .field("dynatemp_exponent", number(0, 5));

  static final ObjectShape ASYNC = object()
      .field("prompt", string())
      .field("params", PARAMS)
      .field("softprompt", string(1, -1))
      .field("trusted_workers", bool())
      .field("validated_backends", bool())
      .field("slow_workers", bool())
      .field("extra_slow_workers", bool())
      .field("workers", arrayOf(string()))
      .field("worker_blacklist", bool())
      .field("models", arrayOf(string()))
      .field("dry_run", bool())
      .field("proxied_account", string())
      .field("extra_source_images", arrayOf(object().field("image", string()).field("strength", number())))
      .field("disable_batching", bool())
      .field("allow_downgrade", bool())
      .field("webhook", string())
      .field("style", string(3, 1024));

  static final ObjectShape POP = object()
      .field("name", string())
      .field("priority_usernames", arrayOf(string()))
      .field("nsfw", bool())
      .field("models", arrayOf(string(3, 255)))
      .field("bridge_agent", string(-1, 1000))
      .field("threads", integer(1, 50))
      .field("require_upfront_kudos", bool())
      .field("amount", integer(1, 20))
      .field("extra_slow_worker", bool())
      .field("max_length", integer())
      .field("max_context_length", integer())
      .field("softprompts", arrayOf(string()));

  static final ObjectShape SUBMIT = object()
      .requiredField("id", string())
      .field("generation", string())
      .field("state", oneOf("ok", "censored", "faulted", "csam"))
      .field("seed", integer())
      .field("gen_metadata", arrayOf(object()
          .requiredField("type", oneOf("censorship"))
          .requiredField("value", oneOf("csam"))
          .field("ref", string(-1, 255))));
}
