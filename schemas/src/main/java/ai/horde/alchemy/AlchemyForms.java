package ai.horde.alchemy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The alchemy forms the horde knows and what they are worth (spec §1.3, §4.8; reference
 * horde/classes/stable/interrogation.py, horde/consts.py KNOWN_POST_PROCESSORS): one place for the rules that
 * intake, the scheduler and the read side share.
 *
 * <p>A form is worth 1 kudos to its alchemist, an {@code interrogation} 3, a post-processor 3 per 512×512 tile
 * of the source image. The requester pays that plus a burn of 1, and 1 more when slow workers may serve it.
 */
public final class AlchemyForms {
  /** The forms that describe an image (InterrogationPopInput's enum before the post-processors). */
  public static final List<String> INTERROGATIONS =
      List.of("caption", "interrogation", "nsfw", "vectorize", "palette", "describe", "aesthetic");

  /** The post-processors an alchemist applies to the source image, which it uploads as a new image. */
  public static final List<String> POST_PROCESSORS = List.of("GFPGAN", "RealESRGAN_x4plus", "RealESRGAN_x2plus",
      "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp", "CodeFormers", "strip_background", "4xNomos8kSC",
      "4xLSDIRplus", "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2",
      "2xModernSpanimationV1", "GFPGANv1.3", "RestoreFormer");

  /** Every form name a request or a pop may name. */
  public static final Set<String> ALL = Set.copyOf(concat(INTERROGATIONS, POST_PROCESSORS));

  /** The form an alchemist that names none serves. */
  public static final String DEFAULT_FORM = "caption";

  /** The most tiles a source image may have: more would run an alchemist out of VRAM. */
  public static final int MAX_TILES = 255;

  /** How long an alchemist has for a form before it goes back to the queue. */
  public static final Duration FORM_TTL = Duration.ofMinutes(3);

  /** A form goes back to the queue after each of its first three aborts; the fourth faults it. */
  public static final int ABORTS_TO_FAULT = 4;

  /** An alchemist that takes this many seconds per form on average is slow. */
  public static final double SLOW_SECONDS_PER_FORM = 10;

  /** An alchemist's reward per 10 minutes of uptime, whatever it serves. */
  public static final long UPTIME_REWARD_CENTI = 40_00;

  private AlchemyForms() {}

  public static boolean isPostProcessor(String form) {
    return POST_PROCESSORS.contains(form);
  }

  /** The 512×512 tiles an image of this size covers. */
  public static int tiles(int width, int height) {
    return ((width + 511) / 512) * ((height + 511) / 512);
  }

  /** What a form is worth to the alchemist that delivers it. */
  public static long kudosCenti(String form, int tiles) {
    if ("interrogation".equals(form)) {
      return 3_00;
    }
    return isPostProcessor(form) ? tiles * 3_00L : 1_00;
  }

  /** What the requester pays on top of the form's worth, which is burnt. */
  public static long burnCenti(boolean slowWorkers) {
    return slowWorkers ? 2_00 : 1_00;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
