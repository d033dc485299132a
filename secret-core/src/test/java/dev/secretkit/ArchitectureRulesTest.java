package dev.secretkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.secretkit.internal.ManifestPaths;
import org.junit.jupiter.api.Test;

/** The rules of {@link ArchitectureTest} can fail: each is checked against a planted violation. */
class ArchitectureRulesTest {

  @Test
  void theRuleOnInternal_failsOnAnSpiClassThatReachesIntoInternal() throws ClassNotFoundException {
    JavaClasses planted = new ClassFileImporter().importClasses(
        Class.forName("dev.secretkit.spi.PlantedInternalUse"), ManifestPaths.class);
    JavaClasses clean = new ClassFileImporter().importClasses(dev.secretkit.spi.SecretStore.class, ManifestPaths.class);

    assertThatThrownBy(() -> ArchitectureTest.theSpiAndAccessRulesDoNotReachInternal.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PlantedInternalUse")
        .hasMessageContaining("dev.secretkit.internal.ManifestPaths");
    assertThatCode(() -> ArchitectureTest.theSpiAndAccessRulesDoNotReachInternal.check(clean))
        .doesNotThrowAnyException();
  }
}
