package ai.horde.ingress.filters;

import ai.horde.events.PromptFilter;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The reference's prompt checker (horde/detection.py {@code PromptChecker}), as pure functions of the
 * moderators' filters: the suspicion of a prompt, the replacement filter and the NSFW-model rewrite.
 *
 * <p>Filter types (the reference's {@code known_ids}): 10 and 11 are one group, 20 the other; a prompt whose
 * positive part matches a filter of each group (suspicion 2) is blocked, on the image path only. Type 10 also
 * matches the listed child emojis and holds the replacements of the replacement filter. Types 12..19 and
 * 21..29 are stored and listed but check nothing, as in the reference.
 *
 * <p>Known gaps: the reference's {@code regex} module and {@code unidecode} are approximated by Java's regex
 * (Python's {@code (?P<name>)} groups are translated) and by stripping combining marks after NFKD; a
 * replacement is taken literally (no group references); a moderator's regex runs without a time limit.
 */
public final class PromptRules {
  private PromptRules() {}

  /** The filter types the checker reads, in its two groups. */
  static final List<List<Integer>> GROUPS = List.of(List.of(10, 11), List.of(20));
  static final List<Integer> KNOWN_TYPES = List.of(10, 11, 20);
  static final int EMOJI_TYPE = 10;
  static final int REPLACEMENT_TYPE = 10;
  /** A suspicion at which an image prompt is blocked (or replaced). */
  public static final int BLOCKING_SUSPICION = 2;
  /** The longest positive prompt the replacement filter rewrites. */
  static final int MAX_REPLACEMENT_CHARS = 7000;
  static final String REPLACEMENT_NEGATIVE = "###child, infant, underage, immature, teenager, tween";
  static final String NSFW_ANIME_MODEL = "Hentai Diffusion";

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
  private static final Pattern WEIGHT = Pattern.compile("\\((.*?):\\d+\\.\\d+\\)", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern SPACED_LETTERS = Pattern.compile("(\\s(\\w)){3,}\\b", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern PUNCTUATION = Pattern.compile("([^\\w\\s]|_)", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern GRAPHEME = Pattern.compile("\\X");
  private static final List<String> CHILD_EMOJIS = List.of("👧", "👧🏻", "👧🏼", "👧🏽", "👧🏾", "👧🏿", "👦", "👦🏻",
      "👦🏼", "👦🏽", "👦🏾", "👦🏿", "👶🏻", "👶", "👶🏼", "👶🏽", "👶🏾", "👶🏿", "👪", "👨‍👩‍👧", "👨‍👩‍👦‍👦", "👨‍👩‍👧‍👦",
      "👨‍👩‍👧‍👧", "👨‍👨‍👧‍👧", "👨‍👨‍👧‍👦", "👨‍👨‍👦‍👦", "👩‍👩‍👧", "👩‍👩‍👦", "👩‍👩‍👧‍👦", "👩‍👩‍👧‍👦", "👨‍👦",
      "👨‍👧", "👨‍👧‍👦", "👨‍👦‍👦", "👨‍👧‍👧", "👩‍👦", "👩‍👧", "👩‍👧‍👦", "👩‍👦‍👦", "👩‍👧‍👧", "🤱", "🤱🏻", "🤱🏼", "🤱🏽",
      "🤱🏾", "🤱🏿", "🧑‍🍼", "🧑🏻‍🍼", "🧑🏼‍🍼", "🧑🏽‍🍼", "🧑🏾‍🍼", "🧑🏿‍🍼", "👨‍🍼", "👨🏻‍🍼", "👨🏼‍🍼", "👨🏽‍🍼",
      "👨🏾‍🍼", "👨🏿‍🍼", "👩‍🍼", "👩🏻‍🍼", "👩🏼‍🍼", "👩🏽‍🍼", "👩🏾‍🍼", "👩🏿‍🍼", "👼", "👼🏻", "👼🏼", "👼🏽", "👼🏾",
      "👼🏿", "🐤", "🐥", "🚼", "🍼", "🚸");
  private static final List<Rewrite> NSFW_MODEL_COMMON = List.of(
      new Rewrite(Pattern.compile("student|\\byoung\\b|lit[tl]?le|\\blil\\b|small?\\b|\\btiny", FLAGS), "adult"));
  private static final List<Rewrite> NSFW_MODEL = concat(NSFW_MODEL_COMMON, List.of(
      new Rewrite(Pattern.compile("girl|nina", FLAGS), "adult woman"),
      new Rewrite(Pattern.compile("\\bboys?\\b|\\bsons?\\b", FLAGS), "adult man")));
  private static final List<Rewrite> NSFW_ANIME = concat(NSFW_MODEL_COMMON, List.of(
      new Rewrite(Pattern.compile("(?<!1)girl|nina", FLAGS), "adult woman"),
      new Rewrite(Pattern.compile("\\b(?<!1)boys?\\b|\\bsons?\\b", FLAGS), "adult man")));

  /** One regex and what its matches become. */
  record Rewrite(Pattern regex, String replacement) {
    String apply(String text) {
      return regex.matcher(text).replaceAll(Matcher.quoteReplacement(replacement));
    }
  }

  /**
   * The filters as the checker uses them.
   *
   * @param regex filter type → its filters' regexes joined with {@code |} (a type with none is absent)
   * @param compiled filter type → that joined regex, compiled ignoring case
   * @param replacements the type-10 filters' replacements, in id order
   */
  public record Compiled(Map<Integer, String> regex, Map<Integer, Pattern> compiled, List<Rewrite> replacements) {
    public static final Compiled NONE = of(List.of());

    /** Compiles the filters; a regex that does not compile is left out (the reference drops the whole type). */
    public static Compiled of(Collection<PromptFilter> filters) {
      List<PromptFilter> ordered = filters.stream().sorted(Comparator.comparingLong(PromptFilter::getId)).toList();
      Map<Integer, String> regex = new LinkedHashMap<>();
      Map<Integer, Pattern> compiled = new LinkedHashMap<>();
      for (int type : KNOWN_TYPES) {
        List<String> valid = ordered.stream().filter(f -> f.getFilterType() == type).map(PromptFilter::getRegex)
            .filter(r -> compile(r) != null).toList();
        if (!valid.isEmpty()) {
          String joined = String.join("|", valid);
          regex.put(type, joined);
          compiled.put(type, compile(joined));
        }
      }
      List<Rewrite> replacements = new ArrayList<>();
      for (PromptFilter filter : ordered) {
        Pattern pattern = filter.getFilterType() == REPLACEMENT_TYPE ? compile(filter.getRegex()) : null;
        if (pattern != null) {
          replacements.add(new Rewrite(pattern, filter.getReplacement()));
        }
      }
      return new Compiled(Map.copyOf(regex), Map.copyOf(compiled), List.copyOf(replacements));
    }
  }

  /** How suspicious a prompt is (one per group matched; 2 blocks) and what matched, in order. */
  public record Check(int suspicion, List<String> matches) {
    public boolean blocking() {
      return suspicion >= BLOCKING_SUSPICION;
    }
  }

  /**
   * The reference's {@code prompt_checker(prompt, _id)}: the positive part of the prompt, normalised, against
   * each group; one match in a group counts once.
   *
   * @param onlyType check only this filter type, or null for all
   */
  public static Check check(Compiled filters, String prompt, Integer onlyType) {
    String positive = positive(prompt);
    String normalised = normalise(positive);
    int suspicion = 0;
    List<String> matches = new ArrayList<>();
    for (List<Integer> group : GROUPS) {
      for (int type : group) {
        if (onlyType != null && onlyType != 0 && onlyType != type) {
          continue;
        }
        if (type == EMOJI_TYPE && matchEmojis(positive, matches)) {
          suspicion++;
          break;
        }
        Pattern pattern = filters.compiled().get(type);
        Matcher match = pattern == null ? null : pattern.matcher(normalised);
        if (match != null && match.find()) {
          suspicion++;
          matches.add(match.group());
          break;
        }
      }
    }
    return new Check(suspicion, List.copyOf(matches));
  }

  /** Whether the positive part is short enough for the replacement filter. */
  public static boolean replaceable(String prompt) {
    return positive(prompt).length() <= MAX_REPLACEMENT_CHARS;
  }

  /**
   * The replacement filter ({@code apply_replacement_filter}): the positive part normalised and rewritten by
   * the type-10 replacements, and steering words added to the negative part; null when nothing is left.
   */
  public static String replace(Compiled filters, String prompt) {
    int split = prompt.indexOf("###");
    String negative = split < 0 ? "" : ", " + prompt.substring(split + 3);
    String rewritten = normalise(positive(prompt));
    for (Rewrite rewrite : filters.replacements()) {
      rewritten = rewrite.apply(rewritten);
    }
    return rewritten.isBlank() ? null : rewritten + REPLACEMENT_NEGATIVE + negative;
  }

  /**
   * Whether NSFW models meet a prompt that needs rewriting ({@code check_nsfw_model_block}).
   *
   * @param nsfwModels whether any of the requested models is NSFW in the model reference
   */
  public static boolean nsfwModelBlock(Compiled filters, String prompt, List<String> models, boolean nsfwModels) {
    if (!nsfwModels) {
      return false;
    }
    String normalised = normalise(positive(prompt));
    for (Rewrite rewrite : nsfwRewrites(models)) {
      if (rewrite.regex().matcher(normalised).find()) {
        return true;
      }
    }
    return check(filters, normalised, EMOJI_TYPE).suspicion() > 0;
  }

  /**
   * The rewrite of NSFW-model and flagged users' prompts ({@code nsfw_model_prompt_replace}): the replacement
   * filter (unless it already ran), then adult words for young ones; null when nothing is left.
   */
  public static String nsfwModelReplace(Compiled filters, String prompt, List<String> models,
      boolean alreadyReplaced) {
    String replaced = alreadyReplaced ? prompt : replace(filters, prompt);
    if (replaced == null) {
      return null;
    }
    int split = replaced.indexOf("###");
    String negative = split < 0 ? "" : replaced.substring(split);
    String rewritten = positive(replaced);
    for (Rewrite rewrite : nsfwRewrites(models)) {
      rewritten = rewrite.apply(rewritten);
    }
    return rewritten.isBlank() ? null : rewritten + negative;
  }

  /** The reference's {@code normalize_prompt}: weights, punctuation, spaced-out letters and accents removed. */
  static String normalise(String prompt) {
    String text = WEIGHT.matcher(prompt).replaceAll("$1");
    text = PUNCTUATION.matcher(text).replaceAll(" ");
    Matcher spaced = SPACED_LETTERS.matcher(text);
    List<String> runs = new ArrayList<>();
    while (spaced.find()) {
      runs.add(spaced.group().strip());
    }
    for (String run : runs) {
      text = text.replace(run, WHITESPACE.matcher(run).replaceAll(""));
    }
    text = WHITESPACE.matcher(text).replaceAll(" ");
    return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
  }

  /** The prompt before its {@code ###} negative part. */
  static String positive(String prompt) {
    int split = prompt.indexOf("###");
    return split < 0 ? prompt : prompt.substring(0, split);
  }

  /** Adds the listed child emojis the prompt holds (whole emojis, as the reference's emoji_list). */
  private static boolean matchEmojis(String prompt, List<String> matches) {
    Set<String> graphemes = new HashSet<>();
    Matcher grapheme = GRAPHEME.matcher(prompt);
    while (grapheme.find()) {
      graphemes.add(grapheme.group());
    }
    boolean found = false;
    for (String emoji : CHILD_EMOJIS) {
      if (graphemes.contains(emoji)) {
        matches.add(emoji);
        found = true;
      }
    }
    return found;
  }

  private static List<Rewrite> nsfwRewrites(List<String> models) {
    return models.size() == 1 && models.contains(NSFW_ANIME_MODEL) ? NSFW_ANIME : NSFW_MODEL;
  }

  /** A moderator's regex compiled as the reference's (Python named groups translated), or null if invalid. */
  static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>"), FLAGS);
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
