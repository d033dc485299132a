package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules of {@link BackendArchitectureTest} can fail: each is checked against a planted violation. */
class BackendArchitectureRulesTest {
  private final JavaClasses clean = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
      .importPackages("dev.secretkit.backend.vault");

  @Test
  void theRulesPass_onTheStoresClasses() {
    assertThatCode(() -> BackendArchitectureTest.usesNoSecretKitInternals.check(clean)).doesNotThrowAnyException();
    assertThatCode(() -> BackendArchitectureTest.sendsNoRequestOfItsOwn.check(clean)).doesNotThrowAnyException();
  }

  @Test
  void theRuleOnSecretKitInternals_failsOnBackendCodeThatUsesAnotherStore() {
    JavaClasses planted = new ClassFileImporter().importClasses(PlantedStoreUse.class);

    assertThatThrownBy(() -> BackendArchitectureTest.usesNoSecretKitInternals.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PlantedStoreUse");
  }

  @Test
  void theRuleOnRequests_failsOnCodeThatSendsItsOwn() {
    JavaClasses planted = new ClassFileImporter().importClasses(RawVault.class);

    assertThatThrownBy(() -> BackendArchitectureTest.sendsNoRequestOfItsOwn.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("RawVault");
  }

  @Test
  void theRuleOnPublicClasses_failsOnASecondPublicClass() {
    JavaClasses planted = new ClassFileImporter().importClasses(VaultSecretStoreProvider.class, PublicStranger.class);

    assertThatThrownBy(() -> BackendArchitectureTest.onlyTheProviderIsPublic.check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PublicStranger");
  }

  /** A planted violation: a second public class in the backend's package. */
  public static final class PublicStranger {
    private PublicStranger() {
    }
  }
}
