package ai.horde.ingress;

import static ai.horde.ingress.JsonShape.integer;
import static ai.horde.ingress.JsonShape.object;
import static ai.horde.ingress.JsonShape.string;

import ai.horde.events.SharedKeySettings;
import ai.horde.events.SharedKeyState;
import ai.horde.events.SharedKeyUsage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What ingress decides about shared keys (spec §1.8, §3.15), as pure functions: the shape of their settings,
 * their details, whether one may be used now, and what it allows a text request.
 *
 * <p>A shared key is a UUID that is a credential: ingress hands it out once and keeps only its hash
 * ({@link ApiKeys#hash}). What it may still spend is the owner's ledger account's
 * ({@code AccountBalance.shared_keys}); a key the ledger holds nothing for yet counts as unlimited.
 */
final class SharedKeyIntake {
  private SharedKeyIntake() {}

  /** -1 kudos (unlimited) as the registry's centi-kudos. */
  static final long UNLIMITED_CENTI = -100;
  /** The priority a downgraded shared-key request runs at (spec R3.15.4), centi-kudos. */
  static final long DOWNGRADED_PRIORITY_CENTI = -50_00;
  /**
   * The reference parses these with a request parser and checks nothing but the types; here the ranges its
   * documentation gives are enforced (a key's kudos are kept by the ledger, which must never overflow), the
   * per-job limits only as ints.
   */
  static final JsonShape BODY = object().field("kudos", integer(-1, 50_000_000)).field("expiry", integer(-1, 36_500))
      .field("name", string(-1, 255)).field("max_image_pixels", integer(-1, Integer.MAX_VALUE))
      .field("max_image_steps", integer(-1, Integer.MAX_VALUE)).field("max_text_tokens", integer(-1, Integer.MAX_VALUE));
  private static final DateTimeFormatter RFC_822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '-0000'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Whether a key may be used now (spec R3.15.2). */
  enum Validity { VALID, EXPIRED, EMPTY }

  /** The key a client sent, as the UUID it must be (lower case, hyphenated); empty when it is none. */
  static Optional<String> keyId(String key) {
    if (key == null || key.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(key).toString());
    } catch (IllegalArgumentException notUuid) {
      return Optional.empty();
    }
  }

  /** S1: the settings of a new key, the reference's defaults for what is not given. */
  static SharedKeySettings created(JsonNode json) {
    return new SharedKeySettings(Bodies.text(json, "name", null),
        kudosCenti(Bodies.missing(json, "kudos") ? 5000 : json.get("kudos").asLong()),
        Bodies.integer(json, "expiry", -1), Bodies.integer(json, "max_image_pixels", -1),
        Bodies.integer(json, "max_image_steps", -1), Bodies.integer(json, "max_text_tokens", -1));
  }

  /** S3: only what is given; nothing → 400 {@code NoSharedKeyModSelected}. */
  static SharedKeySettings changed(JsonNode json) {
    SharedKeySettings settings = new SharedKeySettings(Bodies.text(json, "name", null),
        Bodies.missing(json, "kudos") ? null : kudosCenti(json.get("kudos").asLong()),
        optionalInt(json, "expiry"), optionalInt(json, "max_image_pixels"), optionalInt(json, "max_image_steps"),
        optionalInt(json, "max_text_tokens"));
    if (settings.getName() == null && settings.getKudosCenti() == null && settings.getExpiryDays() == null
        && settings.getMaxImagePixels() == null && settings.getMaxImageSteps() == null
        && settings.getMaxTextTokens() == null) {
      throw HordeError.badRequest("NoSharedKeyModSelected", "No shared key modification selected!");
    }
    return settings;
  }

  private static long kudosCenti(long kudos) {
    return kudos == -1 ? UNLIMITED_CENTI : kudos * 100;
  }

  private static Integer optionalInt(JsonNode json, String field) {
    return Bodies.missing(json, field) ? null : json.get(field).asInt();
  }

  /** What the key may still spend, centi-kudos; null when unlimited (or not yet known to the ledger). */
  static Long remainingCenti(SharedKeyUsage usage) {
    return usage == null ? null : usage.getRemainingCenti();
  }

  static Validity validity(SharedKeyState key, SharedKeyUsage usage, Instant now) {
    if (key.getExpiresAt() != null && !key.getExpiresAt().isAfter(now)) {
      return Validity.EXPIRED;
    }
    Long remaining = remainingCenti(usage);
    return remaining != null && remaining <= 0 ? Validity.EMPTY : Validity.VALID;
  }

  static HordeError expired() {
    return new HordeError(403, "SharedKeyExpired", "This shared key has expired");
  }

  static HordeError empty() {
    return new HordeError(403, "SharedKeyEmpty", "This shared key has run out of kudos.");
  }

  /** R3.15.4: whether a limited key has less left than the request requires. */
  static boolean insufficient(SharedKeyUsage usage, long requiredCenti) {
    Long remaining = remainingCenti(usage);
    return remaining != null && requiredCenti > remaining;
  }

  /** The refusal of R3.15.4, in the reference's words (sic). */
  static HordeError insufficientKudos(SharedKeyUsage usage, String requiredKudos) {
    return new HordeError(403, "SharedKeyInsufficientKudos", "This shared key does not have enough remaining kudos ("
        + remainingCenti(usage) / 100 + ") to fulfill this reques (" + requiredKudos + ").");
  }

  /** R3.15.5: a key's per-job token limit caps {@code max_length}. */
  static void checkTokens(SharedKeyState key, int maxLength) {
    int limit = key.getMaxTextTokens();
    if (limit != -1 && maxLength > limit) {
      throw HordeError.badRequest("BadRequest", "This shared key is limited to " + limit
          + " tokens per job. You requested " + maxLength + " tokens.");
    }
  }

  /** {@code SharedKeyDetails}: {@code kudos} is what is left (-1 unlimited), {@code utilized} what was spent. */
  static ObjectNode details(String keyId, SharedKeyState key, String ownerAlias, SharedKeyUsage usage) {
    Long remaining = remainingCenti(usage);
    ObjectNode body = Responses.JSON.createObjectNode()
        .put("id", keyId)
        .put("username", ownerAlias);
    if (key.getName() != null) {
      body.put("name", key.getName());
    } else {
      body.putNull("name");
    }
    body.put("kudos", remaining == null ? -1 : remaining / 100);
    if (key.getExpiresAt() == null) {
      body.putNull("expiry");
    } else {
      body.put("expiry", rfc822(key.getExpiresAt()));
    }
    return body.put("utilized", usage == null ? 0 : usage.getUtilizedCenti() / 100)
        .put("max_image_pixels", key.getMaxImagePixels())
        .put("max_image_steps", key.getMaxImageSteps())
        .put("max_text_tokens", key.getMaxTextTokens());
  }

  /** flask-restx's {@code rfc822} date-time: {@code Tue, 01 Jan 2030 00:00:00 -0000}. */
  static String rfc822(Instant instant) {
    return RFC_822.format(instant);
  }
}
