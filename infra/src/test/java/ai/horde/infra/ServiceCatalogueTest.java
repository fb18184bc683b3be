package ai.horde.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.infra.ServiceCatalogue.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCatalogueTest {
  @TempDir Path home;

  @Test
  void readsTheBuiltServicesInStartOrder() throws Exception {
    // Given two built services, listed in the opposite order of the module list
    built("api-ingress", "ingress", "ai.horde.ingress.Main", "/jars/a.jar:/jars/b.jar");
    built("kudos-ledger", "ledger", "ai.horde.ledger.LedgerService", "/jars/c.jar");

    // When / Then
    assertThat(ServiceCatalogue.read(home, null)).containsExactly(
        new Service("ledger", "ai.horde.ledger.LedgerService", "256m",
            home.resolve("kudos-ledger/target/classes") + ":/jars/c.jar"),
        new Service("ingress", "ai.horde.ingress.Main", "256m",
            home.resolve("api-ingress/target/classes") + ":/jars/a.jar:/jars/b.jar"));
  }

  @Test
  void startsOnlyTheSelectedServices() throws Exception {
    // Given
    built("api-ingress", "ingress", "ai.horde.ingress.Main", "/jars/a.jar");
    built("kudos-ledger", "ledger", "ai.horde.ledger.LedgerService", "/jars/c.jar");

    // When / Then
    assertThat(ServiceCatalogue.read(home, "ingress").stream().map(Service::name)).containsExactly("ingress");
    assertThat(ServiceCatalogue.read(home, "")).isEmpty();
    assertThatThrownBy(() -> ServiceCatalogue.read(home, "ledger,scheduler"))
        .hasMessage("HORDE_SERVICES names unknown services [scheduler]; built services: [ledger, ingress]");
  }

  @Test
  void refusesAServiceThatIsNotBuilt() throws Exception {
    // Given a service module with sources but no build output
    Path resources = Files.createDirectories(home.resolve("projections/src/main/resources"));
    Files.writeString(resources.resolve("horde-service.properties"), "name=projections\n");

    // When / Then
    assertThatThrownBy(() -> ServiceCatalogue.read(home, null))
        .hasMessage("projections is not built: run ./horde build");
  }

  private void built(String module, String name, String main, String classpath) throws Exception {
    Path classes = Files.createDirectories(home.resolve(module).resolve("target/classes"));
    Files.writeString(classes.resolve("horde-service.properties"), "name=" + name + "\nmain=" + main + "\nheap=256m\n");
    Files.writeString(home.resolve(module).resolve("target/classpath.txt"), classpath);
  }
}
