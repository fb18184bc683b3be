package ai.horde.projections;

import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.ParentWatchdog;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/**
 * The projections service: a Micronaut context without an HTTP server whose only job is the
 * {@link Projector}. The projector's (non-daemon) thread keeps the JVM alive after {@code main} returns.
 *
 * <p>Micronaut registers its shutdown hook only for an embedded server or application; this context has
 * neither, so the hook below is the only one that closes it (the deadlock between two closing hooks in
 * infra-notes cannot happen), and closing it stops the projector.
 */
public final class ProjectionsApp {
  private ProjectionsApp() {}

  public static void main(String[] args) {
    ParentWatchdog.watch(HordeEnv.system());
    ApplicationContext context = Micronaut.run(ProjectionsApp.class, args);
    Runtime.getRuntime().addShutdownHook(new Thread(context::close, "projections-shutdown"));
  }
}
