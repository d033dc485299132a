package dev.secretkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.secretkit.client.SecretClient;
import dev.secretkit.internal.ManifestPaths;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.support.Suggestions;
import org.junit.jupiter.api.Test;

/** The rules of {@link ArchitectureTest} can fail: each is checked against a planted violation. */
class ArchitectureRulesTest {

  @Test
  void theCycleRule_failsOnASupportHelperThatReachesUpIntoTheClient() throws ClassNotFoundException {
    Class<?> client = Class.forName("dev.secretkit.client.DefaultSecretClient");
    JavaClasses planted = new ClassFileImporter().importClasses(
        Class.forName("dev.secretkit.spi.support.PlantedClientUse"), client, SecretClient.class, Suggestions.class);
    JavaClasses clean = new ClassFileImporter().importClasses(client, SecretClient.class, Suggestions.class);

    assertThatThrownBy(() -> ArchitectureTest.packagesFormADag.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected")
        .hasMessageContaining("PlantedClientUse");
    assertThatCode(() -> ArchitectureTest.packagesFormADag.check(clean)).doesNotThrowAnyException();
  }

  @Test
  void theLayerRule_failsOnAnSpiClassThatReachesIntoInternal() throws ClassNotFoundException {
    JavaClasses planted = new ClassFileImporter().importClasses(
        Class.forName("dev.secretkit.spi.PlantedInternalUse"), ManifestPaths.class, SecretStore.class);
    JavaClasses clean = new ClassFileImporter().importClasses(SecretStore.class, ManifestPaths.class);

    assertThatThrownBy(() -> ArchitectureTest.layersUseOnlyTheLayersBelow.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PlantedInternalUse")
        .hasMessageContaining("dev.secretkit.internal.ManifestPaths");
    assertThatCode(() -> ArchitectureTest.layersUseOnlyTheLayersBelow.check(clean)).doesNotThrowAnyException();
  }

  @Test
  void theLayerRule_failsOnTheSpiReachingUpIntoTheClient() throws ClassNotFoundException {
    JavaClasses planted = new ClassFileImporter().importClasses(
        Class.forName("dev.secretkit.spi.support.PlantedClientUse"), SecretClient.class);

    assertThatThrownBy(() -> ArchitectureTest.layersUseOnlyTheLayersBelow.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PlantedClientUse")
        .hasMessageContaining("dev.secretkit.client.SecretClient");
  }

  @Test
  void theLayerRule_failsOnAPackageThatNoLayerNames() throws ClassNotFoundException {
    JavaClasses planted = new ClassFileImporter().importClasses(
        Class.forName("dev.secretkit.spi.detour.PlantedDetour"), ManifestPaths.class, SecretStore.class);

    assertThatThrownBy(() -> ArchitectureTest.layersUseOnlyTheLayersBelow.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("dev.secretkit.spi.detour.PlantedDetour");
  }
}
