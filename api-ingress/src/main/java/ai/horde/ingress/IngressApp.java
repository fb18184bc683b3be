package ai.horde.ingress;

import ai.horde.image.ImageModelReference;
import ai.horde.runtime.HordeEnv;
import ai.horde.runtime.ParentWatchdog;
import io.micronaut.context.annotation.Factory;
import io.micronaut.runtime.Micronaut;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Runs the AI Horde REST API (api-ingress) on {@code HORDE_HTTP_PORT} (default 7001).
 *
 * <p>The code is one package per API family ({@code text}, {@code image}, {@code kudos}, {@code accounts},
 * {@code workers}, {@code status}, {@code web}) over shared layers: {@code intake} (what every kind of request,
 * pop and status shares), {@code storage} (images), {@code http} (bodies, errors, headers), {@code kafka}
 * (the clients and the command gateway) and {@code views} (what ingress answers from, and how it reads its
 * writes). See docs/decisions/0008-ingress-packages-and-records.md.
 */
@Factory
public class IngressApp {
  public static void main(String[] args) {
    ParentWatchdog.watch(HordeEnv.system());
    Micronaut.run(IngressApp.class, args);
  }

  /** The image models the horde knows: the bundled reference, and HORDE_IMAGE_MODEL_REFERENCE's file. */
  @Singleton
  ImageModelReference imageModels() {
    return ImageModelReference.load();
  }

  /** The time every decision of ingress is made at; tests replace it. */
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
