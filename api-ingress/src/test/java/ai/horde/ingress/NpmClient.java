package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The npm client {@code @zeldafan0225/ai_horde}, installed from the npm registry as a user installs it, and
 * scripts run with Node against it (Node and npm are installed by {@code .ci/run}).
 */
final class NpmClient {
  static final String PACKAGE = "@zeldafan0225/ai_horde@5.2.0";

  private NpmClient() {}

  /** A directory with the client installed. */
  static Path install(Path directory) throws Exception {
    Files.createDirectories(directory);
    run(directory, List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", PACKAGE), Map.of());
    return directory;
  }

  /** What a script printed, once it exited 0. */
  static String run(Path directory, Path script, Map<String, String> env) throws Exception {
    return run(directory, List.of("node", script.toString()), env);
  }

  private static String run(Path directory, List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(printed).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + printed).isZero();
    return printed.strip().lines().reduce((first, last) -> last).orElse("");
  }
}
