package ai.horde.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load from {@code wrk} (Debian package {@code wrk}), the HTTP load generator: {@code connections} connections
 * on 2 threads for a fixed time. The text intake's POSTs come from {@code text-async.lua} beside this class,
 * which counts the 202s.
 *
 * <p>Known gap: wrk runs on the horde's cores.
 */
final class Wrk {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern ACCEPTED = Pattern.compile("accepted (\\d+) refused (\\d+)");
  private static final Pattern LATENCY = Pattern.compile("Latency\\s+(\\S+)");

  private Wrk() {}

  /** One run: requests per second, the 202s (for the intake script), the mean latency as wrk prints it. */
  record Run(double perSecond, long accepted, long refused, String meanLatency, String output) {}

  static boolean installed() {
    try {
      return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return false;
    }
  }

  /** GETs of {@code url}. */
  static Run get(String url, int connections, int seconds) throws Exception {
    return run(new ArrayList<>(List.of(url)), connections, seconds);
  }

  /** Text requests through {@code text-async.lua}, each with one of {@code apiKeys} and one of the models. */
  static Run textAsync(String url, int connections, int seconds, List<String> apiKeys, int models) throws Exception {
    Path script = Files.createTempFile("horde-bench", ".lua");
    try (InputStream lua = Wrk.class.getResourceAsStream("text-async.lua")) {
      Files.write(script, lua.readAllBytes());
    }
    try {
      List<String> args = new ArrayList<>(List.of("-s", script.toString(), url, "--", Integer.toString(models)));
      args.addAll(apiKeys);
      return run(args, connections, seconds);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static Run run(List<String> args, int connections, int seconds) throws Exception {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
        "--timeout", "30s"));
    command.addAll(args);
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
      wrk.destroyForcibly();
      throw new IllegalStateException("wrk failed: " + out);
    }
    Matcher rate = RATE.matcher(out);
    if (!rate.find()) {
      throw new IllegalStateException("wrk printed no rate: " + out);
    }
    Matcher accepted = ACCEPTED.matcher(out);
    boolean counted = accepted.find();
    Matcher latency = LATENCY.matcher(out);
    return new Run(Double.parseDouble(rate.group(1)), counted ? Long.parseLong(accepted.group(1)) : -1,
        counted ? Long.parseLong(accepted.group(2)) : -1, latency.find() ? latency.group(1) : "?", out);
  }
}
