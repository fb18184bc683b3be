package ai.horde.ingress.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profanity check of names and texts that the reference makes with {@code horde.utils.is_profane}: the
 * SafeText library's English word list ({@code safetext} 0.0.8, MIT licence, by DeepSafe:
 * https://github.com/safevideo/safetext, commit fcb242e; the list and its licence are the resources
 * {@code profanity/safetext-en-words.txt} and {@code profanity/safetext-LICENSE.txt}), matched as its
 * {@code ProfanityChecker} matches: the text lower-cased and cut into words ({@code \w+}, Unicode); a list
 * entry without a space is profane when it equals one of the words; an entry with a space (a phrase) is profane
 * wherever it occurs in the lower-cased text. Character substitutions ("5h1t", "b00bs", "a55") are caught
 * because the list spells them out; a word is never matched inside a longer one ("classic", "Scunthorpe"). Pure.
 *
 * <p>Known gap: the reference also asks {@code alt-profanity-check}, a scikit-learn model trained on insults,
 * and refuses what either flags; that model is not reproduced here, so a few insults that no list entry spells
 * pass here and fail there.
 */
public final class Profanity {
  private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Profanity ENGLISH = load("/profanity/safetext-en-words.txt");

  private final Set<String> words;
  private final List<String> phrases;

  Profanity(List<String> entries) {
    Set<String> single = new HashSet<>();
    List<String> multi = new ArrayList<>();
    for (String entry : entries) {
      if (entry.contains(" ")) {
        multi.add(entry);
      } else if (!entry.isEmpty()) {
        single.add(entry);
      }
    }
    this.words = Set.copyOf(single);
    this.phrases = List.copyOf(multi);
  }

  /** Whether the reference would call this text profane (as far as its word list goes). Null is clean. */
  public static boolean isProfane(String text) {
    return text != null && ENGLISH.matches(text);
  }

  /**
   * A 400 with the reference's message ({@code exceptions.Profanity}) when {@code text} is profane.
   *
   * @param textType what the text is, as the message names it ("worker name", "team info")
   * @param rc the reference's rc for it ({@code ProfaneWorkerName} …)
   */
  public static void refuse(String text, String textType, String rc) {
    if (isProfane(text)) {
      throw ApiError.badRequest(rc,
          "As our API is public, we do not allow profanity in the " + textType + ", please try again.");
    }
  }

  boolean matches(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    Matcher word = WORD.matcher(lower);
    while (word.find()) {
      if (words.contains(word.group())) {
        return true;
      }
    }
    for (String phrase : phrases) {
      if (lower.contains(phrase)) {
        return true;
      }
    }
    return false;
  }

  private static Profanity load(String resource) {
    try (InputStream in = Profanity.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new Profanity(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
