package ai.horde.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * The settings every service shares, read from environment variables (or system properties of the same
 * name, which win, for tests). The launcher passes them to the processes it starts.
 *
 * <ul>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS}: the Kafka cluster (default: the embedded broker, localhost:29092)
 *   <li>{@code HORDE_DATA_DIR}: where state lives (default ./data)
 *   <li>{@code HORDE_REPLICATION_FACTOR}: replication of topics this code creates (default 1)
 * </ul>
 */
public final class HordeEnv {
  public static final String BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String DATA_DIR = "HORDE_DATA_DIR";
  public static final String REPLICATION_FACTOR = "HORDE_REPLICATION_FACTOR";
  public static final String PARENT_PID = "HORDE_PARENT_PID";
  public static final String DEFAULT_BOOTSTRAP = "localhost:29092";

  private final Map<String, String> env;

  private HordeEnv(Map<String, String> env) {
    this.env = env;
  }

  public static HordeEnv system() {
    return new HordeEnv(System.getenv());
  }

  public static HordeEnv of(Map<String, String> values) {
    return new HordeEnv(Map.copyOf(values));
  }

  public String get(String name, String fallback) {
    String property = System.getProperty(name);
    if (property != null && !property.isBlank()) {
      return property;
    }
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  public int getInt(String name, int fallback) {
    return Integer.parseInt(get(name, Integer.toString(fallback)));
  }

  public long getLong(String name, long fallback) {
    return Long.parseLong(get(name, Long.toString(fallback)));
  }

  public String bootstrapServers() {
    return get(BOOTSTRAP, DEFAULT_BOOTSTRAP);
  }

  public Path dataDir() {
    return Path.of(get(DATA_DIR, "data")).toAbsolutePath();
  }

  public short replicationFactor() {
    return (short) getInt(REPLICATION_FACTOR, 1);
  }
}
