package dev.secretkit.backend.aws;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * A backend shows one public provider class and uses SecretKit only through its shared vocabulary,
 * the manifest findings it refuses a secret with, the SPI and its support: never the client, the
 * validator, another store or core's internals.
 */
@AnalyzeClasses(packages = "dev.secretkit.backend.aws", importOptions = ImportOption.DoNotIncludeTests.class)
class BackendArchitectureTest {

  @ArchTest
  static final ArchRule onlyTheProviderIsPublic = classes()
      .that().resideInAPackage("dev.secretkit.backend.aws").and().arePublic()
      .should().haveSimpleName("AwsSecretsManagerStoreProvider");

  @ArchTest
  static final ArchRule usesNoSecretKitInternals = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("dev.secretkit.internal..", "dev.secretkit.store..",
          "dev.secretkit.validation..", "dev.secretkit.client..");
}
