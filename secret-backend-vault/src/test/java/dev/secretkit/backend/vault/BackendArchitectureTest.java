package dev.secretkit.backend.vault;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * A backend shows one public provider class and uses SecretKit only through its shared vocabulary, the
 * manifest findings it refuses a secret with, the SPI and its support: never the client, the validator,
 * another store or core's internals. Vault is reached through vault-java-driver only, never a second HTTP
 * stack of the store's own.
 */
@AnalyzeClasses(packages = "dev.secretkit.backend.vault", importOptions = ImportOption.DoNotIncludeTests.class)
class BackendArchitectureTest {

  @ArchTest
  static final ArchRule onlyTheProviderIsPublic = classes()
      .that().resideInAPackage("dev.secretkit.backend.vault").and().arePublic()
      .should().haveSimpleName("VaultSecretStoreProvider");

  @ArchTest
  static final ArchRule usesNoSecretKitInternals = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("dev.secretkit.internal..", "dev.secretkit.store..",
          "dev.secretkit.validation..", "dev.secretkit.client..");

  @ArchTest
  static final ArchRule sendsNoRequestOfItsOwn = noClasses()
      .should().callMethod(HttpRequest.class, "newBuilder")
      .orShould().callMethod(HttpRequest.class, "newBuilder", URI.class)
      .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.http.HttpRequest$Builder");
}
