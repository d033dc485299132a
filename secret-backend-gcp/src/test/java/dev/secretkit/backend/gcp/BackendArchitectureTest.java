package dev.secretkit.backend.gcp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * A backend shows one public provider class and uses SecretKit only through its shared vocabulary, the SPI and its
 * support: never the client, the validator, another store or core's internals. Secret Manager is reached through
 * Google's client only, never a gRPC stub or channel call of the store's own.
 */
@AnalyzeClasses(packages = "dev.secretkit.backend.gcp", importOptions = ImportOption.DoNotIncludeTests.class)
class BackendArchitectureTest {

  @ArchTest
  static final ArchRule onlyTheProviderIsPublic = classes()
      .that().resideInAPackage("dev.secretkit.backend.gcp").and().arePublic()
      .should().haveSimpleName("GcpSecretManagerStoreProvider");

  @ArchTest
  static final ArchRule usesNoSecretKitInternals = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("dev.secretkit.internal..", "dev.secretkit.store..",
          "dev.secretkit.validation..", "dev.secretkit.client..");

  @ArchTest
  static final ArchRule callsNoStubOfItsOwn = noClasses()
      .should().dependOnClassesThat().haveFullyQualifiedName("io.grpc.stub.ClientCalls")
      .orShould().dependOnClassesThat().haveFullyQualifiedName("io.grpc.ClientCall")
      .orShould().dependOnClassesThat().haveSimpleNameStartingWith("SecretManagerServiceGrpc");
}
