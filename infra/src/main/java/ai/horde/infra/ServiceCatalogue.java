package ai.horde.infra;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The services the launcher can start: every module under the repository root whose build output contains
 * a {@code horde-service.properties} (keys {@code name}, {@code main}, {@code heap}), in start order.
 *
 * <p>Known gap: the module list is fixed here; a new service module must be added to {@link #MODULES}.
 */
final class ServiceCatalogue {
  /** Start order: the deciders first, the HTTP front last. */
  private static final List<String> MODULES = List.of("kudos-ledger", "streams-scheduler", "projections", "api-ingress");
  private static final String DESCRIPTOR = "horde-service.properties";

  /** A service, ready to run: its classpath is its classes and its runtime dependencies. */
  record Service(String name, String mainClass, String heap, String classpath) {}

  private ServiceCatalogue() {}

  /**
   * The built services under {@code home}.
   *
   * @param selection comma-separated service names (the value of {@code HORDE_SERVICES}): {@code null} for
   *     all, empty for none
   * @throws IllegalStateException if a service module is not built, or the selection names an unknown service
   */
  static List<Service> read(Path home, String selection) {
    List<Service> services = new ArrayList<>();
    for (String module : MODULES) {
      Path moduleDir = home.resolve(module);
      if (Files.exists(moduleDir.resolve("target/classes").resolve(DESCRIPTOR))) {
        services.add(service(moduleDir));
      } else if (Files.exists(moduleDir.resolve("src/main/resources").resolve(DESCRIPTOR))) {
        throw new IllegalStateException(module + " is not built: run ./horde build");
      }
    }
    if (selection == null) {
      return services;
    }
    Set<String> wanted = Arrays.stream(selection.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> unknown = new LinkedHashSet<>(wanted);
    services.forEach(s -> unknown.remove(s.name()));
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("HORDE_SERVICES names unknown services " + unknown + "; built services: "
          + services.stream().map(Service::name).toList());
    }
    return services.stream().filter(s -> wanted.contains(s.name())).toList();
  }

  private static Service service(Path moduleDir) {
    Path classes = moduleDir.resolve("target/classes");
    Path classpathFile = moduleDir.resolve("target/classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IllegalStateException(classpathFile + " is missing: run ./horde build");
    }
    Properties descriptor = new Properties();
    try (Reader reader = Files.newBufferedReader(classes.resolve(DESCRIPTOR))) {
      descriptor.load(reader);
      return new Service(required(descriptor, "name", moduleDir), required(descriptor, "main", moduleDir),
          required(descriptor, "heap", moduleDir), classes + ":" + Files.readString(classpathFile).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String required(Properties descriptor, String key, Path moduleDir) {
    String value = descriptor.getProperty(key, "").strip();
    if (value.isEmpty()) {
      throw new IllegalStateException(moduleDir.getFileName() + "'s " + DESCRIPTOR + " has no " + key);
    }
    return value;
  }
}
