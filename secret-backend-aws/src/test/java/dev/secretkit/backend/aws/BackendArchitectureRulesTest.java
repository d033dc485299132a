package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The rules of {@link BackendArchitectureTest} can fail: each is checked against a planted violation. */
class BackendArchitectureRulesTest {

  @Test
  void theRuleOnSecretKitInternals_failsOnBackendCodeThatUsesAnotherStore() {
    JavaClasses planted = new ClassFileImporter().importClasses(PlantedStoreUse.class);
    JavaClasses clean = new ClassFileImporter().importClasses(AwsSecretsManagerStoreProvider.class);

    assertThatThrownBy(() -> BackendArchitectureTest.usesNoSecretKitInternals.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PlantedStoreUse");
    assertThatCode(() -> BackendArchitectureTest.usesNoSecretKitInternals.check(clean)).doesNotThrowAnyException();
  }

  @Test
  void theRuleOnPublicClasses_failsOnASecondPublicClass() {
    JavaClasses planted = new ClassFileImporter().importClasses(AwsSecretsManagerStoreProvider.class,
        PublicStranger.class);

    assertThatThrownBy(() -> BackendArchitectureTest.onlyTheProviderIsPublic.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PublicStranger");
  }

  /** A planted violation: a second public class in the backend's package. */
  public static final class PublicStranger {
    private PublicStranger() {
    }
  }
}
