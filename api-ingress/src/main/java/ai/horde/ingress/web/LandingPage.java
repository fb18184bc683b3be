package ai.horde.ingress.web;

import ai.horde.ingress.views.HordeLoad;

/**
 * The page at {@code /} (the reference greets a visitor with one too): what this horde is, how busy it is now, and
 * where to go next. Pure: the load in, HTML out.
 */
final class LandingPage {
  private static final String STYLE = ".counts { display: flex; flex-wrap: wrap; gap: 0.5em; padding: 0; }\n"
      + ".counts li { list-style: none; flex: 1 1 10em; border: 1px solid #ccc; border-radius: 6px; padding: 0.5em; }\n"
      + ".counts strong { display: block; font-size: 1.8em; }\n"
      + "nav a { display: inline-block; margin: 0.3em 1em 0.3em 0; }\ncode { background: #f4f4f4; }\n";

  private LandingPage() {}

  /**
   * @param load the horde's text load now
   * @param pastMinuteTokens tokens delivered in the last minute
   * @param api the API's address as this visitor reached it
   */
  static String render(HordeLoad.Text load, long pastMinuteTokens, String api, String version) {
    String body = "<h1>AI Horde</h1>\n"
        + "<p>A crowdsourced cluster that generates text for anyone who asks. Volunteers run workers on their own"
        + " machines; the horde hands them requests, and their owners earn <em>kudos</em>, which buy priority in"
        + " the queue when it is busy. Anyone may ask with the anonymous key <code>0000000000</code>.</p>\n"
        + "<ul class=\"counts\">\n"
        + count("workers", load.workers(), "workers online") + count("threads", load.threads(), "threads")
        + count("waiting", load.waitingRequests(), "requests waiting")
        + count("tokens", pastMinuteTokens, "tokens in the last minute") + "</ul>\n"
        + "<nav>\n<a href=\"/register\">Register for an API key</a>\n<a href=\"/api/\">API documentation</a>\n"
        + "<a href=\"/api/v2/status/models?type=text\">Models</a>\n<a href=\"/api/v2/workers?type=text\">Workers</a>\n"
        + "</nav>\n"
        + "<p>Clients (KoboldAI Lite, the AI Horde SDKs, bots) and workers (koboldcpp, the scribe bridge) talk to"
        + " <code id=\"api\">" + Html.escape(api) + "</code>, wire-compatible with the AI Horde API v2.</p>\n"
        + "<p><small>Version " + Html.escape(version) + " · <a href=\"/health\">health</a> ·"
        + " <a href=\"/metrics\">metrics</a></small></p>\n";
    return Html.page("AI Horde", STYLE, body);
  }

  private static String count(String id, long value, String label) {
    return "<li><strong id=\"" + id + "\">" + value + "</strong>" + Html.escape(label) + "</li>\n";
  }
}
