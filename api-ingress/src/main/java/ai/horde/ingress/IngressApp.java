package ai.horde.ingress;

import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.ParentWatchdog;
import io.micronaut.runtime.Micronaut;

/** Runs the AI Horde REST API (api-ingress) on {@code HORDE_HTTP_PORT} (default 7001). */
public final class IngressApp {
  private IngressApp() {}

  public static void main(String[] args) {
    ParentWatchdog.watch(HordeEnv.system());
    Micronaut.run(IngressApp.class, args);
  }
}
