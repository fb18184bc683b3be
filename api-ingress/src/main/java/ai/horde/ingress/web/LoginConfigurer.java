package ai.horde.ingress.web;

import ai.horde.runtime.HordeEnv;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;

/**
 * Turns the {@code HORDE_OAUTH_*} environment into Micronaut Security's configuration before the context
 * starts (see {@link LoginProviders}). Public only because it is loaded as a service.
 */
@ContextConfigurer
public final class LoginConfigurer implements ApplicationContextConfigurer {
  @Override
  public void configure(ApplicationContextBuilder builder) {
    builder.propertySources(PropertySource.of("horde-login", LoginProviders.properties(HordeEnv.system())));
  }
}
