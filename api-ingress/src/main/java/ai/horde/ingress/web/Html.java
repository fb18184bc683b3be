package ai.horde.ingress.web;

import io.micronaut.core.annotation.Nullable;

/**
 * The horde's HTML pages: one frame (readable on a phone, no scripts, no external resources) and escaping. Every
 * string that came from a user, a provider or the horde's state is escaped.
 */
final class Html {
  private static final String STYLE = "body { max-width: 80ex; margin: 0 auto; padding: 1em; font-family: sans-serif;"
      + " color: #333; line-height: 1.4; }\n";

  private Html() {}

  /** A whole page: the frame around {@code body}, with the page's own {@code style} rules. */
  static String page(String title, String style, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + style + "</style>\n</head>\n<body>\n"
        + body + "</body>\n</html>\n";
  }

  /** Text as HTML text or attribute value. */
  static String escape(@Nullable String text) {
    if (text == null) {
      return "";
    }
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
