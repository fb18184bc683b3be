package ai.horde.ingress.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This build's version, as written into {@code horde-version.properties} by the build. */
public final class HordeVersion {
  public static final String VERSION = read();

  private HordeVersion() {}

  private static String read() {
    try (InputStream in = HordeVersion.class.getResourceAsStream("/horde-version.properties")) {
      Properties props = new Properties();
      if (in != null) {
        props.load(in);
      }
      return props.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
